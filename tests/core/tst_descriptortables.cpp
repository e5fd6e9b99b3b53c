// A descriptor table per shard thread (HubConfig::threadDescriptorTables,
// herald-hub --shared-descriptor-table to turn it off): the shards serve
// end to end, keep no copy of the process's other sockets and pipes, leave
// nothing behind in the process's table when the hub goes, and together
// hold more connections than one table may.

#include "testclient.h"

#include <herald/hub.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <vector>

using namespace Herald;
using namespace Qt::StringLiterals;

// The sanitizers' runtime needs descriptors of its own: UBSan's vptr check
// validates memory through a pipe() and, in a full table, reports a valid
// object as having an invalid vptr. A table is not filled on purpose there.
#if defined(__SANITIZE_ADDRESS__)
#define HERALD_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HERALD_SANITIZED 1
#endif
#endif
#ifndef HERALD_SANITIZED
#define HERALD_SANITIZED 0
#endif

namespace {

/// The shard threads of this process (named herald-shard-N), by thread id.
QStringList shardThreads(qint64 pid = 0)
{
    const QString tasks = pid ? u"/proc/%1/task"_s.arg(pid) : u"/proc/self/task"_s;
    QStringList found;
    for (const QString &tid : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks + u'/' + tid + u"/comm"_s);
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("herald-shard-"))
            found.append(tasks + u'/' + tid);
    }
    return found;
}

/// What a /proc/.../fd/N link says ("socket:[123]", "pipe:[4]", a path).
QString linkOf(const QString &path)
{
    char target[512];
    const ssize_t length = ::readlink(QFile::encodeName(path).constData(), target, sizeof target);
    return length > 0 ? QString::fromLocal8Bit(target, int(length)) : QString();
}

/// What each descriptor of a table refers to ("socket:[123]", "pipe:[4]", ...).
QHash<int, QString> table(const QString &fdDir)
{
    QHash<int, QString> entries;
    const QDir dir(fdDir);
    for (const QString &name : dir.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot))
        entries.insert(name.toInt(), linkOf(dir.filePath(name)));
    return entries;
}

int socketsIn(const QHash<int, QString> &entries)
{
    int count = 0;
    for (const QString &target : entries)
        count += target.contains(u"socket:["_s) ? 1 : 0;
    return count;
}

/// How many shard threads have a table of their own: a pipe opened now, in
/// this thread's table, is not in theirs.
int shardsWithOwnTable()
{
    int pipe[2];
    if (::pipe2(pipe, O_CLOEXEC) != 0)
        return -1;
    int own = 0;
    const QString marker = linkOf(u"/proc/self/fd/%1"_s.arg(pipe[0]));
    for (const QString &thread : shardThreads()) {
        if (linkOf(thread + u"/fd/%1"_s.arg(pipe[0])) != marker)
            ++own;
    }
    ::close(pipe[0]);
    ::close(pipe[1]);
    return own;
}

int descriptorsOfThisProcess()
{
    return int(table(u"/proc/self/fd"_s).size());
}

/// Reads until end of file (true) or `timeoutMs` without it (false).
bool seesEndOfFile(int fd, int timeoutMs = 2000)
{
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return QTest::qWaitFor(
        [fd] {
            char buffer[64];
            return ::read(fd, buffer, sizeof buffer) == 0;
        },
        timeoutMs);
}

/// Opens `count` WebSocket upgrades at once against 127.0.0.1:port and
/// returns the sockets whose upgrade was answered 101, once all were
/// answered or nothing changed for `quietMs`.
std::vector<std::unique_ptr<QTcpSocket>> upgrade(quint16 port, int count, int quietMs = 3000)
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    QHash<QTcpSocket *, QByteArray> replies;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = socket.get();
        QObject::connect(s, &QTcpSocket::connected, s, [s] {
            s->write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        });
        QObject::connect(s, &QTcpSocket::readyRead, s,
                         [s, &replies] { replies[s] += s->readAll(); });
        s->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(socket));
    }
    auto answered = [&] {
        int n = 0;
        for (const auto &reply : std::as_const(replies))
            n += reply.contains("\r\n\r\n") ? 1 : 0;
        return n;
    };
    int last = -1;
    QElapsedTimer quiet;
    quiet.start();
    while (answered() < count && quiet.elapsed() < quietMs) {
        QTest::qWait(50);
        if (const int now = answered(); now != last) {
            last = now;
            quiet.restart();
        }
    }
    std::vector<std::unique_ptr<QTcpSocket>> upgraded;
    for (auto &socket : sockets) {
        if (replies.value(socket.get()).startsWith("HTTP/1.1 101"))
            upgraded.push_back(std::move(socket));
    }
    return upgraded;
}

