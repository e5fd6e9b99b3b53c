// herald-hub's HTTP settings (docs/http.md, "Configuration"): --api-key,
// HERALD_API_KEYS and [http] api-keys in that order of precedence,
// --metrics-top-channels and --no-console, and bad keys refused at start.

#include "httptestclient.h"
#include "testclient.h"

#include <QProcess>
#include <QTemporaryDir>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QByteArray kFlagKey = "flag-key-0123456789abc";
const QByteArray kEnvKey = "env-key-0123456789abcd";
const QByteArray kFileKey = "file-key-0123456789abc";

QString binary()
{
    return QStringLiteral(HERALD_BIN_DIR "/herald-hub");
}

/// A herald-hub process on a free port; stopped when this goes.
class HubProcess
{
public:
    ~HubProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /// Starts it and waits for its "listening" line; false if it exited.
    bool start(QStringList arguments, const QStringList &environment = {})
    {
        m_port = freePort();
        arguments << u"--port"_s << QString::number(m_port) << u"--threads"_s << u"1"_s;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys()) {
            if (key.startsWith(u"HERALD_"_s))
                env.remove(key);
        }
        for (const QString &entry : environment)
            env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        m_process.setProcessEnvironment(env);
        m_process.start(binary(), arguments);
        if (!m_process.waitForStarted(5000))
            return false;
        return QTest::qWaitFor(
                   [&] {
                       return m_process.state() != QProcess::Running ||
                              log().contains("listening on");
                   },
                   10000) &&
               m_process.state() == QProcess::Running;
    }

    QByteArray log() { return m_log += m_process.readAllStandardError(); }
    int exitCode()
    {
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(5000))
            return -1;
        return m_process.exitCode();
    }
    quint16 port() const { return m_port; }

    /// The status of GET /api/channels with `key`.
    int apiStatus(const QByteArray &key)
    {
        HttpTestClient http(m_port);
        return http.get(u"/api/channels"_s, HttpTestClient::bearer(key)).status;
    }

private:
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
};

} // namespace

class TestHttpOptions : public QObject
{
    Q_OBJECT

private slots:
    void helpListsTheHttpFlags();
    void flagsSetKeysConsoleAndTopChannels();
    void environmentKeys();
    void fileKeysAndPrecedence();
    void badKeysStopTheHub_data();
    void badKeysStopTheHub();
};

void TestHttpOptions::helpListsTheHttpFlags()
{
    QProcess process;
    process.start(binary(), {u"--help"_s});
    QVERIFY(process.waitForFinished(5000));
    const QByteArray help = process.readAllStandardOutput();
    for (const char *flag : {"--api-key", "--metrics-top-channels", "--no-console"})
        QVERIFY2(help.contains(flag), flag);
}

void TestHttpOptions::flagsSetKeysConsoleAndTopChannels()
{
    HubProcess hub;
    QVERIFY2(hub.start({u"--api-key"_s, QString::fromLatin1(kFlagKey) + u":svc-billing"_s,
                        u"--api-key"_s, QString::fromLatin1(kEnvKey), u"--no-console"_s,
                        u"--metrics-top-channels"_s, u"1"_s}),
             hub.log().constData());
    QCOMPARE(hub.apiStatus(kFlagKey), 200);
    QCOMPARE(hub.apiStatus(kEnvKey), 200);
    QCOMPARE(hub.apiStatus(kFileKey), 401);

    HttpTestClient http(hub.port());
    QCOMPARE(http.get(u"/"_s).status, 404);
    for (const QString &channel : {u"busy"_s, u"busy"_s, u"quiet"_s})
        QCOMPARE(http.postJson(u"/api/publish"_s, {{u"channel"_s, channel}},
                               HttpTestClient::bearer(kFlagKey))
                     .status,
                 200);
    const QByteArray metrics = http.get(u"/metrics"_s).body;
    QVERIFY(metrics.contains("herald_channel_publications_total{channel=\"busy\"} 2"));
    QVERIFY(!metrics.contains("channel=\"quiet\""));

    // The key's identity: /status counts svc-billing's connections.
    TestClient client;
    QUrl url(u"ws://127.0.0.1:%1/ws?user_id=svc-billing"_s.arg(hub.port()));
    QVERIFY(client.open(url));
    QTRY_COMPARE(http.get(u"/status"_s, HttpTestClient::bearer(kFlagKey))
                     .json()
                     .value(u"user"_s)
                     .toObject()
                     .value(u"connections"_s)
                     .toInt(),
                 1);
}

