// herald-redis-throughput: publications per second through RedisBackplane
// against a private redis-server, pipelined (every publication issued at
// once, written once per event-loop turn) and one at a time (each waits for
// the previous reply), plus end to end through a second hub, and the cost
// of exact against approximate stream trimming. Prints figures; asserts
// nothing. Not a ctest: timings belong in reports, not in pass/fail.
//
//   herald-redis-throughput [publications] [payload bytes]

#include "redisserver.h"

#include <redisbackplane.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <functional>

#include <sys/resource.h>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

bool waitFor(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer clock;
    clock.restart();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Wall time, and this process's CPU time per publication: what the hub side
// of the backplane costs, apart from Redis.
class Phase
{
public:
    Phase() { restart(); }
    void restart()
    {
        m_clock.restart();
        m_cpu = cpuSeconds();
    }
    void report(const char *what, int count) const
    {
        const double seconds = double(m_clock.nsecsElapsed()) / 1e9;
        std::printf("%-40s %6d in %7.1f ms = %7.0f /s, hub CPU %5.1f us each\n", what, count,
                    seconds * 1e3, count / seconds, (cpuSeconds() - m_cpu) * 1e6 / count);
        std::fflush(stdout);
    }

private:
    QElapsedTimer m_clock;
    double m_cpu = 0;
};

RedisBackplane::Options optionsFor(const RedisUrl &url, const QString &hubId)
{
    RedisBackplane::Options options;
    options.link.url = url;
    options.link.commandTimeoutMs = 30000; // a deep pipeline is not a dead link
    options.hubId = hubId;
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.size() > 1 ? args.at(1).toInt() : 20000;
    const int payloadBytes = args.size() > 2 ? args.at(2).toInt() : 100;
    const QJsonObject payload{{u"text"_s, QString(payloadBytes, u'x')}};

    RedisServer server;
    const Status started = server.start();
    if (!started) {
        std::fprintf(stderr, "redis-server: %s\n", qPrintable(started.reason()));
        return 1;
    }
    std::printf("%d publications of a %d-byte payload, history 100, redis-server %s\n", count,
                payloadBytes,
                qPrintable(server.cli({u"INFO"_s, u"server"_s})
                               .section(u"redis_version:"_s, 1)
                               .section(u'\r', 0, 0)));

    RedisBackplane a(optionsFor(server.url(), u"a"_s));
    RedisBackplane b(optionsFor(server.url(), u"b"_s));
    a.start();
    b.start();
    if (!waitFor([&] { return a.isUp() && b.isUp(); }, 5000)) {
        std::fprintf(stderr, "backplane not up: %s\n", qPrintable(a.errorString()));
        return 1;
    }

    Phase clock;
    int done = 0;
    int failed = 0;
    const auto counted = [&](const Result<Wire::Position> &r) {
        ++done;
        if (!r)
            ++failed;
    };

    // Pipelined: everything issued in one turn, as a hub does with the
    // publications its clients sent during one turn.
    clock.restart();
    for (int i = 0; i < count; ++i)
        a.publish(u"pipelined"_s, u"message"_s, payload, {}, QString::number(i), counted);
    waitFor([&] { return done == count; });
    clock.report("pipelined (one write per turn)", count);

    // One at a time: the next publication waits for the previous reply.
    const int sequentialCount = std::min(count, 5000);
    done = 0;
    std::function<void(const Result<Wire::Position> &)> next;
    next = [&](const Result<Wire::Position> &r) {
        counted(r);
        if (done < sequentialCount)
            a.publish(u"sequential"_s, u"message"_s, payload, {}, QString::number(done), next);
    };
    clock.restart();
    a.publish(u"sequential"_s, u"message"_s, payload, {}, u"0"_s, next);
    waitFor([&] { return done == sequentialCount; });
    clock.report("one at a time (a round trip each)", sequentialCount);

    // End to end: published by hub a, received in order by hub b.
    quint64 received = 0;
    QObject::connect(&b, &RedisBackplane::publicationReceived, &b,
                     [&](const Wire::Publication &) { ++received; });
    b.watch(u"fanout"_s);
    waitFor([&] { return b.isSynced(u"fanout"_s); });
    done = 0;
    clock.restart();
    for (int i = 0; i < count; ++i)
        a.publish(u"fanout"_s, u"message"_s, payload, {}, QString::number(i), counted);
    waitFor([&] { return received == quint64(count); });
    clock.report("end to end, hub a -> Redis -> hub b", count);

    // Exact trimming, which recovery relies on, against the approximate
    // kind, on bare XADDs through one connection.
    RedisConnection::Options linkOptions;
    linkOptions.url = server.url();
    linkOptions.commandTimeoutMs = 30000;
    RedisConnection link(linkOptions);
    link.open();
    waitFor([&] { return link.isConnected(); });
    const QByteArray body = QByteArray(payloadBytes, 'x');
    for (const char *mode : {"=", "~"}) {
        int replies = 0;
        clock.restart();
        for (int i = 0; i < count; ++i) {
            link.command({"XADD", QByteArray("trim") + mode, "MAXLEN", mode, "100", "*", "p", body},
                         [&](const Result<RedisReply> &) { ++replies; });
        }
        waitFor([&] { return replies == count; });
        clock.report(mode[0] == '=' ? "XADD MAXLEN = 100 (exact)"
                                    : "XADD MAXLEN ~ 100 (approximate)",
                     count);
    }

    // Where the time goes inside Redis: microseconds per call of the
    // publish script and of a bare exact-trim XADD.
    const QString stats = server.cli({u"INFO"_s, u"commandstats"_s});
    for (const QString &line : stats.split(u'\n')) {
        if (line.startsWith(u"cmdstat_evalsha:"_s) || line.startsWith(u"cmdstat_xadd:"_s))
            std::printf("%s\n", qPrintable(line.trimmed()));
    }
    // What a channel costs Redis with a full history of these payloads.
    std::printf("memory per channel: state %s bytes, stream of 100 entries %s bytes\n",
                qPrintable(server.cli({u"MEMORY"_s, u"USAGE"_s, u"herald:{pipelined}:state"_s})),
                qPrintable(server.cli({u"MEMORY"_s, u"USAGE"_s, u"herald:{pipelined}:stream"_s})));
    std::printf("failed: %d, lag (publish to own receipt) %lld ms\n", failed, a.stats().lagMs);
    return failed == 0 ? 0 : 2;
}
