// SecurityConfigLoader: the INI shape of docs/security.md, its defaults,
// and every way a config can be wrong, reported with a reason at start-up.
// The examples of docs/security.md are loaded too, so they stay valid.

#include "jwtsigner.h"
#include "securityconfigloader.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestSecurityConfigLoader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyFileKeepsTheDefaults();
    void loadsEverything();
    void valuesOverrideTheBase();
    void rulesReplaceTheDefaults();
    void refusesBadConfig_data();
    void refusesBadConfig();
    void missingFileIsAnError();
    void validateChecksHandMadeConfigs();
    void parseRate_data();
    void parseRate();
    void parseBool_data();
    void parseBool();
    void docExamplesLoad();

private:
    QString write(const QString &name, const QByteArray &contents);
    Result<SecurityConfig> loadText(const QByteArray &ini);

    QTemporaryDir m_dir;
    QString m_secretFile;
    QString m_keyFile;
    QByteArray m_publicKey;
    int m_files = 0;
};

QString TestSecurityConfigLoader::write(const QString &name, const QByteArray &contents)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

Result<SecurityConfig> TestSecurityConfigLoader::loadText(const QByteArray &ini)
{
    QByteArray text = ini;
    text.replace("@SECRET@", m_secretFile.toUtf8());
    text.replace("@KEY@", m_keyFile.toUtf8());
    // A new name each time: QSettings caches files by name and may not see
    // that one was rewritten within the same second.
    return SecurityConfigLoader::loadFile(write(u"herald%1.ini"_s.arg(++m_files), text));
}

void TestSecurityConfigLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_secretFile = write(u"jwt.secret"_s, "0123456789abcdef0123456789abcdef-secret\n");
    m_publicKey = JwtSigner::es256().publicKeyPem();
    m_keyFile = write(u"jwt-public.pem"_s, m_publicKey);
}

void TestSecurityConfigLoader::emptyFileKeepsTheDefaults()
{
    const auto loaded = loadText("[hub]\nport=8000\n");
    QVERIFY2(loaded.ok(), qPrintable(loaded.reason()));
    const SecurityConfig defaults;
    QCOMPARE(loaded->requireAuth, false);
    QCOMPARE(loaded->rules.size(), defaults.rules.size());
    QCOMPARE(loaded->rules.first().pattern, u"user.{user_id}.**"_s);
    QCOMPARE(loaded->maxConnectionsPerUser, 5);
    QCOMPARE(loaded->maxConnectionsPerTenant, 100);
    QCOMPARE(loaded->rateLimit, 1000);
    QCOMPARE(loaded->ratePeriod, 1000ms);
    QCOMPARE(loaded->rateBurst, 2000);
    QCOMPARE(loaded->leeway, 30s);
    QCOMPARE(loaded->fallback, SecurityConfig::Fallback::Auto);
}

