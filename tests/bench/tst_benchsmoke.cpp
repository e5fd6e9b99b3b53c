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
            m_hub = new Herald::Hub(Herald::HubConfig(), m_hubContext);
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
    QVERIFY2(report.value(u"ok"_s).toBool(), QJsonDocument(report).toJson().constData());
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
