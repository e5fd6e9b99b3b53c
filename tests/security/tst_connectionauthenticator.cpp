// ConnectionAuthenticator and ApiKeyStore: the hub's Authenticator hook made
// from the config (issue 5, "Authentication": require-auth on refuses a
// missing, invalid, expired or not-yet-valid token; off keeps anonymous
// identities; an invalid token is refused in both modes; static API keys).

#include "apikeystore.h"
#include "connectionauthenticator.h"
#include "jwtsigner.h"

#include <QJsonArray>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Herald::ApiKey)

namespace {

constexpr qint64 NowMs = 1800000000000;
constexpr qint64 Now = NowMs / 1000;
const QByteArray Secret = "0123456789abcdef0123456789abcdef-hs256";
const QByteArray ServiceKey = "svc-key-0123456789abcdef";

ConnectionRequest request(const QString &token, const QString &query = QString())
{
    ConnectionRequest request;
    request.url = QUrl(u"ws://127.0.0.1:1/ws"_s + (query.isEmpty() ? QString() : u"?"_s + query));
    request.token = token;
    return request;
}

SecurityConfig config(bool requireAuth)
{
    SecurityConfig config;
    config.requireAuth = requireAuth;
    config.jwtSecret = Secret;
    ApiKey key;
    key.key = ServiceKey;
    key.identity.userId = u"ingest"_s;
    key.identity.tenant = u"acme"_s;
    key.identity.roles = {u"service"_s};
    config.apiKeys = {key};
    return config;
}

ConnectionAuthenticator make(const SecurityConfig &config, qint64 *now = nullptr)
{
    const auto result =
        ConnectionAuthenticator::create(config, [now] { return now ? *now : NowMs; });
    if (!result)
        qFatal("authenticator: %s", qPrintable(result.reason()));
    return *result;
}

QString token(qint64 exp, const QJsonObject &extra = {})
{
    QJsonObject claims{{"sub", "alice"}, {"name", "Alice"}, {"exp", double(exp)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        claims.insert(it.key(), it.value());
    return JwtSigner::hs256(Secret).token(claims);
}

} // namespace

class TestConnectionAuthenticator : public QObject
{
    Q_OBJECT

private slots:
    void decides_data();
    void decides();
    void anonymousIdentityFromQuery();
    void anonymousIdsAreRandom();
    void apiKeyIdentity();
    void tokenExpiresOnTheInjectedClock();
    void hookFunctionWorks();
    void createRefusesUnusableConfig();
    void apiKeyStoreRefusesBadKeys_data();
    void apiKeyStoreRefusesBadKeys();
    void apiKeyBySha256Only();
};

void TestConnectionAuthenticator::decides_data()
{
    QTest::addColumn<bool>("requireAuth");
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("anonymous");

    const QString valid = token(Now + 600);
    const QString expired = token(Now - 600);
    const QString early = token(Now + 600, {{"nbf", double(Now + 300)}});
    const QString forged = JwtSigner::hs256("some other secret, thirty-two bytes")
                               .token(QJsonObject{{"sub", "alice"}, {"exp", double(Now + 600)}});
    for (const bool strict : {true, false}) {
        const char *mode = strict ? "require-auth" : "anonymous mode";
        const auto row = [mode, strict](const char *name, const QString &token, bool accepted,
                                        bool anonymous) {
            QTest::addRow("%s: %s", mode, name) << strict << token << accepted << anonymous;
        };
        row("no token", QString(), !strict, true);
        row("valid JWT", valid, true, false);
        row("API key", QString::fromLatin1(ServiceKey), true, false);
        row("expired", expired, false, false);
        row("not yet valid", early, false, false);
        row("forged", forged, false, false);
        row("garbage", u"hello"_s, false, false);
        row("unknown API key", u"svc-key-0123456789abcdeX"_s, false, false);
        row("alg none",
            QString::fromLatin1(JwtSigner::base64url(QJsonObject{{"alg", "none"}}) + '.' +
                                JwtSigner::base64url(QJsonObject{{"sub", "a"}}) + '.'),
            false, false);
    }
}

void TestConnectionAuthenticator::decides()
{
    QFETCH(bool, requireAuth);
    QFETCH(QString, token);
    QFETCH(bool, accepted);
    QFETCH(bool, anonymous);
    const AuthResult result = make(config(requireAuth)).authenticate(request(token));
    QVERIFY2(result.accepted == accepted, qPrintable(result.reason));
    if (accepted) {
        QCOMPARE(result.identity.anonymous, anonymous);
        QVERIFY(!result.identity.userId.isEmpty());
    } else {
        QVERIFY(!result.reason.isEmpty());
        if (!token.isEmpty())
            QVERIFY2(!result.reason.contains(token), qPrintable(result.reason));
    }
}

void TestConnectionAuthenticator::anonymousIdentityFromQuery()
{
    const AuthResult result =
        make(config(false)).authenticate(request(QString(), u"user_id=u7&user_name=Jane%20D"_s));
    QVERIFY(result.accepted);
    QCOMPARE(result.identity.userId, u"u7"_s);
    QCOMPARE(result.identity.userName, u"Jane D"_s);
    QVERIFY(result.identity.anonymous);
    QVERIFY(result.identity.roles.isEmpty());

    // With a token, ?user_id= is ignored: the token says who it is.
    const AuthResult verified =
        make(config(false)).authenticate(request(token(Now + 60), u"user_id=root"_s));
    QVERIFY(verified.accepted);
    QCOMPARE(verified.identity.userId, u"alice"_s);
}

void TestConnectionAuthenticator::anonymousIdsAreRandom()
{
    const ConnectionAuthenticator authenticator = make(config(false));
    const Identity a = authenticator.authenticate(request(QString())).identity;
    const Identity b = authenticator.authenticate(request(QString())).identity;
    QVERIFY(a.userId.startsWith(u"anon-"_s));
    QCOMPARE(a.userId.size(), 5 + 12);
    QVERIFY(a.userId != b.userId);
    QCOMPARE(a.userName, a.userId);
}

void TestConnectionAuthenticator::apiKeyIdentity()
{
    const AuthResult result =
        make(config(true)).authenticate(request(QString::fromLatin1(ServiceKey)));
    QVERIFY(result.accepted);
    QCOMPARE(result.identity.userId, u"ingest"_s);
    QCOMPARE(result.identity.userName, u"ingest"_s);
    QCOMPARE(result.identity.tenant, u"acme"_s);
    QCOMPARE(result.identity.roles, QStringList{u"service"_s});
    QCOMPARE(result.identity.expiresAtMs, 0);
    QVERIFY(!result.identity.anonymous);
}

void TestConnectionAuthenticator::tokenExpiresOnTheInjectedClock()
{
    qint64 now = NowMs;
    const ConnectionAuthenticator authenticator = make(config(true), &now);
    const QString jwt = token(Now + 60);
    const AuthResult fresh = authenticator.verifyToken(jwt);
    QVERIFY(fresh.accepted);
    QCOMPARE(fresh.identity.expiresAtMs, (Now + 60) * 1000);
    now = (Now + 60 + 30) * 1000; // exp plus the default 30 s leeway
    QVERIFY(!authenticator.verifyToken(jwt).accepted);
}

void TestConnectionAuthenticator::hookFunctionWorks()
{
    const Authenticator hook = make(config(true)).authenticator();
    QVERIFY(hook(request(token(Now + 60))).accepted);
    QVERIFY(!hook(request(QString())).accepted);
}

void TestConnectionAuthenticator::createRefusesUnusableConfig()
{
    SecurityConfig nothing;
    nothing.requireAuth = true;
    const auto refused = ConnectionAuthenticator::create(nothing);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.reason().contains(u"require-auth"_s), qPrintable(refused.reason()));

    SecurityConfig open; // anonymous mode needs no keys
    QVERIFY(ConnectionAuthenticator::create(open).ok());
    // ... but then a JWT cannot be checked, and is refused, not ignored.
    const auto authenticator = ConnectionAuthenticator::create(open);
    QVERIFY(!authenticator->authenticate(request(token(Now + 60))).accepted);

    SecurityConfig shortSecret;
    shortSecret.jwtSecret = "short";
    QVERIFY(!ConnectionAuthenticator::create(shortSecret).ok());
}

void TestConnectionAuthenticator::apiKeyStoreRefusesBadKeys_data()
{
    QTest::addColumn<QList<ApiKey>>("keys");
    ApiKey good;
    good.key = ServiceKey;
    good.identity.userId = u"svc"_s;

    ApiKey noUser = good;
    noUser.identity.userId.clear();
    ApiKey shortKey = good;
    shortKey.key = "short";
    ApiKey nothing = good;
    nothing.key.clear();
    ApiKey badDigest = good;
    badDigest.key.clear();
    badDigest.sha256 = "not 32 bytes";
    ApiKey disagree = good;
    disagree.sha256 = ApiKeyStore::sha256("something else");
    ApiKey badPattern = good;
    badPattern.identity.channels = {u"a.***"_s};

    QTest::newRow("no user id") << QList<ApiKey>{noUser};
    QTest::newRow("short key") << QList<ApiKey>{shortKey};
    QTest::newRow("neither key nor digest") << QList<ApiKey>{nothing};
    QTest::newRow("digest of the wrong size") << QList<ApiKey>{badDigest};
    QTest::newRow("key and digest disagree") << QList<ApiKey>{disagree};
    QTest::newRow("bad channel pattern") << QList<ApiKey>{badPattern};
    QTest::newRow("same key twice") << QList<ApiKey>{good, good};
}

void TestConnectionAuthenticator::apiKeyStoreRefusesBadKeys()
{
    QFETCH(QList<ApiKey>, keys);
    const auto store = ApiKeyStore::create(keys);
    QVERIFY(!store.ok());
    QVERIFY(store.reason().startsWith(u"API key"_s));
    QVERIFY(!store.reason().contains(QString::fromLatin1(ServiceKey)));
}

void TestConnectionAuthenticator::apiKeyBySha256Only()
{
    ApiKey key;
    key.sha256 = ApiKeyStore::sha256(ServiceKey);
    key.identity.userId = u"svc"_s;
    ApiKey other;
    other.key = "another-key-0123456789";
    other.identity.userId = u"other"_s;
    const auto store = ApiKeyStore::create({other, key});
    QVERIFY2(store.ok(), qPrintable(store.reason()));
    QCOMPARE(store->find(QString::fromLatin1(ServiceKey))->userId, u"svc"_s);
    QCOMPARE(store->find(u"another-key-0123456789"_s)->userId, u"other"_s);
    QVERIFY(!store->find(u"svc-key"_s));
    QVERIFY(!store->find(QString()));
}

QTEST_APPLESS_MAIN(TestConnectionAuthenticator)
#include "tst_connectionauthenticator.moc"
