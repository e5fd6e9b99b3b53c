// The [pgbridge] section of herald-hub's INI file: every key read, every
// mistake refused with a reason that names it.

#include <pgbridgesettings.h>
#include <pgconnectparams.h>

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Herald::PgBridgeSettings;

class TestPgBridgeSettings : public QObject
{
    Q_OBJECT

private slots:
    void fullSection();
    void mistakes_data();
    void mistakes();
    void connectParams_data();
    void connectParams();

private:
    Herald::Result<Herald::PgBridgeConfig> load(const QByteArray &ini);
    QTemporaryDir m_dir;
    int m_files = 0;
};

Herald::Result<Herald::PgBridgeConfig> TestPgBridgeSettings::load(const QByteArray &ini)
{
    const QString path = m_dir.filePath(u"hub%1.ini"_s.arg(++m_files));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(ini) != ini.size())
        return Herald::Result<Herald::PgBridgeConfig>::failure(u"cannot write the INI file"_s);
    file.close();
    QSettings settings(path, QSettings::IniFormat);
    return PgBridgeSettings::load(settings);
}

void TestPgBridgeSettings::fullSection()
{
    const auto config = load(R"([hub]
port=8080
[pgbridge]
name=hushnet
host=db.internal
port=6543
database=hushnet
user=realtime
password=" secret;with;semicolons "
options=sslmode=require
channels=messages_channel,sessions_channel,devices_channel
route=user.{user_id}
event-field=type
event=notification
status-channel=bridge.hushnet
gap-event=hushnet.gap
backoff-min=0.25
backoff-max=10
health-interval=2.5
connect-timeout=3
)");
    QVERIFY2(config, qPrintable(config.reason()));
    QCOMPARE(config->name, u"hushnet"_s);
    QCOMPARE(config->host, u"db.internal"_s);
    QCOMPARE(config->port, 6543);
    QCOMPARE(config->database, u"hushnet"_s);
    QCOMPARE(config->user, u"realtime"_s);
    QCOMPARE(config->password, u" secret;with;semicolons "_s);
    QCOMPARE(config->options, u"sslmode=require"_s);
    QCOMPARE(config->channels,
             (QStringList{u"messages_channel"_s, u"sessions_channel"_s, u"devices_channel"_s}));
    QCOMPARE(config->route, u"user.{user_id}"_s);
    QCOMPARE(config->eventField, u"type"_s);
    QCOMPARE(config->fixedEvent, u"notification"_s);
    QCOMPARE(config->statusChannel, u"bridge.hushnet"_s);
    QCOMPARE(config->gapEvent, u"hushnet.gap"_s);
    QCOMPARE(config->backoffMin, 250ms);
    QCOMPARE(config->backoffMax, 10s);
    QCOMPARE(config->healthInterval, 2500ms);
    QCOMPARE(config->connectTimeout, 3s);
}

void TestPgBridgeSettings::mistakes_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("reason");
    const QByteArray ok = "[pgbridge]\nchannels=messages_channel\n";
    QTest::newRow("no section") << QByteArray("[hub]\nport=1\n") << u"no [pgbridge]"_s;
    QTest::newRow("no channels") << QByteArray("[pgbridge]\nhost=x\n") << u"channels"_s;
    QTest::newRow("typo in a key") << ok + "chanels=x\n" << u"unknown key 'chanels'"_s;
    QTest::newRow("port not a number") << ok + "port=eighty\n" << u"port"_s;
    QTest::newRow("port too big") << ok + "port=70000\n" << u"65535"_s;
    QTest::newRow("bad duration") << ok + "backoff-min=soon\n" << u"backoff-min"_s;
    QTest::newRow("backoff max below min") << ok + "backoff-min=5\nbackoff-max=1\n"
                                           << u"backoff-max"_s;
    QTest::newRow("health too often") << ok + "health-interval=0.001\n" << u"health-interval"_s;
    QTest::newRow("connect timeout zero") << ok + "connect-timeout=0\n" << u"connect-timeout"_s;
    QTest::newRow("bad route") << ok + "route=user.{user_id\n" << u"unmatched"_s;
    QTest::newRow("reserved gap event") << ok + "gap-event=error\n" << u"reserved"_s;
    QTest::newRow("status channel in $ space") << ok + "status-channel=$bridge\n" << u"'$'"_s;
    QTest::newRow("channel listed twice") << QByteArray("[pgbridge]\nchannels=a,a\n") << u"twice"_s;
    QTest::newRow("channel name too long") << "[pgbridge]\nchannels=" + QByteArray(64, 'c') + "\n"
                                           << u"63 bytes"_s;
    QTest::newRow("semicolon in options") << ok + "options=\"sslmode=require;x=y\"\n" << u"';'"_s;
    QTest::newRow("bad URL") << ok + "conninfo=postgresql://host:notaport/db\n" << u"URL"_s;
}

void TestPgBridgeSettings::mistakes()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, reason);
    const auto config = load(ini);
    QVERIFY(!config);
    QVERIFY2(config.reason().contains(reason), qPrintable(config.reason()));
}

void TestPgBridgeSettings::connectParams_data()
{
    QTest::addColumn<QString>("conninfo");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("optionsTail");

    QTest::newRow("fields") << QString() << u"127.0.0.1"_s << 5432 << u"app"_s << u"herald"_s
                            << u"pw"_s << u"keepalives_count=3"_s;
    QTest::newRow("url") << u"postgresql://me:p%40ss@db.example:6000/hush?sslmode=require"_s
                         << u"db.example"_s << 6000 << u"hush"_s << u"me"_s << u"p@ss"_s
                         << u"sslmode=require"_s;
    QTest::newRow("url, spaces in a value")
        << u"postgres://db/hush?application_name=my%20bridge"_s << u"db"_s << -1 << u"hush"_s
        << QString() << QString() << u"application_name='my bridge'"_s;
    QTest::newRow("keyword form") << u"host=db dbname=hush user=me"_s << QString() << -1
                                  << QString() << QString() << QString()
                                  << u"host=db dbname=hush user=me"_s;
}

void TestPgBridgeSettings::connectParams()
{
    QFETCH(QString, conninfo);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, optionsTail);
    Herald::PgBridgeConfig config;
    config.channels = {u"c"_s};
    config.conninfo = conninfo;
    config.database = u"app"_s;
    config.user = u"herald"_s;
    config.password = u"pw"_s;
    const auto params = Herald::PgConnectParams::from(config);
    QVERIFY2(params, qPrintable(params.reason()));
    QCOMPARE(params->host, host);
    QCOMPARE(params->port, port);
    QCOMPARE(params->database, database);
    QCOMPARE(params->user, user);
    QCOMPARE(params->password, password);
    // The bridge's defaults come first, so what the user gives wins.
    QVERIFY2(params->options.startsWith("connect_timeout=5 application_name=herald-pgbridge"_L1),
             qPrintable(params->options));
    QVERIFY2(params->options.endsWith(optionsTail), qPrintable(params->options));
    QVERIFY(!params->describe().contains(u"p@ss"_s));
}

QTEST_APPLESS_MAIN(TestPgBridgeSettings)
#include "tst_pgbridgesettings.moc"