void TestSecurityConfigLoader::loadsEverything()
{
    const auto loaded = loadText(R"([auth]
require-auth = true
jwt-secret-file = @SECRET@
jwt-public-key-file = @KEY@
leeway = 5
require-exp = false
issuer = auth.example
audience = herald
allowed-origins = "https://app.example, http://localhost:5173"

[api-keys]
1\key = svc-key-0123456789abcdef
1\user-id = ingest
1\user-name = Ingest service
1\tenant = acme
1\roles = service, publisher
1\channels = feed.*, public.**
2\key-sha256 = 5994471abb01112afcc18159f6cc74b4f511b99806da59b3caf5a9c173cacfc5
2\user-id = monitor
2\roles = admin

[rules]
fallback = deny
1\pattern = tenant.{tenant}.**
1\actions = subscribe, history, presence
2\pattern = ops.**
2\actions = all
2\roles = admin, ops
3\pattern = **
3\actions = none

[limits]
max-connections = 500
max-connections-per-user = 2
max-connections-per-tenant = 50
max-subscriptions = 64
channel-max-length = 100
channel-characters = a-z0-9.-
rate-limit = 100/min
rate-burst = 20
abuse-threshold = 10
abuse-window = 60
outbox-bytes = 1048576

[tls]
cert = @SECRET@
key = @KEY@
)");
    QVERIFY2(loaded.ok(), qPrintable(loaded.reason()));
    const SecurityConfig &c = *loaded;
    QCOMPARE(c.requireAuth, true);
    QCOMPARE(c.jwtSecretFile, m_secretFile);
    QCOMPARE(c.jwtPublicKeyFile, m_keyFile);
    QCOMPARE(c.leeway, 5s);
    QCOMPARE(c.requireExpiry, false);
    QCOMPARE(c.issuer, u"auth.example"_s);
    QCOMPARE(c.audience, u"herald"_s);
    QCOMPARE(c.allowedOrigins, (QStringList{u"https://app.example"_s, u"http://localhost:5173"_s}));

    QCOMPARE(c.apiKeys.size(), 2);
    QCOMPARE(c.apiKeys[0].key, QByteArray("svc-key-0123456789abcdef"));
    QCOMPARE(c.apiKeys[0].identity.userId, u"ingest"_s);
    QCOMPARE(c.apiKeys[0].identity.userName, u"Ingest service"_s);
    QCOMPARE(c.apiKeys[0].identity.tenant, u"acme"_s);
    QCOMPARE(c.apiKeys[0].identity.roles, (QStringList{u"service"_s, u"publisher"_s}));
    QCOMPARE(c.apiKeys[0].identity.channels, (QStringList{u"feed.*"_s, u"public.**"_s}));
    QCOMPARE(c.apiKeys[1].sha256.size(), 32);
    QCOMPARE(c.apiKeys[1].identity.roles, QStringList{u"admin"_s});

    QCOMPARE(c.fallback, SecurityConfig::Fallback::Deny);
    QCOMPARE(c.rules.size(), 3);
    QCOMPARE(c.rules[0].pattern, u"tenant.{tenant}.**"_s);
    QCOMPARE(c.rules[0].actions,
             (QList<Action>{Action::Subscribe, Action::History, Action::Presence}));
    QVERIFY(c.rules[0].roles.isEmpty());
    QCOMPARE(c.rules[1].actions, ChannelRule::allActions());
    QCOMPARE(c.rules[1].roles, (QStringList{u"admin"_s, u"ops"_s}));
    QVERIFY(c.rules[2].actions.isEmpty());

    QCOMPARE(c.maxConnections, 500);
    QCOMPARE(c.maxConnectionsPerUser, 2);
    QCOMPARE(c.maxConnectionsPerTenant, 50);
    QCOMPARE(c.maxSubscriptionsPerConnection, 64);
    QCOMPARE(c.maxChannelNameLength, 100);
    QCOMPARE(c.channelNameCharacters, u"a-z0-9.-"_s);
    QCOMPARE(c.rateLimit, 100);
    QCOMPARE(c.ratePeriod, 60000ms);
    QCOMPARE(c.rateBurst, 20);
    QCOMPARE(c.abuseThreshold, 10);
    QCOMPARE(c.abuseWindow, 60000ms);
    QCOMPARE(c.outboxBytes, 1048576);
    QCOMPARE(c.tlsCertificateFile, m_secretFile);
    QCOMPARE(c.tlsKeyFile, m_keyFile);
}

void TestSecurityConfigLoader::valuesOverrideTheBase()
{
    SecurityConfig base;
    base.maxConnectionsPerUser = 9;
    base.rateBurst = 7;
    QSettings settings(write(u"partial.ini"_s, "[limits]\nrate-burst=3\n"), QSettings::IniFormat);
    const auto loaded = SecurityConfigLoader::load(settings, base);
    QVERIFY2(loaded.ok(), qPrintable(loaded.reason()));
    QCOMPARE(loaded->maxConnectionsPerUser, 9);
    QCOMPARE(loaded->rateBurst, 3);
}

void TestSecurityConfigLoader::rulesReplaceTheDefaults()
{
    // Numbered in any order, sorted by number, not by text.
    const auto loaded = loadText("[rules]\n10\\pattern=b.*\n10\\actions=none\n"
                                 "2\\pattern=a.*\n2\\actions=publish\n");
    QVERIFY2(loaded.ok(), qPrintable(loaded.reason()));
    QCOMPARE(loaded->rules.size(), 2);
    QCOMPARE(loaded->rules[0].pattern, u"a.*"_s);
    QCOMPARE(loaded->rules[0].actions, QList<Action>{Action::Publish});
    QCOMPARE(loaded->rules[1].pattern, u"b.*"_s);

    // Only a fallback: the default rules stay.
    const auto fallbackOnly = loadText("[rules]\nfallback=allow\n");
    QVERIFY(fallbackOnly.ok());
    QCOMPARE(fallbackOnly->rules.size(), SecurityConfig::defaultRules().size());
    QCOMPARE(fallbackOnly->fallback, SecurityConfig::Fallback::Allow);
}

