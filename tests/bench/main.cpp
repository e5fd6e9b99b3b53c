// herald-bench: a load generator for WebSocket publish/subscribe servers
// (Herald, NATS over WebSocket, seed 003's rooms server). Raw non-blocking
// sockets and epoll on the hot path; QtCore only for the command line and
// the JSON report. Help text stays English: it is a developer's tool.

#include "bench.h"
#include "benchconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QUrl>

#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace HeraldBench;

namespace {

[[noreturn]] void usage(const QString &message)
{
    std::fprintf(stderr, "herald-bench: %s\n", qPrintable(message));
    std::exit(2);
}

Endpoint endpointFor(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("ws"))
        usage(QStringLiteral("--url must be a ws:// URL, not '%1'").arg(text));
    Endpoint endpoint;
    endpoint.url = text.toStdString();
    QString host = url.host();
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    endpoint.address.sin_family = AF_INET;
    endpoint.address.sin_port = htons(quint16(url.port(80)));
    if (::inet_pton(AF_INET, host.toLatin1().constData(), &endpoint.address.sin_addr) != 1)
        usage(QStringLiteral("--url needs an IPv4 address (no name lookups): '%1'").arg(text));
    endpoint.hostPort = (host + u':' + QString::number(url.port(80))).toStdString();
    QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (url.hasQuery())
        path += u'?' + url.query(QUrl::FullyEncoded);
    endpoint.path = path.toStdString();
    return endpoint;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herald-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for WebSocket publish/subscribe servers.\n"
        "Scenarios:\n"
        "  fanout    1 publisher, --subscribers on one channel (default 100)\n"
        "  channels  --channels x --subscribers, --publishers (default 100 x 10, 10)\n"
        "  rate      --rate msg/s to --subscribers on one channel; latency percentiles\n"
        "  connect   --connections (default 1000): connection rate, server RSS per\n"
        "            connection with --server-pid, --hold seconds answering pings\n"
        "Every delivery is checked: no loss, duplicate or reordering; any violation\n"
        "makes the exit code 1. Setup or usage problems exit with 2."));
    parser.addHelpOption();

    struct Option
    {
        QString name;
        QString valueName;
        QString help;
    };
    const QList<Option> options{
        {"scenario", "name", "fanout, channels, rate or connect. Default: fanout."},
        {"protocol", "name", "herald, nats or rooms. Default: herald."},
        {"url", "url",
         "Server to connect to (repeat for several; connections go round-robin). "
         "Default: ws://127.0.0.1:8080/ws."},
        {"subscribers", "n", "Subscribers per channel."},
        {"channels", "n", "Channels (connect: channels the connections spread over, default 100)."},
        {"publishers", "n", "Publishers (channels are shared out among them)."},
        {"connections", "n", "connect: how many connections. Default: 1000."},
        {"duration", "s", "Measured publishing time. Default: 10."},
        {"warmup", "s",
         "Publishing before the measurement starts. Default: 1 (0 with --messages)."},
        {"messages", "n", "Stop after this many messages over all publishers. Default: no limit."},
        {"rate", "msg/s",
         "Publish at this total rate (rate: default 1000). Default elsewhere: as fast as the "
         "in-flight cap allows."},
        {"inflight", "n",
         "A publisher pauses while any subscriber is more than this many of its messages "
         "behind. Default: 100."},
        {"payload-size", "bytes", "Payload size (at least 53). Default: 100."},
        {"batch", "n", "Most messages one publisher writes per loop turn. Default: 16."},
        {"threads", "n", "Event-loop threads. Default: 1."},
        {"connect-concurrency", "n",
         "Connection handshakes in progress at once (keep below the server's listen "
         "backlog). Default: 50."},
        {"hold", "s", "Keep every connection this long after the run, answering pings."},
        {"setup-timeout", "s", "Limit for connecting, subscribing and settling. Default: 120."},
        {"settle", "s", "Setup ends once the server has sent nothing for this long. Default: 0.3."},
        {"drain-timeout", "s",
         "At the end, wait for messages in flight until none arrived for this long (at most "
         "2 minutes). Default: 5."},
        {"server-pid", "pid", "Read the server's RSS and CPU time from /proc."},
        {"bind", "address",
         "Source address for every connection (e.g. 127.0.0.2: another 28 k ports)."},
        {"channel-prefix", "text", "Channel names are this plus a number. Default: bench-."},
    };
    for (const Option &option : options)
        parser.addOption(QCommandLineOption(option.name, option.help, option.valueName));
    parser.addOption(QCommandLineOption(QStringLiteral("no-subscribe"),
                                        QStringLiteral("connect: open connections only.")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON, not a table.")));
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    BenchConfig config;
    const QString scenario = parser.value(QStringLiteral("scenario"));
    if (scenario.isEmpty() || scenario == QLatin1String("fanout")) {
        config.scenario = BenchConfig::Scenario::Fanout;
    } else if (scenario == QLatin1String("channels")) {
        config.scenario = BenchConfig::Scenario::Channels;
        config.channels = 100;
        config.subscribersPerChannel = 10;
        config.publishers = 10;
    } else if (scenario == QLatin1String("rate")) {
        config.scenario = BenchConfig::Scenario::Rate;
        config.rate = 1000;
    } else if (scenario == QLatin1String("connect")) {
        config.scenario = BenchConfig::Scenario::Connect;
        config.channels = 100;
        config.connections = 1000;
    } else {
        usage(QStringLiteral("unknown --scenario '%1'").arg(scenario));
    }
    const QString protocol = parser.value(QStringLiteral("protocol"));
    if (!protocol.isEmpty() && !WireProtocol::kindFromName(protocol.toStdString(), config.protocol))
        usage(QStringLiteral("unknown --protocol '%1'").arg(protocol));

    QStringList urls = parser.values(QStringLiteral("url"));
    if (urls.isEmpty())
        urls << QStringLiteral("ws://127.0.0.1:8080/ws");
    for (const QString &url : urls)
        config.endpoints.push_back(endpointFor(url));

    auto number = [&](const char *name, double minimum, double maximum,
                      const std::function<void(double)> &apply) {
        const QString key = QString::fromLatin1(name);
        if (!parser.isSet(key))
            return;
        bool ok = false;
        const double value = parser.value(key).toDouble(&ok);
        if (!ok || value < minimum || value > maximum)
            usage(QStringLiteral("--%1 must be a number from %2 to %3")
                      .arg(key)
                      .arg(minimum)
                      .arg(maximum));
        apply(value);
    };
    number("subscribers", 1, 1e6, [&](double v) { config.subscribersPerChannel = int(v); });
    number("channels", 1, 999999, [&](double v) { config.channels = int(v); });
    number("publishers", 1, 9999, [&](double v) { config.publishers = int(v); });
    number("connections", 1, 1e6, [&](double v) { config.connections = int(v); });
    number("duration", 0.1, 86400, [&](double v) { config.durationS = v; });
    number("messages", 1, 1e15, [&](double v) { config.messages = std::uint64_t(v); });
    if (config.messages)
        config.warmupS = 0;
    number("warmup", 0, 3600, [&](double v) { config.warmupS = v; });
    number("rate", 0, 1e8, [&](double v) { config.rate = v; });
    number("inflight", 1, 1e6, [&](double v) { config.inflight = int(v); });
    number("payload-size", 53, 1 << 20, [&](double v) { config.payloadSize = int(v); });
    number("batch", 1, 1e6, [&](double v) { config.batch = int(v); });
    number("threads", 1, 256, [&](double v) { config.threads = int(v); });
    number("connect-concurrency", 1, 1e6, [&](double v) { config.connectConcurrency = int(v); });
    number("hold", 0, 86400, [&](double v) { config.holdS = v; });
    number("setup-timeout", 1, 86400, [&](double v) { config.setupTimeoutS = v; });
    number("settle", 0, 600, [&](double v) { config.settleS = v; });
    number("drain-timeout", 0, 3600, [&](double v) { config.drainTimeoutS = v; });
    number("server-pid", 1, 1 << 30, [&](double v) { config.serverPid = pid_t(v); });
    config.subscribe = !parser.isSet(QStringLiteral("no-subscribe"));
    config.json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("bind"))) {
        config.bindAddress = parser.value(QStringLiteral("bind")).toStdString();
        in_addr probe{};
        if (::inet_pton(AF_INET, config.bindAddress.c_str(), &probe) != 1)
            usage(QStringLiteral("--bind needs an IPv4 address"));
    }
    if (parser.isSet(QStringLiteral("channel-prefix")))
        config.channelPrefix = parser.value(QStringLiteral("channel-prefix")).toStdString();
    for (const char ch : config.channelPrefix) {
        // Names go into JSON and NATS subjects unescaped.
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.'))
            usage(QStringLiteral("--channel-prefix may hold letters, digits, '-', '_' and '.'"));
    }

    Bench bench(config);
    if (config.holdS > 0) {
        // compare.sh waits for this line from every process before it reads
        // the server's memory.
        bench.onSetupDone = [](const BenchResult &setup) {
            std::fprintf(stderr, "herald-bench: ready, %llu connections open\n",
                         static_cast<unsigned long long>(setup.opened));
            std::fflush(stderr);
        };
    }
    const BenchResult result = bench.run();
    if (config.json) {
        const QByteArray json =
            QJsonDocument(result.toJson(config)).toJson(QJsonDocument::Indented);
        std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
    } else {
        std::fputs(result.toTable(config).c_str(), stdout);
    }
    std::fflush(stdout);
    if (result.setupTimedOut || (result.checks.connectFailures && config.publishes()))
        return 2;
    return result.ok() ? 0 : 1;
}