QByteArray httpGet(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    response += socket.readAll();
    return response.mid(response.indexOf("\r\n\r\n") + 4);
}

/// "Max open files" of a process: soft and hard.
QPair<qint64, qint64> openFilesLimit(qint64 pid)
{
    QFile limits(u"/proc/%1/limits"_s.arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return {-1, -1};
    for (const QByteArray &line : limits.readAll().split('\n')) {
        if (line.startsWith("Max open files")) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            return {fields.value(3).toLongLong(), fields.value(4).toLongLong()};
        }
    }
    return {-1, -1};
}

} // namespace

class TestDescriptorTables : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyShardServesEndToEnd();
    void oneThreadOrSwitchedOffSharesTheTable();
    void socketsClosedElsewhereReallyClose();
    void anotherHubsListeningSocketCloses();
    void startAndStopLeaveTheProcessTableAsItWas();
    void aBurstWaitsForBusyShardsAndLosesNothing();
    void holdsMoreConnectionsThanOneTableMay_data();
    void holdsMoreConnectionsThanOneTableMay();
    void aFullTableDropsConnectionsAndSaysSo();
    void softLimitRaisedToTheHardOne();

private:
    static QString binary() { return QStringLiteral(HERALD_BIN_DIR "/herald-hub"); }
    /// herald-hub with `ulimitCommand` (e.g. "ulimit -n 100") run before it
    /// in the same shell; waits for its "listening" line.
    bool
    startHub(QProcess &hub, const QString &ulimitCommand, const QStringList &arguments,
             const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
};

static HubConfig threeThreads(bool ownTables = true)
{
    HubConfig config;
    config.threads = 3;
    config.threadDescriptorTables = ownTables;
    return config;
}

bool TestDescriptorTables::startHub(QProcess &hub, const QString &ulimitCommand,
                                    const QStringList &arguments,
                                    const QProcessEnvironment &environment)
{
    hub.setProcessEnvironment(environment);
    hub.setProcessChannelMode(QProcess::SeparateChannels);
    hub.start(u"/bin/sh"_s,
              QStringList{u"-c"_s, ulimitCommand + uR"( && exec "$0" "$@")"_s, binary()} +
                  arguments);
    if (!hub.waitForStarted(5000))
        return false;
    return QTest::qWaitFor(
               [&] {
                   hub.setProperty("log",
                                   hub.property("log").toByteArray() + hub.readAllStandardError());
                   return hub.state() != QProcess::Running ||
                          hub.property("log").toByteArray().contains("listening on");
               },
               10000) &&
           hub.state() == QProcess::Running;
}

void TestDescriptorTables::initTestCase()
{
    if (!QFile::exists(u"/proc/thread-self/fd"_s))
        QSKIP("no /proc/thread-self here: the hub's threads share one descriptor table");
}

