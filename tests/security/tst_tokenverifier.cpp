// TokenVerifier: JWT HS256, RS256 and ES256 against tokens signed here with
// OpenSSL (issue 5, "Authentication"): valid, expired, not yet valid, forged,
// signed with another key, alg none, algorithm confusion, malformed.

#include "jwtsigner.h"
#include "tokenverifier.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;
using Refusal = TokenVerifier::Refusal;

namespace {

// 2027-01-15T08:00:00Z: a fixed "now", so no row depends on the real clock.
constexpr qint64 NowMs = 1800000000000;
constexpr qint64 Now = NowMs / 1000;
const QByteArray Secret = "0123456789abcdef0123456789abcdef-hs256";

QString refusalName(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None:
        return u"None"_s;
    case Refusal::Malformed:
        return u"Malformed"_s;
    case Refusal::Algorithm:
        return u"Algorithm"_s;
    case Refusal::Signature:
        return u"Signature"_s;
    case Refusal::Expired:
        return u"Expired"_s;
    case Refusal::NotYetValid:
        return u"NotYetValid"_s;
    case Refusal::Claims:
        return u"Claims"_s;
    }
    return u"?"_s;
}

QJsonObject changed(QJsonObject object, const QJsonObject &changes, const QStringList &removed)
{
    for (auto it = changes.begin(); it != changes.end(); ++it)
        object.insert(it.key(), it.value());
    for (const QString &key : removed)
        object.remove(key);
    return object;
}

QJsonObject claims(const QJsonObject &changes = {}, const QStringList &removed = {})
{
    return changed({{"sub", "alice"},
                    {"name", "Alice"},
                    {"tenant", "acme"},
                    {"roles", QJsonArray{"editor"}},
                    {"exp", double(Now + 3600)}},
                   changes, removed);
}

QJsonObject header(const QString &algorithm, const QJsonObject &extra = {})
{
    return changed({{"alg", algorithm}, {"typ", "JWT"}}, extra, {});
}

// The same token with one bit of its signature flipped.
QString forged(const QString &token)
{
    QStringList parts = token.split(u'.');
    QByteArray signature =
        QByteArray::fromBase64(parts[2].toLatin1(), QByteArray::Base64UrlEncoding);
    signature[0] = char(signature[0] ^ 0x01);
    parts[2] = QString::fromLatin1(JwtSigner::base64url(signature));
    return parts.join(u'.');
}

// The same signature on other claims.
QString withClaims(const QString &token, const QJsonObject &otherClaims)
{
    QStringList parts = token.split(u'.');
    parts[1] = QString::fromLatin1(JwtSigner::base64url(otherClaims));
    return parts.join(u'.');
}

} // namespace

class TestTokenVerifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verify_data();
    void verify();
    void identityFromClaims();
    void reasonsNeverHoldTheToken();
    void refusesOverlongAndNonAsciiTokens();
    void createRefusesBadKeys_data();
    void createRefusesBadKeys();
    void secretFileLineBreakIsNotPartOfTheSecret();
    void issuerAndAudience_data();
    void issuerAndAudience();
    void secretAndKeyTogetherStayApart();
    void expiryCanBeOptional();

private:
    QString writeFile(const QString &name, const QByteArray &contents);
    TokenVerifier make(const SecurityConfig &config);
    const JwtSigner &signer(const QString &algorithm) const;
    const JwtSigner &other(const QString &algorithm) const;
    void addRow(const char *name, const QString &verifier, const QString &token, Refusal refusal);

    QTemporaryDir m_dir;
    JwtSigner m_hs = JwtSigner::hs256(Secret);
    JwtSigner m_hsOther = JwtSigner::hs256("another secret of thirty-two bytes or more");
    JwtSigner m_rs;
    JwtSigner m_rsOther;
    JwtSigner m_es;
    JwtSigner m_esOther;
    QHash<QString, TokenVerifier> m_verifiers;
    QStringList m_tokensSeen;
};

QString TestTokenVerifier::writeFile(const QString &name, const QByteArray &contents)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

TokenVerifier TestTokenVerifier::make(const SecurityConfig &config)
{
    const auto verifier = TokenVerifier::create(config);
    if (!verifier)
        qFatal("verifier: %s", qPrintable(verifier.reason()));
    return *verifier;
}

