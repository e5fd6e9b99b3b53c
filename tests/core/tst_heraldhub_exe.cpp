// The herald-hub executable itself: starts, serves, reads its settings from
// flags, environment and INI in that order, and stops cleanly on SIGTERM.

#include "testclient.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>

using namespace Qt::StringLiterals;

class TestHeraldHubExe : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void badOptionsFailWithAReason_data();
    void badOptionsFailWithAReason();
    void servesAndStopsOnSigtermWith1001();
    void settingsPrecedence();

private:
    static QString binary() { return QStringLiteral(HERALD_BIN_DIR "/herald-hub"); }
    /// Starts the hub and waits for its "listening" log line.
    bool start(QProcess &process, const QStringList &arguments);
};

// Everything the process wrote to stderr so far (kept across reads).
static QByteArray stderrSoFar(QProcess &process)
{
    QByteArray log = process.property("log").toByteArray() + process.readAllStandardError();
    process.setProperty("log", log);
    return log;
}

bool TestHeraldHubExe::start(QProcess &process, const QStringList &arguments)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(binary(), arguments);
    if (!process.waitForStarted(5000))
        return false;
    return QTest::qWaitFor(
               [&] {
                   return process.state() != QProcess::Running ||
                          stderrSoFar(process).contains("listening on");
               },
               10000) &&
           process.state() == QProcess::Running;
}

void TestHeraldHubExe::versionAndHelp()
{
    QProcess process;
    process.start(binary(), {u"--version"_s});
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains(HERALD_VERSION_FOR_TEST));

    process.start(binary(), {u"--help"_s});
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    for (const char *flag :
         {"--host", "--port", "--max-message-size", "--history-size", "--history-ttl",
          "--ping-interval", "--idle-timeout", "--log-level", "--config"})
        QVERIFY2(help.contains(flag), flag);
}

void TestHeraldHubExe::badOptionsFailWithAReason_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("port not a number")
        << QStringList{u"--port"_s, u"eighty"_s} << QByteArray("--port");
    QTest::newRow("port too big") << QStringList{u"--port"_s, u"70000"_s} << QByteArray("65535");
    QTest::newRow("host not an address")
        << QStringList{u"--host"_s, u"nowhere"_s} << QByteArray("--host");
    QTest::newRow("history size negative")
        << QStringList{u"--history-size"_s, u"-1"_s} << QByteArray("--history-size");
    QTest::newRow("unknown log level")
        << QStringList{u"--log-level"_s, u"loud"_s} << QByteArray("--log-level");
    QTest::newRow("missing config file")
        << QStringList{u"--config"_s, u"/nonexistent/hub.conf"_s} << QByteArray("config file");
}

void TestHeraldHubExe::badOptionsFailWithAReason()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, reason);
    QProcess process;
    process.start(binary(), arguments);
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(process.readAllStandardError().contains(reason), reason.constData());
}

void TestHeraldHubExe::servesAndStopsOnSigtermWith1001()
{
    const quint16 port = freePort();
    QProcess hub;
    QVERIFY(start(hub, {u"--port"_s, QString::number(port)}));

    TestClient client;
    QVERIFY(client.open(QUrl(u"ws://127.0.0.1:%1/ws?c=exe&user_id=tester"_s.arg(port))));
    const QJsonObject subscribed = client.take(u"subscribed"_s);
    QCOMPARE(subscribed.value(u"data"_s).toObject().value(u"channels"_s).toArray(),
             QJsonArray{u"exe"_s});
    client.send(QJsonObject{{u"type"_s, u"publish"_s},
                            {u"data"_s, QJsonObject{{u"channel"_s, u"exe"_s}, {u"data"_s, 42}}}});
    QCOMPARE(client.take(u"message"_s).value(u"data"_s).toInt(), 42);

    ::kill(pid_t(hub.processId()), SIGTERM);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.closeCode, 1001);
    QTRY_COMPARE_WITH_TIMEOUT(hub.state(), QProcess::NotRunning, 5000);
    QCOMPARE(hub.exitStatus(), QProcess::NormalExit);
    QCOMPARE(hub.exitCode(), 0);
    // One info line per connect and disconnect.
    const QByteArray log = stderrSoFar(hub);
    QVERIFY2(log.contains("connect ") && log.contains("user tester"), log.constData());
    QVERIFY2(log.contains("disconnect ") && log.contains("code 1001"), log.constData());
}

void TestHeraldHubExe::settingsPrecedence()
{
    // The file says history-size 2 and a port; the environment overrides the
    // port; a flag overrides the history size: flags > env > file.
    QTemporaryDir dir;
    const quint16 filePort = freePort();
    const quint16 envPort = freePort();
    QFile ini(dir.filePath(u"hub.conf"_s));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write(QStringLiteral("[hub]\nport=%1\nhistory-size=2\n").arg(filePort).toUtf8());
    ini.close();

    QProcess hub;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HERALD_PORT"_s, QString::number(envPort));
    hub.setProcessEnvironment(env);
    QVERIFY(start(hub, {u"--config"_s, ini.fileName(), u"--history-size"_s, u"3"_s}));

    TestClient client;
    QVERIFY(client.open(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(envPort))));
    for (int i = 0; i < 5; ++i)
        client.send(QJsonObject{{u"type"_s, u"publish"_s},
                                {u"data"_s, QJsonObject{{u"channel"_s, u"p"_s}, {u"data"_s, i}}}});
    client.send(
        QJsonObject{{u"type"_s, u"history"_s}, {u"data"_s, QJsonObject{{u"channel"_s, u"p"_s}}}});
    const QJsonObject history = client.take(u"history"_s);
    QCOMPARE(history.value(u"data"_s).toObject().value(u"messages"_s).toArray().size(), 3);
    hub.terminate();
    QVERIFY(hub.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestHeraldHubExe)
#include "tst_heraldhub_exe.moc"