void TestHttpOptions::environmentKeys()
{
    HubProcess hub;
    QVERIFY2(hub.start({}, {u"HERALD_API_KEYS="_s + QString::fromLatin1(kEnvKey) + u","_s +
                                QString::fromLatin1(kFileKey) + u":svc"_s,
                            u"HERALD_NO_CONSOLE=true"_s}),
             hub.log().constData());
    QCOMPARE(hub.apiStatus(kEnvKey), 200);
    QCOMPARE(hub.apiStatus(kFileKey), 200);
    QCOMPARE(HttpTestClient(hub.port()).get(u"/"_s).status, 404);
}

void TestHttpOptions::fileKeysAndPrecedence()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"herald.ini"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[hub]\nmetrics-top-channels=3\n[http]\napi-keys=" + kFileKey + "," + kFlagKey +
               ":svc\n");
    file.close();

    HubProcess fromFile;
    QVERIFY2(fromFile.start({u"--config"_s, path}), fromFile.log().constData());
    QCOMPARE(fromFile.apiStatus(kFileKey), 200);
    QCOMPARE(fromFile.apiStatus(kFlagKey), 200);
    // The console is on unless switched off.
    QCOMPARE(HttpTestClient(fromFile.port()).get(u"/"_s).status, 200);

    // The environment replaces the file's keys, and a flag the environment's.
    HubProcess fromEnv;
    QVERIFY(fromEnv.start({u"--config"_s, path},
                          {u"HERALD_API_KEYS="_s + QString::fromLatin1(kEnvKey)}));
    QCOMPARE(fromEnv.apiStatus(kEnvKey), 200);
    QCOMPARE(fromEnv.apiStatus(kFileKey), 401);
    HubProcess fromFlag;
    QVERIFY(fromFlag.start({u"--config"_s, path, u"--api-key"_s, QString::fromLatin1(kFlagKey)},
                           {u"HERALD_API_KEYS="_s + QString::fromLatin1(kEnvKey)}));
    QCOMPARE(fromFlag.apiStatus(kFlagKey), 200);
    QCOMPARE(fromFlag.apiStatus(kEnvKey), 401);
}

void TestHttpOptions::badKeysStopTheHub_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("short") << QStringList{u"--api-key"_s, u"short"_s} << QByteArray("16");
    QTest::newRow("no user after the colon")
        << QStringList{u"--api-key"_s, u"abcdefghijklmnop0123:"_s} << QByteArray("user id");
    QTest::newRow("twice") << QStringList{u"--api-key"_s, u"abcdefghijklmnop0123"_s, u"--api-key"_s,
                                          u"abcdefghijklmnop0123"_s}
                           << QByteArray("twice");
    QTest::newRow("negative top channels") << QStringList{u"--metrics-top-channels"_s, u"-1"_s}
                                           << QByteArray("--metrics-top-channels");
}

void TestHttpOptions::badKeysStopTheHub()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, reason);
    HubProcess hub;
    QVERIFY(!hub.start(arguments));
    QCOMPARE(hub.exitCode(), 2);
    QVERIFY2(hub.log().contains(reason), hub.log().constData());
}

QTEST_GUILESS_MAIN(TestHttpOptions)
#include "tst_httpoptions.moc"