const JwtSigner &TestTokenVerifier::signer(const QString &algorithm) const
{
    return algorithm == "HS256"_L1 ? m_hs : algorithm == "RS256"_L1 ? m_rs : m_es;
}

const JwtSigner &TestTokenVerifier::other(const QString &algorithm) const
{
    return algorithm == "HS256"_L1 ? m_hsOther : algorithm == "RS256"_L1 ? m_rsOther : m_esOther;
}

void TestTokenVerifier::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_rs = JwtSigner::rs256();
    m_rsOther = JwtSigner::rs256();
    m_es = JwtSigner::es256();
    m_esOther = JwtSigner::es256();

    SecurityConfig hs;
    hs.jwtSecret = Secret;
    m_verifiers.insert(u"HS256"_s, make(hs));
    SecurityConfig rs;
    rs.jwtPublicKeyFile = writeFile(u"rs.pem"_s, m_rs.publicKeyPem());
    m_verifiers.insert(u"RS256"_s, make(rs));
    SecurityConfig es;
    es.jwtPublicKeyFile = writeFile(u"es.pem"_s, m_es.publicKeyPem());
    m_verifiers.insert(u"ES256"_s, make(es));

    QCOMPARE(m_verifiers[u"HS256"_s].algorithms(), QStringList{u"HS256"_s});
    QCOMPARE(m_verifiers[u"RS256"_s].algorithms(), QStringList{u"RS256"_s});
    QCOMPARE(m_verifiers[u"ES256"_s].algorithms(), QStringList{u"ES256"_s});
}

void TestTokenVerifier::addRow(const char *name, const QString &verifier, const QString &token,
                               Refusal refusal)
{
    QTest::addRow("%s %s", qPrintable(verifier), name) << verifier << token << int(refusal);
}

