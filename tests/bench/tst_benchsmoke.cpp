// herald-bench end to end, for correctness only (issue 9: "no timed
// assertions in the test suite"): every scenario for a second or two against
// a hub on its own thread on a free 127.0.0.1 port, and against nats-server
// when it is installed. Each run must exit 0 having verified every delivery.

#include <herald/hub.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

// Seed 003's rooms protocol with one fault, to prove that herald-bench
// catches what it claims to: deliveries it loses, repeats, swaps or
// numbers wrongly. Lives on the test's own thread.
class FaultyRoomsServer : public QObject
{
public:
    enum Fault { Drop, Duplicate, Swap, SkipSequence };

    explicit FaultyRoomsServer(Fault fault)
        : m_fault(fault)
        , m_server(u"faulty"_s, QWebSocketServer::NonSecureMode)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QWebSocket::textMessageReceived, this,
                        [this, socket](const QString &text) { received(socket, text); });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void received(QWebSocket *socket, const QString &text)
    {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString room = message.value(u"room"_s).toString();
        if (message.value(u"type"_s) == u"subscribe"_s) {
            m_rooms[room].append(socket);
            socket->sendTextMessage(
                u"{\"type\":\"subscribed\",\"room\":\"%1\",\"sequence\":0}"_s.arg(room));
            return;
        }
        ++m_count;
        m_sequence += (m_fault == SkipSequence && m_count == 5) ? 2 : 1;
        const QString delivery =
            u"{\"type\":\"message\",\"room\":\"%1\",\"content\":\"%2\","
            "\"sequence\":%3}"_s.arg(room, message.value(u"content"_s).toString())
                .arg(m_sequence);
        QStringList out{delivery};
        if (m_fault == Drop && m_count == 5)
            out.clear();
        if (m_fault == Duplicate && m_count == 5)
            out.append(delivery);
        if (m_fault == Swap && m_count == 5) {
            m_held = delivery; // goes out after the next one
            out.clear();
        } else if (m_fault == Swap && m_count == 6) {
            out.append(m_held);
        }
        for (QWebSocket *subscriber : std::as_const(m_rooms[room])) {
            for (const QString &frame : std::as_const(out))
                subscriber->sendTextMessage(frame);
        }
    }

    Fault m_fault;
    QWebSocketServer m_server;
    QHash<QString, QList<QWebSocket *>> m_rooms;
    int m_count = 0;
    int m_sequence = 0;
    QString m_held;
};

} // namespace

class TestBenchSmoke : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void scenarioAgainstHub_data();
    void scenarioAgainstHub();
    void messageLimitIsExact();
    void unreachableServerExitsWithTwo();
    void faultsAreCaught_data();
    void faultsAreCaught();
    void natsServer();

private:
    // Runs herald-bench with --json; sets exitCode and report.
    void runBench(const QStringList &arguments, int &exitCode, QJsonObject &report);
    void verifyClean(const QJsonObject &report);

    QThread m_hubThread;
    QObject *m_hubContext = nullptr;
    Herald::Hub *m_hub = nullptr;
    QString m_hubUrl;
};