void TestDescriptorTables::everyShardServesEndToEnd()
{
    Hub hub(threeThreads());
    QVERIFY(hub.listen().ok());
    QTRY_COMPARE(shardsWithOwnTable(), 3);

    const auto before = table(u"/proc/self/fd"_s);
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 6; ++i) {
        clients.push_back(openClient(hub.url(), u"c=room"_s));
        QVERIFY(clients.back());
        QVERIFY(!clients.back()->take(u"subscribed"_s).isEmpty());
    }
    // The hub's ends of the connections are in the shards' tables, two in
    // each (round robin), and not in this thread's: here only the clients' ends.
    QCOMPARE(socketsIn(table(u"/proc/self/fd"_s)) - socketsIn(before), 6);
    const auto shared = table(u"/proc/self/fd"_s);
    for (const QString &thread : shardThreads()) {
        int own = 0;
        for (const QString &target : table(thread + u"/fd"_s)) {
            if (target.contains(u"socket:["_s) && !shared.values().contains(target))
                ++own;
        }
        QVERIFY2(own >= 3, qPrintable(u"%1: %2 sockets of its own"_s.arg(thread).arg(own)));
    }

    // Across shards: every publication reaches every client, in seq order.
    for (int i = 0; i < 6; ++i)
        clients[std::size_t(i)]->send(
            QJsonObject{{u"type"_s, u"publish"_s},
                        {u"data"_s, QJsonObject{{u"channel"_s, u"room"_s}, {u"data"_s, i}}}});
    for (const auto &client : clients) {
        QVERIFY(client->waitForPublications(u"room"_s, 6));
        const QList<QJsonObject> got = client->publications(u"room"_s);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(got.at(i).value(u"seq"_s).toInteger(), i + 1);
    }
    QCOMPARE(hub.stats().connectionsAccepted, 6u);
    QCOMPARE(hub.stats().connectionsDropped, 0u);
}

void TestDescriptorTables::oneThreadOrSwitchedOffSharesTheTable()
{
    {
        Hub hub(threeThreads(false));
        QVERIFY(hub.listen().ok());
        QTRY_COMPARE(shardThreads().size(), 3);
        QTRY_COMPARE(shardsWithOwnTable(), 0);
        auto client = openClient(hub.url(), u"c=room"_s);
        QVERIFY(client);
        QVERIFY(!client->take(u"subscribed"_s).isEmpty());
    }
    HubConfig config;
    config.threads = 1; // the shard lives in this thread
    Hub hub(config);
    QVERIFY(hub.listen().ok());
    QTRY_COMPARE(shardThreads().size(), 0);
    auto client = openClient(hub.url(), u"c=room"_s);
    QVERIFY(client);
    QVERIFY(!client->take(u"subscribed"_s).isEmpty());
}