void TestTokenVerifier::verify_data()
{
    QTest::addColumn<QString>("verifier");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("refusal");

    for (const QString &alg : {u"HS256"_s, u"RS256"_s, u"ES256"_s}) {
        const JwtSigner &s = signer(alg);
        const QString valid = s.token(claims());
        addRow("valid", alg, valid, Refusal::None);
        addRow("expired", alg, s.token(claims({{"exp", double(Now - 60)}})), Refusal::Expired);
        addRow("expired within the leeway", alg, s.token(claims({{"exp", double(Now - 10)}})),
               Refusal::None);
        addRow("expired exactly at the leeway", alg, s.token(claims({{"exp", double(Now - 30)}})),
               Refusal::Expired);
        addRow("not yet valid", alg, s.token(claims({{"nbf", double(Now + 60)}})),
               Refusal::NotYetValid);
        addRow("nbf within the leeway", alg, s.token(claims({{"nbf", double(Now + 10)}})),
               Refusal::None);
        addRow("forged signature", alg, forged(valid), Refusal::Signature);
        addRow("claims changed under the signature", alg,
               withClaims(valid, claims({{"sub", "mallory"}})), Refusal::Signature);
        addRow("roles added under the signature", alg,
               withClaims(valid, claims({{"roles", QJsonArray{"admin"}}})), Refusal::Signature);
        addRow("signed with another key", alg, other(alg).token(claims()), Refusal::Signature);
        addRow("alg none, no signature", alg,
               QString::fromLatin1(JwtSigner::base64url(header(u"none"_s)) + '.' +
                                   JwtSigner::base64url(claims()) + '.'),
               Refusal::Algorithm);
        addRow("alg none, a signature", alg, s.token(header(u"none"_s), claims()),
               Refusal::Algorithm);
        addRow("alg NoNe", alg, s.token(header(u"NoNe"_s), claims()), Refusal::Algorithm);
        addRow("alg HS512", alg, s.token(header(u"HS512"_s), claims()), Refusal::Algorithm);
        addRow("alg PS256", alg, s.token(header(u"PS256"_s), claims()), Refusal::Algorithm);
        addRow("no alg", alg, s.token(QJsonObject{{"typ", "JWT"}}, claims()), Refusal::Malformed);
        addRow("crit header", alg, s.token(header(alg, {{"crit", QJsonArray{"exp"}}}), claims()),
               Refusal::Malformed);
        addRow("embedded jwk is not followed", alg,
               other(alg).token(header(alg, {{"jwk", QJsonObject{{"kty", "oct"}}}}), claims()),
               Refusal::Signature);
        addRow("no sub", alg, s.token(claims({}, {u"sub"_s})), Refusal::Claims);
        addRow("empty sub", alg, s.token(claims({{"sub", ""}})), Refusal::Claims);
        addRow("numeric sub", alg, s.token(claims({{"sub", 42}})), Refusal::Claims);
        addRow("no exp", alg, s.token(claims({}, {u"exp"_s})), Refusal::Claims);
        addRow("exp as text", alg, s.token(claims({{"exp", "tomorrow"}})), Refusal::Claims);
        addRow("nbf as text", alg, s.token(claims({{"nbf", "now"}})), Refusal::Claims);
        addRow("roles not an array", alg, s.token(claims({{"roles", "admin"}})), Refusal::Claims);
        addRow("roles holding a number", alg, s.token(claims({{"roles", QJsonArray{1}}})),
               Refusal::Claims);
        addRow("channels not an array", alg, s.token(claims({{"channels", "a.*"}})),
               Refusal::Claims);
        addRow("channels with a bad pattern", alg,
               s.token(claims({{"channels", QJsonArray{"a.***"}}})), Refusal::Claims);
        addRow("tenant with a control character", alg,
               s.token(claims({{"tenant", u"ac\u001fme"_s}})), Refusal::Claims);
        addRow("sub with a line break", alg, s.token(claims({{"sub", "alice\nadmin"}})),
               Refusal::Claims);
        addRow("payload not JSON", alg,
               s.token(JwtSigner::base64url(header(alg)), JwtSigner::base64url("not json")),
               Refusal::Malformed);
        addRow("payload a JSON array", alg,
               s.token(JwtSigner::base64url(header(alg)), JwtSigner::base64url("[1,2]")),
               Refusal::Malformed);
        addRow("payload not base64url", alg, s.token(JwtSigner::base64url(header(alg)), "e30*"),
               Refusal::Malformed);
        addRow("header not JSON", alg,
               s.token(JwtSigner::base64url("{alg"), JwtSigner::base64url(claims())),
               Refusal::Malformed);
        addRow("two parts", alg, valid.section(u'.', 0, 1), Refusal::Malformed);
        addRow("four parts", alg, valid + u".e30"_s, Refusal::Malformed);
        addRow("padded signature", alg, valid + u"="_s, Refusal::Malformed);
        addRow("standard base64 alphabet", alg, valid.section(u'.', 0, 1) + u".ab+/"_s,
               Refusal::Malformed);
        addRow("white space", alg, valid + u" "_s, Refusal::Malformed);
        addRow("empty", alg, QString(), Refusal::Malformed);
    }

    // Algorithm confusion: an HS256 token whose "secret" is the public key,
    // or a token of one key type against the other.
    addRow("HS256 signed with the RSA public key", u"RS256"_s,
           JwtSigner::hs256(m_rs.publicKeyPem()).token(claims()), Refusal::Algorithm);
    addRow("HS256 signed with the EC public key", u"ES256"_s,
           JwtSigner::hs256(m_es.publicKeyPem()).token(claims()), Refusal::Algorithm);
    addRow("ES256 token against an RSA key", u"RS256"_s, m_es.token(claims()), Refusal::Algorithm);
    addRow("RS256 token against an EC key", u"ES256"_s, m_rs.token(claims()), Refusal::Algorithm);
    addRow("RS256 token against a secret", u"HS256"_s, m_rs.token(claims()), Refusal::Algorithm);
    addRow("ES256 header on an RS256 signature", u"ES256"_s,
           m_rs.token(header(u"ES256"_s), claims()), Refusal::Signature);
    {
        const QByteArray input =
            JwtSigner::base64url(header(u"ES256"_s)) + '.' + JwtSigner::base64url(claims());
        addRow("ES256 signature in DER form", u"ES256"_s,
               QString::fromLatin1(input + '.' + JwtSigner::base64url(m_es.signDer(input))),
               Refusal::Signature);
    }
}

void TestTokenVerifier::verify()
{
    QFETCH(QString, verifier);
    QFETCH(QString, token);
    QFETCH(int, refusal);

    const TokenVerifier::Outcome outcome = m_verifiers.value(verifier).verify(token, NowMs);
    QCOMPARE(refusalName(outcome.refusal), refusalName(Refusal(refusal)));
    QCOMPARE(outcome.ok(), outcome.reason.isEmpty());
    if (outcome.ok()) {
        QCOMPARE(outcome.identity.userId, u"alice"_s);
        QVERIFY(!outcome.identity.anonymous);
    } else {
        QVERIFY(outcome.identity.userId.isEmpty());
        QVERIFY(!outcome.toResult().ok());
    }
}