void TestBenchSmoke::initTestCase()
{
    // The hub gets a thread of its own, so it runs at its own pace while the
    // test waits for the bench process.
    m_hubThread.start();
    m_hubContext = new QObject;
    m_hubContext->moveToThread(&m_hubThread);
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_hubContext,
        [this, &port] {
            // A load generator publishes far above the per-connection rate
            // limit meant for clients: lift it, as for a trusted backend.
            Herald::HubConfig config;
            config.security.rateLimit = 0;
            m_hub = new Herald::Hub(config, m_hubContext);
            if (m_hub->listen(QHostAddress::LocalHost, 0))
                port = m_hub->serverPort();
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(port != 0);
    m_hubUrl = u"ws://127.0.0.1:%1/ws"_s.arg(port);
}

void TestBenchSmoke::cleanupTestCase()
{
    if (m_hubContext) {
        QMetaObject::invokeMethod(
            m_hubContext, [this] { delete m_hubContext; }, Qt::BlockingQueuedConnection);
    }
    m_hubThread.quit();
    m_hubThread.wait();
}

void TestBenchSmoke::runBench(const QStringList &arguments, int &exitCode, QJsonObject &report)
{
    QProcess bench;
    bench.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    bench.start(QStringLiteral(HERALD_BIN_DIR "/herald-bench"),
                arguments + QStringList{u"--json"_s});
    QVERIFY2(bench.waitForStarted(), qPrintable(bench.errorString()));
    QVERIFY2(bench.waitForFinished(90000), "herald-bench did not finish in 90 s");
    const QByteArray output = bench.readAllStandardOutput();
    exitCode = bench.exitStatus() == QProcess::NormalExit ? bench.exitCode() : -1;
    QJsonParseError error;
    report = QJsonDocument::fromJson(output, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, output.constData());
}

void TestBenchSmoke::verifyClean(const QJsonObject &report)
{
    const QJsonObject verification = report.value(u"verification"_s).toObject();
    // What went wrong comes first: QTest cuts long messages short.
    QVERIFY2(
        report.value(u"ok"_s).toBool(),
        qPrintable(QString::fromUtf8(QJsonDocument(verification).toJson(QJsonDocument::Compact)) +
                   u" note: "_s + report.value(u"note"_s).toString()));
    QCOMPARE(verification.value(u"violations"_s).toInt(-1), 0);
    QCOMPARE(verification.value(u"missing"_s).toInt(-1), 0);
    QCOMPARE(verification.value(u"backwards"_s).toInt(-1), 0);
}

void TestBenchSmoke::scenarioAgainstHub_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("publishes");
    QTest::newRow("fanout") << QStringList{u"--scenario"_s, u"fanout"_s,     u"--subscribers"_s,
                                           u"20"_s,         u"--duration"_s, u"1.5"_s,
                                           u"--warmup"_s,   u"0.5"_s}
                            << true;
    QTest::newRow("channels, more channels than publishers")
        << QStringList{u"--scenario"_s,    u"channels"_s, u"--channels"_s,   u"4"_s,
                       u"--subscribers"_s, u"3"_s,        u"--publishers"_s, u"2"_s,
                       u"--duration"_s,    u"0.5"_s,      u"--warmup"_s,     u"0.2"_s}
        << true;
    // Several publishers on one channel: the hub's seq is checked across them.
    QTest::newRow("channels, more publishers than channels")
        << QStringList{u"--scenario"_s,    u"channels"_s, u"--channels"_s,   u"2"_s,
                       u"--subscribers"_s, u"3"_s,        u"--publishers"_s, u"4"_s,
                       u"--duration"_s,    u"0.5"_s,      u"--warmup"_s,     u"0.2"_s}
        << true;
    QTest::newRow("rate") << QStringList{u"--scenario"_s, u"rate"_s, u"--subscribers"_s, u"10"_s,
                                         u"--rate"_s,     u"200"_s,  u"--duration"_s,    u"0.8"_s,
                                         u"--warmup"_s,   u"0.2"_s}
                          << true;
    QTest::newRow("two threads, small cap")
        << QStringList{u"--threads"_s,  u"2"_s, u"--subscribers"_s, u"10"_s,
                       u"--inflight"_s, u"3"_s, u"--duration"_s,    u"0.5"_s,
                       u"--warmup"_s,   u"0"_s}
        << true;
    QTest::newRow("connect and hold")
        << QStringList{u"--scenario"_s,    u"connect"_s,
                       u"--connections"_s, u"200"_s,
                       u"--channels"_s,    u"10"_s,
                       u"--hold"_s,        u"0.5"_s,
                       u"--server-pid"_s,  QString::number(QCoreApplication::applicationPid())}
        << false;
}

void TestBenchSmoke::scenarioAgainstHub()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, publishes);
    int exitCode = -1;
    QJsonObject report;
    runBench(arguments + QStringList{u"--url"_s, m_hubUrl}, exitCode, report);
    if (QTest::currentTestFailed())
        return;
    verifyClean(report);
    QCOMPARE(exitCode, 0);
    const QJsonObject publishing = report.value(u"publishing"_s).toObject();
    if (publishes) {
        QVERIFY(publishing.value(u"deliveries_total"_s).toDouble() > 0);
        QVERIFY(publishing.value(u"drained"_s).toBool());
    } else {
        const QJsonObject setup = report.value(u"setup"_s).toObject();
        QCOMPARE(setup.value(u"subscribed"_s).toInt(), 200);
        QVERIFY(report.value(u"memory"_s).toObject().value(u"rss_after_kib"_s).toDouble() > 0);
    }
}