void TestDescriptorTables::socketsClosedElsewhereReallyClose()
{
    // Made before the hub: every shard's table starts as a copy holding them.
    int pair[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
    int pipe[2];
    QVERIFY(::pipe2(pipe, O_CLOEXEC) == 0);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket peer;
    peer.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(peer.waitForConnected(3000));
    QVERIFY(server.waitForNewConnection(3000));
    QTcpSocket *accepted = server.nextPendingConnection();
    QVERIFY(accepted);

    Hub hub(threeThreads());
    QVERIFY(hub.listen().ok());
    QTRY_COMPARE(shardsWithOwnTable(), 3);

    // Closed here, they must close: no shard keeps a copy.
    ::close(pair[0]);
    QVERIFY2(seesEndOfFile(pair[1]), "a socketpair's peer sees no end of file");
    ::close(pair[1]);
    ::close(pipe[1]);
    QVERIFY2(seesEndOfFile(pipe[0]), "a pipe's reader sees no end of file");
    ::close(pipe[0]);
    accepted->close();
    QTRY_COMPARE_WITH_TIMEOUT(peer.state(), QAbstractSocket::UnconnectedState, 3000);

    // And the hub still serves.
    auto client = openClient(hub.url(), u"c=room"_s);
    QVERIFY(client);
    QVERIFY(!client->take(u"subscribed"_s).isEmpty());
}

void TestDescriptorTables::anotherHubsListeningSocketCloses()
{
    auto first = std::make_unique<Hub>();
    QVERIFY(first->listen().ok());
    const quint16 port = first->serverPort();
    Hub second(threeThreads()); // its shards copied the first hub's listening socket
    QVERIFY(second.listen().ok());
    QTRY_COMPARE(shardsWithOwnTable(), 3);
    first.reset();

    // A copy in a shard's table would keep the port listening.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!probe.waitForConnected(2000));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestDescriptorTables::startAndStopLeaveTheProcessTableAsItWas()
{
    auto cycle = [](int clientsLeftOpen) {
        Hub hub(threeThreads());
        QVERIFY(hub.listen().ok());
        QTRY_COMPARE(shardsWithOwnTable(), 3);
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < clientsLeftOpen; ++i) {
            clients.push_back(openClient(hub.url(), u"c=room"_s));
            QVERIFY(clients.back());
            QVERIFY(!clients.back()->take(u"subscribed"_s).isEmpty());
        }
        QVERIFY(hub.publish(u"room"_s, u"e"_s, 1).ok());
        // Sockets accepted but not yet taken by a shard go with the hub too.
        QTcpSocket pending;
        pending.connectToHost(QHostAddress::LocalHost, hub.serverPort());
        QVERIFY(pending.waitForConnected(3000));
    };
    cycle(3); // Qt's and the test's own descriptors made once
    QTest::qWait(100);
    const int before = descriptorsOfThisProcess();
    for (int i = 0; i < 20; ++i) {
        cycle(i % 4);
        if (QTest::currentTestFailed())
            return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(descriptorsOfThisProcess(), before, 5000);
}

void TestDescriptorTables::aBurstWaitsForBusyShardsAndLosesNothing()
{
    // Room for this test's own ends of the connections.
    constexpr int kBurst = 1200;
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_max < rlim_t(kBurst + 500))
        QSKIP("the open-files limit is too low for this test");
    const rlimit before = limit;
    limit.rlim_cur = std::max(limit.rlim_cur, rlim_t(kBurst + 500));
    QVERIFY(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    const int descriptorsBefore = descriptorsOfThisProcess();
    {
        Hub hub(threeThreads());
        // The first three upgrades (one per shard, round robin) hold their
        // shard's thread until released: the shards take nothing meanwhile.
        std::atomic<bool> release{false};
        std::atomic<int> held{0};
        hub.setAuthenticator([&](const ConnectionRequest &) {
            if (held.fetch_add(1) < 3) {
                for (int i = 0; i < 20000 && !release; ++i)
                    QThread::msleep(1);
            }
            Identity identity;
            identity.userId = u"u"_s;
            return AuthResult::accept(identity);
        });
        QVERIFY(hub.listen().ok());
        QTRY_COMPARE(shardsWithOwnTable(), 3);
        std::vector<std::unique_ptr<QWebSocket>> holders;
        for (int i = 0; i < 3; ++i) {
            holders.push_back(std::make_unique<QWebSocket>());
            holders.back()->open(hub.url());
        }
        QTRY_COMPARE(held.load(), 3);

        // More sockets than the three handoff sockets hold (a few hundred
        // each): the hub's thread queues the rest until a shard reads again.
        std::vector<std::unique_ptr<QTcpSocket>> burst;
        for (int i = 0; i < kBurst; ++i) {
            burst.push_back(std::make_unique<QTcpSocket>());
            burst.back()->connectToHost(QHostAddress::LocalHost, hub.serverPort());
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(burst.begin(), burst.end(),
                                             [](const auto &socket) {
                                                 return socket->state() ==
                                                        QAbstractSocket::ConnectedState;
                                             }),
                                 10000);
        QTest::qWait(300); // the hub's thread has accepted them all
        QCOMPARE(hub.stats().connectionsAccepted, 3u);
        release = true;
        QTRY_COMPARE_WITH_TIMEOUT(hub.stats().connectionsAccepted, quint64(kBurst + 3), 10000);
        QCOMPARE(hub.stats().connectionsDropped, 0u);
        QTRY_COMPARE(hub.connectionCount(), 3);
        // Every one of them is served: an HTTP request gets its answer.
        QTcpSocket *last = burst.back().get();
        last->write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY(last->bytesAvailable() > 0 || last->state() != QAbstractSocket::ConnectedState);
        QVERIFY(last->readAll().startsWith("HTTP/1.1 200"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(descriptorsOfThisProcess(), descriptorsBefore, 5000);
    ::setrlimit(RLIMIT_NOFILE, &before);
}

void TestDescriptorTables::holdsMoreConnectionsThanOneTableMay_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<bool>("ownTables");
    QTest::newRow("a table per thread") << QStringList{} << QString() << true;
    QTest::newRow("--shared-descriptor-table")
        << QStringList{u"--shared-descriptor-table"_s} << QString() << false;
    QTest::newRow("HERALD_SHARED_DESCRIPTOR_TABLE")
        << QStringList{} << u"HERALD_SHARED_DESCRIPTOR_TABLE"_s << false;
}

void TestDescriptorTables::holdsMoreConnectionsThanOneTableMay()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environment);
    QFETCH(bool, ownTables);
    if (HERALD_SANITIZED && !ownTables)
        QSKIP("fills the hub's one table, which the sanitizers' runtime cannot work in");
    // At most 100 descriptors per table, soft and hard (the hub raises the
    // soft limit to the hard one): 150 connections need more than one table.
    const quint16 port = freePort();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!environment.isEmpty())
        env.insert(environment, u"true"_s);
    QProcess hub;
    QVERIFY(startHub(hub, u"ulimit -n 100"_s,
                     QStringList{u"--port"_s, QString::number(port), u"--threads"_s, u"3"_s,
                                 u"--log-level"_s, u"info"_s} +
                         arguments,
                     env));
    QCOMPARE(openFilesLimit(hub.processId()), (QPair<qint64, qint64>(100, 100)));

    const auto upgraded = upgrade(port, 150);
    if (ownTables) {
        QCOMPARE(int(upgraded.size()), 150);
        // Spread over the shards' tables; the hub's own stays small.
        const auto threads = shardThreads(hub.processId());
        QCOMPARE(threads.size(), 3);
        for (const QString &thread : threads)
            QVERIFY(socketsIn(table(thread + u"/fd"_s)) >= 50);
        QVERIFY(socketsIn(table(u"/proc/%1/fd"_s.arg(hub.processId()))) < 20);
    } else {
        QVERIFY2(upgraded.size() < 100, qPrintable(QString::number(upgraded.size())));
    }
    QCOMPARE(hub.state(), QProcess::Running);
    hub.terminate();
    QVERIFY(hub.waitForFinished(10000));
}

void TestDescriptorTables::aFullTableDropsConnectionsAndSaysSo()
{
    if (HERALD_SANITIZED)
        QSKIP("fills the shards' tables, which the sanitizers' runtime cannot work in");
    const quint16 port = freePort();
    QProcess hub;
    QVERIFY(startHub(hub, u"ulimit -n 60"_s,
                     {u"--port"_s, QString::number(port), u"--threads"_s, u"3"_s}));
    // 3 tables of 60 hold fewer than 240; the rest is dropped, not fatal.
    auto upgraded = upgrade(port, 240);
    QVERIFY2(upgraded.size() > 90 && upgraded.size() < 180,
             qPrintable(QString::number(upgraded.size())));
    QCOMPARE(hub.state(), QProcess::Running);
    upgraded.clear(); // room again
    QTest::qWait(200);
    const QJsonObject status = QJsonDocument::fromJson(httpGet(port, "/status")).object();
    QVERIFY2(status.value(u"connections_dropped"_s).toInteger() > 0,
             QJsonDocument(status).toJson().constData());
    QVERIFY(httpGet(port, "/metrics").contains("herald_connections_dropped_total "));
    hub.terminate();
    QVERIFY(hub.waitForFinished(10000));
    const QByteArray log = hub.property("log").toByteArray() + hub.readAllStandardError();
    QCOMPARE(log.count("has no room for another descriptor"), 1);
}

void TestDescriptorTables::softLimitRaisedToTheHardOne()
{
    const quint16 port = freePort();
    QProcess hub;
    QVERIFY(startHub(hub, u"ulimit -S -n 64"_s, {u"--port"_s, QString::number(port)}));
    const auto [soft, hard] = openFilesLimit(hub.processId());
    QVERIFY(hard > 64);
    QCOMPARE(soft, hard);
    hub.terminate();
    QVERIFY(hub.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestDescriptorTables)
#include "tst_descriptortables.moc"