void TestTokenVerifier::identityFromClaims()
{
    const QString token = m_es.token(claims({{"channels", QJsonArray{"team.{tenant}.*", "news"}},
                                             {"roles", QJsonArray{"editor", "admin"}},
                                             {"exp", Now + 120.5}}));
    const auto result = m_verifiers[u"ES256"_s].verify(token, NowMs).toResult();
    QVERIFY2(result.ok(), qPrintable(result.reason()));
    QCOMPARE(result->userId, u"alice"_s);
    QCOMPARE(result->userName, u"Alice"_s);
    QCOMPARE(result->tenant, u"acme"_s);
    QCOMPARE(result->roles, (QStringList{u"editor"_s, u"admin"_s}));
    QCOMPARE(result->channels, (QStringList{u"team.{tenant}.*"_s, u"news"_s}));
    QCOMPARE(result->expiresAtMs, (Now + 120) * 1000 + 500);
    QCOMPARE(result->anonymous, false);

    // No name: the user id stands in, as for anonymous connections.
    const auto unnamed = m_verifiers[u"HS256"_s].verify(m_hs.token(claims({}, {u"name"_s})), NowMs);
    QVERIFY(unnamed.ok());
    QCOMPARE(unnamed.identity.userName, u"alice"_s);
}

void TestTokenVerifier::reasonsNeverHoldTheToken()
{
    // The reason goes to logs; nothing of the token may reach them.
    const QString secretish = u"SuperSecretClaimValue"_s;
    const QStringList tokens = {
        m_hs.token(claims({{"exp", double(Now - 60)}, {"sub", secretish}})),
        m_hs.token(header(secretish), claims()),
        forged(m_rs.token(claims({{"name", secretish}}))),
        m_hs.token(claims({{"roles", secretish}})),
        u"%1.%1.%1"_s.arg(secretish),
    };
    for (const QString &alg : {u"HS256"_s, u"RS256"_s, u"ES256"_s}) {
        for (const QString &token : tokens) {
            const auto outcome = m_verifiers[alg].verify(token, NowMs);
            QVERIFY(!outcome.ok());
            QVERIFY2(!outcome.reason.contains(secretish), qPrintable(outcome.reason));
            for (const QString &part : token.split(u'.')) {
                if (part.size() >= 8)
                    QVERIFY2(!outcome.reason.contains(part), qPrintable(outcome.reason));
            }
        }
    }
}

void TestTokenVerifier::refusesOverlongAndNonAsciiTokens()
{
    const TokenVerifier &verifier = m_verifiers[u"HS256"_s];
    const QString padded =
        m_hs.token(claims({{"pad", QString(TokenVerifier::MaxTokenLength, u'x')}}));
    QCOMPARE(refusalName(verifier.verify(padded, NowMs).refusal), u"Malformed"_s);
    const QString valid = m_hs.token(claims());
    QCOMPARE(refusalName(verifier.verify(valid + u"\u00e9"_s, NowMs).refusal), u"Malformed"_s);
}

void TestTokenVerifier::createRefusesBadKeys_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("secretFile");
    QTest::addColumn<QString>("keyFile");

    const QString missing = m_dir.filePath(u"missing.pem"_s);
    QTest::newRow("secret of 31 bytes") << QByteArray(31, 'k') << QString() << QString();
    QTest::newRow("secret file missing") << QByteArray() << missing << QString();
    QTest::newRow("short secret file")
        << QByteArray() << writeFile(u"short.secret"_s, "short\n") << QString();
    QTest::newRow("key file missing") << QByteArray() << QString() << missing;
    QTest::newRow("key file not PEM")
        << QByteArray() << QString() << writeFile(u"garbage.pem"_s, "not a key");
    QTest::newRow("private key instead of public")
        << QByteArray() << QString() << writeFile(u"private.pem"_s, m_es.privateKeyPem());
    QTest::newRow("RSA 1024 bits")
        << QByteArray() << QString()
        << writeFile(u"rsa1024.pem"_s, JwtSigner::rs256(1024).publicKeyPem());
    QTest::newRow("EC P-384") << QByteArray() << QString()
                              << writeFile(u"p384.pem"_s, JwtSigner::es256("P-384").publicKeyPem());
    QTest::newRow("Ed25519") << QByteArray() << QString()
                             << writeFile(u"ed25519.pem"_s, JwtSigner::ed25519().publicKeyPem());
}