void TestBenchSmoke::messageLimitIsExact()
{
    int exitCode = -1;
    QJsonObject report;
    runBench({u"--url"_s, m_hubUrl, u"--subscribers"_s, u"5"_s, u"--messages"_s, u"500"_s},
             exitCode, report);
    if (QTest::currentTestFailed())
        return;
    verifyClean(report);
    QCOMPARE(exitCode, 0);
    const QJsonObject publishing = report.value(u"publishing"_s).toObject();
    QCOMPARE(publishing.value(u"published_total"_s).toInt(), 500);
    QCOMPARE(publishing.value(u"deliveries_total"_s).toInt(), 2500);
}

void TestBenchSmoke::unreachableServerExitsWithTwo()
{
    int exitCode = -1;
    QJsonObject report;
    runBench({u"--url"_s, u"ws://127.0.0.1:%1/ws"_s.arg(freePort()), u"--subscribers"_s, u"2"_s,
              u"--duration"_s, u"1"_s},
             exitCode, report);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(exitCode, 2);
    QVERIFY(!report.value(u"ok"_s).toBool());
    QVERIFY(report.value(u"verification"_s).toObject().value(u"connect_failures"_s).toInt() > 0);
}

void TestBenchSmoke::faultsAreCaught_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("counter"); // the verification entry that must be non-zero
    QTest::newRow("lost") << int(FaultyRoomsServer::Drop) << u"gaps"_s;
    QTest::newRow("duplicated") << int(FaultyRoomsServer::Duplicate) << u"backwards"_s;
    QTest::newRow("reordered") << int(FaultyRoomsServer::Swap) << u"backwards"_s;
    QTest::newRow("server seq skips") << int(FaultyRoomsServer::SkipSequence) << u"seq_errors"_s;
}

void TestBenchSmoke::faultsAreCaught()
{
    QFETCH(int, fault);
    QFETCH(QString, counter);
    FaultyRoomsServer server{FaultyRoomsServer::Fault(fault)};
    QVERIFY(server.port() != 0);
    // The server runs on this thread: wait for the bench with the event loop going.
    QProcess bench;
    bench.start(QStringLiteral(HERALD_BIN_DIR "/herald-bench"),
                {u"--protocol"_s, u"rooms"_s, u"--url"_s,
                 u"ws://127.0.0.1:%1/"_s.arg(server.port()), u"--subscribers"_s, u"3"_s,
                 u"--messages"_s, u"20"_s, u"--drain-timeout"_s, u"0.5"_s, u"--json"_s});
    QTRY_COMPARE_WITH_TIMEOUT(bench.state(), QProcess::NotRunning, 30000);
    const QJsonObject report = QJsonDocument::fromJson(bench.readAllStandardOutput()).object();
    const QJsonObject verification = report.value(u"verification"_s).toObject();
    QVERIFY2(verification.value(counter).toInt() > 0, QJsonDocument(report).toJson().constData());
    QVERIFY(!report.value(u"ok"_s).toBool());
    QCOMPARE(bench.exitCode(), 1);
}

void TestBenchSmoke::natsServer()
{
    const QString nats = QStandardPaths::findExecutable(u"nats-server"_s);
    if (nats.isEmpty())
        QSKIP("nats-server is not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const quint16 port = freePort();
    const quint16 clientPort = freePort();
    QFile config(dir.filePath(u"nats.conf"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"listen: \"127.0.0.1:%1\"\nwebsocket {\n  host: \"127.0.0.1\"\n  port: %2\n"
                 "  no_tls: true\n}\n"_s.arg(clientPort)
                     .arg(port)
                     .toUtf8());
    config.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels); // its log is not ours to show
    server.start(nats, {u"-c"_s, config.fileName()});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(accepts(port), 10000);

    const QString url = u"ws://127.0.0.1:%1/"_s.arg(port);
    for (const QStringList &arguments :
         {QStringList{u"--scenario"_s, u"fanout"_s, u"--subscribers"_s, u"20"_s},
          QStringList{u"--scenario"_s, u"channels"_s, u"--channels"_s, u"3"_s, u"--subscribers"_s,
                      u"3"_s, u"--publishers"_s, u"6"_s}}) {
        int exitCode = -1;
        QJsonObject report;
        runBench(arguments + QStringList{u"--protocol"_s, u"nats"_s, u"--url"_s, url,
                                         u"--duration"_s, u"0.5"_s, u"--warmup"_s, u"0.2"_s},
                 exitCode, report);
        if (QTest::currentTestFailed())
            break;
        verifyClean(report);
        QCOMPARE(exitCode, 0);
    }
    server.terminate();
    server.waitForFinished(5000);
}

QTEST_GUILESS_MAIN(TestBenchSmoke)
#include "tst_benchsmoke.moc"