void TestSecurityConfigLoader::refusesBadConfig_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("misspelt key") << QByteArray("[auth]\nrequre-auth=true\n") << u"requre-auth"_s;
    QTest::newRow("inline secret is not a key")
        << QByteArray("[auth]\njwt-secret=0123456789abcdef0123456789abcdef\n") << u"jwt-secret"_s;
    QTest::newRow("unknown limit") << QByteArray("[limits]\nmax-frames=5\n") << u"max-frames"_s;
    QTest::newRow("unknown tls key") << QByteArray("[tls]\ncertificate=x\n") << u"certificate"_s;
    QTest::newRow("unknown group") << QByteArray("[limits]\nper\\user=5\n") << u"per/"_s;
    QTest::newRow("not a bool") << QByteArray("[auth]\nrequire-auth=maybe\n") << u"require-auth"_s;
    QTest::newRow("negative leeway") << QByteArray("[auth]\nleeway=-1\n") << u"leeway"_s;
    QTest::newRow("huge leeway") << QByteArray("[auth]\nleeway=3600\n") << u"leeway"_s;
    QTest::newRow("not a number") << QByteArray("[limits]\nmax-connections-per-user=five\n")
                                  << u"max-connections-per-user"_s;
    QTest::newRow("rate unit") << QByteArray("[limits]\nrate-limit=10/week\n") << u"rate-limit"_s;
    QTest::newRow("rate without burst")
        << QByteArray("[limits]\nrate-limit=100/min\nrate-burst=0\n") << u"burst"_s;
    QTest::newRow("tiny outbox") << QByteArray("[limits]\noutbox-bytes=1000\n") << u"outbox"_s;
    QTest::newRow("backwards characters")
        << QByteArray("[limits]\nchannel-characters=z-a\n") << u"range"_s;
    QTest::newRow("zero name length")
        << QByteArray("[limits]\nchannel-max-length=0\n") << u"length"_s;
    QTest::newRow("rule without actions")
        << QByteArray("[rules]\n1\\pattern=a.*\n") << u"[rules] 1"_s;
    QTest::newRow("rule without pattern")
        << QByteArray("[rules]\n1\\actions=all\n") << u"[rules] 1"_s;
    QTest::newRow("rule with unknown action")
        << QByteArray("[rules]\n1\\pattern=a.*\n1\\actions=subscribe,delete\n") << u"delete"_s;
    QTest::newRow("rule with bad pattern")
        << QByteArray("[rules]\n1\\pattern=a.***\n1\\actions=all\n") << u"rule 1"_s;
    QTest::newRow("rule with unknown key")
        << QByteArray("[rules]\n1\\pattern=a.*\n1\\actions=all\n1\\role=admin\n") << u"role"_s;
    QTest::newRow("rule not numbered")
        << QByteArray("[rules]\nfirst\\pattern=a.*\nfirst\\actions=all\n") << u"first"_s;
    QTest::newRow("bad fallback") << QByteArray("[rules]\nfallback=maybe\n") << u"fallback"_s;
    QTest::newRow("short API key")
        << QByteArray("[api-keys]\n1\\key=short\n1\\user-id=svc\n") << u"API key 1"_s;
    QTest::newRow("API key without user")
        << QByteArray("[api-keys]\n1\\key=svc-key-0123456789abcdef\n") << u"API key 1"_s;
    QTest::newRow("API key digest not hex")
        << QByteArray("[api-keys]\n1\\key-sha256=xyz\n1\\user-id=svc\n") << u"key-sha256"_s;
    QTest::newRow("require-auth with nothing to check")
        << QByteArray("[auth]\nrequire-auth=true\n") << u"require-auth"_s;
    QTest::newRow("secret file missing")
        << QByteArray("[auth]\njwt-secret-file=/nonexistent/jwt.secret\n") << u"/nonexistent"_s;
    QTest::newRow("key file not a key")
        << QByteArray("[auth]\njwt-public-key-file=@SECRET@\n") << u"PEM"_s;
    QTest::newRow("TLS cert without key") << QByteArray("[tls]\ncert=@SECRET@\n") << u"TLS"_s;
    QTest::newRow("TLS file missing")
        << QByteArray("[tls]\ncert=/nonexistent/c.pem\nkey=/nonexistent/k.pem\n")
        << u"/nonexistent"_s;
    QTest::newRow("bad origin") << QByteArray("[auth]\nallowed-origins=app.example.com\n")
                                << u"app.example.com"_s;
}

void TestSecurityConfigLoader::refusesBadConfig()
{
    QFETCH(QByteArray, ini);
    QFETCH(QString, mentions);
    const auto loaded = loadText(ini);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.reason().contains(mentions, Qt::CaseInsensitive), qPrintable(loaded.reason()));
}