void TestTokenVerifier::createRefusesBadKeys()
{
    QFETCH(QByteArray, secret);
    QFETCH(QString, secretFile);
    QFETCH(QString, keyFile);
    SecurityConfig config;
    config.jwtSecret = secret;
    config.jwtSecretFile = secretFile;
    config.jwtPublicKeyFile = keyFile;
    const auto verifier = TokenVerifier::create(config);
    QVERIFY(!verifier.ok());
    QVERIFY(!verifier.reason().isEmpty());
}

void TestTokenVerifier::secretFileLineBreakIsNotPartOfTheSecret()
{
    for (const QByteArray &ending : {QByteArray("\n"), QByteArray("\r\n"), QByteArray()}) {
        SecurityConfig config;
        config.jwtSecretFile = writeFile(u"jwt.secret"_s, Secret + ending);
        const TokenVerifier verifier = make(config);
        QVERIFY(verifier.verify(m_hs.token(claims()), NowMs).ok());
    }
}

void TestTokenVerifier::issuerAndAudience_data()
{
    QTest::addColumn<QJsonObject>("changes");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("both match") << QJsonObject{{"iss", "auth.example"}, {"aud", "herald"}} << true;
    QTest::newRow("aud array holds it")
        << QJsonObject{{"iss", "auth.example"}, {"aud", QJsonArray{"api", "herald"}}} << true;
    QTest::newRow("no iss") << QJsonObject{{"aud", "herald"}} << false;
    QTest::newRow("other iss") << QJsonObject{{"iss", "evil.example"}, {"aud", "herald"}} << false;
    QTest::newRow("no aud") << QJsonObject{{"iss", "auth.example"}} << false;
    QTest::newRow("other aud") << QJsonObject{{"iss", "auth.example"}, {"aud", "api"}} << false;
    QTest::newRow("aud array without it")
        << QJsonObject{{"iss", "auth.example"}, {"aud", QJsonArray{"api"}}} << false;
}

void TestTokenVerifier::issuerAndAudience()
{
    QFETCH(QJsonObject, changes);
    QFETCH(bool, accepted);
    SecurityConfig config;
    config.jwtSecret = Secret;
    config.issuer = u"auth.example"_s;
    config.audience = u"herald"_s;
    const auto outcome = make(config).verify(m_hs.token(claims(changes)), NowMs);
    QCOMPARE(outcome.ok(), accepted);
    if (!accepted)
        QCOMPARE(refusalName(outcome.refusal), u"Claims"_s);
}

void TestTokenVerifier::secretAndKeyTogetherStayApart()
{
    SecurityConfig config;
    config.jwtSecret = Secret;
    config.jwtPublicKeyFile = writeFile(u"both.pem"_s, m_rs.publicKeyPem());
    const TokenVerifier verifier = make(config);
    QCOMPARE(verifier.algorithms(), (QStringList{u"HS256"_s, u"RS256"_s}));
    QVERIFY(verifier.verify(m_hs.token(claims()), NowMs).ok());
    QVERIFY(verifier.verify(m_rs.token(claims()), NowMs).ok());
    // HS256 is checked with the secret only, never with the key's bytes.
    const auto confused =
        verifier.verify(JwtSigner::hs256(m_rs.publicKeyPem()).token(claims()), NowMs);
    QCOMPARE(refusalName(confused.refusal), u"Signature"_s);
    QCOMPARE(refusalName(verifier.verify(m_es.token(claims()), NowMs).refusal), u"Algorithm"_s);
}

void TestTokenVerifier::expiryCanBeOptional()
{
    SecurityConfig config;
    config.jwtSecret = Secret;
    config.requireExpiry = false;
    const auto outcome = make(config).verify(m_hs.token(claims({}, {u"exp"_s})), NowMs);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.identity.expiresAtMs, 0);
}

QTEST_APPLESS_MAIN(TestTokenVerifier)
#include "tst_tokenverifier.moc"