void TestSecurityConfigLoader::missingFileIsAnError()
{
    const auto loaded = SecurityConfigLoader::loadFile(m_dir.filePath(u"nope.ini"_s));
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.reason().contains(u"nope.ini"_s));
}

void TestSecurityConfigLoader::validateChecksHandMadeConfigs()
{
    QVERIFY(SecurityConfigLoader::validate(SecurityConfig()).ok());
    SecurityConfig negative;
    negative.maxConnectionsPerTenant = -1;
    QVERIFY(!SecurityConfigLoader::validate(negative).ok());
    SecurityConfig badRule;
    badRule.rules.append({u"{who}.*"_s, {}, {}});
    QVERIFY(!SecurityConfigLoader::validate(badRule).ok());
    SecurityConfig window;
    window.abuseWindow = 0ms;
    QVERIFY(!SecurityConfigLoader::validate(window).ok());
}

void TestSecurityConfigLoader::parseRate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("periodMs");
    QTest::newRow("bare") << u"1000"_s << true << 1000 << 1000LL;
    QTest::newRow("per second") << u"1000/s"_s << true << 1000 << 1000LL;
    QTest::newRow("per minute") << u"100/min"_s << true << 100 << 60000LL;
    QTest::newRow("per m") << u"100/m"_s << true << 100 << 60000LL;
    QTest::newRow("per hour") << u"5000/h"_s << true << 5000 << 3600000LL;
    QTest::newRow("spaces and case") << u" 100 / MIN "_s << true << 100 << 60000LL;
    QTest::newRow("off") << u"0"_s << true << 0 << 1000LL;
    QTest::newRow("negative") << u"-5/s"_s << false << 0 << 0LL;
    QTest::newRow("no count") << u"/s"_s << false << 0 << 0LL;
    QTest::newRow("fraction") << u"1.5/s"_s << false << 0 << 0LL;
    QTest::newRow("unknown unit") << u"3/day"_s << false << 0 << 0LL;
}

void TestSecurityConfigLoader::parseRate()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, count);
    QFETCH(qint64, periodMs);
    const auto rate = SecurityConfigLoader::parseRate(text);
    QCOMPARE(rate.ok(), valid);
    if (valid) {
        QCOMPARE(rate->count, count);
        QCOMPARE(qint64(rate->period.count()), periodMs);
    }
}

void TestSecurityConfigLoader::parseBool_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // -1: refused
    for (const char *yes : {"true", "yes", "on", "1", " TRUE "})
        QTest::addRow("%s", yes) << QString::fromLatin1(yes) << 1;
    for (const char *no : {"false", "no", "off", "0"})
        QTest::addRow("%s", no) << QString::fromLatin1(no) << 0;
    for (const char *bad : {"", "2", "enabled", "y"})
        QTest::addRow("bad '%s'", bad) << QString::fromLatin1(bad) << -1;
}

void TestSecurityConfigLoader::parseBool()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    const auto value = SecurityConfigLoader::parseBool(text);
    QCOMPARE(value.ok(), expected >= 0);
    if (value.ok())
        QCOMPARE(int(*value), expected);
}

void TestSecurityConfigLoader::docExamplesLoad()
{
    QFile doc(QStringLiteral(HERALD_SOURCE_DIR "/docs/security.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), "docs/security.md is missing");
    const QString text = QString::fromUtf8(doc.readAll());
    static const QRegularExpression block(u"```ini\\n(.*?)```"_s,
                                          QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression path(u"/etc/herald/([\\w.-]+)"_s);
    int examples = 0;
    for (const auto &match : block.globalMatch(text)) {
        QString ini = match.captured(1);
        // The example's files, made here: a secret, a public key, a TLS pair.
        for (const auto &file : path.globalMatch(ini)) {
            const QString name = file.captured(1);
            write(name, name.endsWith(u".secret"_s)  ? QByteArray(40, 's')
                        : name.contains(u"public"_s) ? m_publicKey
                                                     : QByteArray("placeholder"));
        }
        ini.replace(u"/etc/herald/"_s, m_dir.path() + u'/');
        const auto loaded =
            SecurityConfigLoader::loadFile(write(u"example%1.ini"_s.arg(examples), ini.toUtf8()));
        QVERIFY2(loaded.ok(),
                 qPrintable(u"example %1: %2"_s.arg(examples + 1).arg(loaded.reason())));
        ++examples;
    }
    QVERIFY(examples >= 2);
}

QTEST_APPLESS_MAIN(TestSecurityConfigLoader)
#include "tst_securityconfigloader.moc"
