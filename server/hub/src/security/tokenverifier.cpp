#include "tokenverifier.h"

#include "channelpattern.h"
#include "plaintext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cmath>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// The latest NumericDate we take at face value: 9999-12-31T23:59:59Z.
constexpr double MaxNumericDate = 253402300799.0;
constexpr qsizetype MaxClaimLength = 256;

using Outcome = TokenVerifier::Outcome;
using Refusal = TokenVerifier::Refusal;

Outcome refuse(Refusal refusal, QString reason)
{
    // What failed inside OpenSSL stays on this thread's error queue unless
    // cleared, where a later, unrelated TLS call would find it.
    ERR_clear_error();
    return Outcome{refusal, std::move(reason), {}};
}

// RFC 7515 2: base64url without padding. Anything else (padding, '+', '/',
// white space, bits left over) is refused rather than repaired, so one token
// has exactly one spelling.
std::optional<QByteArray> decodeBase64Url(QByteArrayView text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    const QByteArray input = text.toByteArray();
    const auto options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    auto decoded =
        QByteArray::fromBase64Encoding(input, options | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(options) != input)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<QJsonObject> decodeJsonPart(QByteArrayView part)
{
    const auto bytes = decodeBase64Url(part);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// The header's `alg` may be shown in a reason only if it looks like one:
// it is the sender's text, and a reason ends up in logs.
QString printableAlgorithm(const QString &algorithm)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9]{1,16}$"_s);
    return plain.match(algorithm).hasMatch() ? u"'%1'"_s.arg(algorithm) : u"(unprintable)"_s;
}

bool isPlainText(const QString &text)
{
    return text.size() <= MaxClaimLength && !PlainText::hasControl(text);
}

std::optional<QStringList> stringArray(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QStringList result;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString() || !isPlainText(item.toString()))
            return std::nullopt;
        result.append(item.toString());
    }
    return result;
}

std::optional<qint64> numericDateMs(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > MaxNumericDate)
        return std::nullopt;
    return qint64(std::floor(seconds * 1000.0));
}

Result<QByteArray> readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(
            u"cannot read %1 %2: %3"_s.arg(what, path, file.errorString()));
    return file.readAll();
}

Result<std::shared_ptr<evp_pkey_st>> loadPublicKey(const QByteArray &pem)
{
    using KeyResult = Result<std::shared_ptr<evp_pkey_st>>;
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    if (!bio)
        return KeyResult::failure(u"out of memory reading the public key"_s);
    EVP_PKEY *key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ERR_clear_error();
    if (!key)
        return KeyResult::failure(u"not a PEM public key (BEGIN PUBLIC KEY)"_s);
    return std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free);
}

bool isP256(EVP_PKEY *key)
{
    char group[80] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) != 1) {
        ERR_clear_error();
        return false;
    }
    const QByteArrayView name(group, qsizetype(length));
    return name == "prime256v1" || name == "P-256" || name == "secp256r1";
}

// JWS ES256 signatures are R || S, 32 bytes each (RFC 7518 3.4); OpenSSL
// verifies the DER form.
std::optional<QByteArray> es256ToDer(const QByteArray &signature)
{
    if (signature.size() != 64)
        return std::nullopt;
    const auto *raw = reinterpret_cast<const unsigned char *>(signature.constData());
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, nullptr);
    BIGNUM *s = BN_bin2bn(raw + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return std::nullopt;
    }
    const int length = i2d_ECDSA_SIG(sig, nullptr);
    std::optional<QByteArray> der;
    if (length > 0) {
        der = QByteArray(length, Qt::Uninitialized);
        auto *out = reinterpret_cast<unsigned char *>(der->data());
        if (i2d_ECDSA_SIG(sig, &out) != length)
            der.reset();
    }
    ECDSA_SIG_free(sig);
    return der;
}

bool verifyWithKey(EVP_PKEY *key, const QByteArray &signingInput, const QByteArray &signature)
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (!context)
        return false;
    const bool ok =
        EVP_DigestVerifyInit_ex(context, nullptr, "SHA256", nullptr, nullptr, key, nullptr) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(signature.constData()),
                         std::size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(signingInput.constData()),
                         std::size_t(signingInput.size())) == 1;
    EVP_MD_CTX_free(context);
    return ok;
}

bool verifyHs256(const QByteArray &secret, const QByteArray &signingInput,
                 const QByteArray &signature)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t macLength = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.constData(),
                   std::size_t(secret.size()),
                   reinterpret_cast<const unsigned char *>(signingInput.constData()),
                   std::size_t(signingInput.size()), mac, sizeof mac, &macLength)) {
        return false;
    }
    // The length is public (always 32); the bytes are compared in constant
    // time so the time taken says nothing about how much of a forgery fits.
    return std::size_t(signature.size()) == macLength &&
           CRYPTO_memcmp(mac, signature.constData(), macLength) == 0;
}

} // namespace

Result<TokenVerifier> TokenVerifier::create(const SecurityConfig &config)
{
    TokenVerifier verifier;
    verifier.m_leewayMs = qint64(config.leeway.count()) * 1000;
    verifier.m_requireExpiry = config.requireExpiry;
    verifier.m_issuer = config.issuer;
    verifier.m_audience = config.audience;

    verifier.m_secret = config.jwtSecret;
    if (verifier.m_secret.isEmpty() && !config.jwtSecretFile.isEmpty()) {
        auto secret = readFile(config.jwtSecretFile, u"JWT secret file"_s);
        if (!secret)
            return Result<TokenVerifier>::failure(secret.reason());
        // `echo secret > file` leaves a line break that is not part of it.
        QByteArray bytes = *secret;
        while (bytes.endsWith('\n') || bytes.endsWith('\r'))
            bytes.chop(1);
        verifier.m_secret = bytes;
    }
    if (!verifier.m_secret.isEmpty() && verifier.m_secret.size() < MinSecretLength)
        return Result<TokenVerifier>::failure(
            u"the JWT secret is shorter than %1 bytes"_s.arg(MinSecretLength));

    if (!config.jwtPublicKeyFile.isEmpty()) {
        const auto pem = readFile(config.jwtPublicKeyFile, u"JWT public key file"_s);
        if (!pem)
            return Result<TokenVerifier>::failure(pem.reason());
        auto key = loadPublicKey(*pem);
        if (!key)
            return Result<TokenVerifier>::failure(
                u"%1: %2"_s.arg(config.jwtPublicKeyFile, key.reason()));
        EVP_PKEY *raw = key->get();
        if (EVP_PKEY_is_a(raw, "RSA")) {
            if (EVP_PKEY_get_bits(raw) < 2048)
                return Result<TokenVerifier>::failure(
                    u"%1: an RSA key for RS256 needs at least 2048 bits"_s.arg(
                        config.jwtPublicKeyFile));
            verifier.m_keyAlgorithm = KeyAlgorithm::RS256;
        } else if (EVP_PKEY_is_a(raw, "EC") && isP256(raw)) {
            verifier.m_keyAlgorithm = KeyAlgorithm::ES256;
        } else {
            ERR_clear_error();
            return Result<TokenVerifier>::failure(
                u"%1: the key is neither RSA (RS256) nor EC P-256 (ES256)"_s.arg(
                    config.jwtPublicKeyFile));
        }
        verifier.m_publicKey = *key;
    }
    return verifier;
}

bool TokenVerifier::isConfigured() const
{
    return !m_secret.isEmpty() || m_keyAlgorithm != KeyAlgorithm::None;
}

QStringList TokenVerifier::algorithms() const
{
    QStringList result;
    if (!m_secret.isEmpty())
        result.append(u"HS256"_s);
    if (m_keyAlgorithm == KeyAlgorithm::RS256)
        result.append(u"RS256"_s);
    if (m_keyAlgorithm == KeyAlgorithm::ES256)
        result.append(u"ES256"_s);
    return result;
}

TokenVerifier::Outcome TokenVerifier::verify(const QString &token, qint64 nowMs) const
{
    if (token.isEmpty())
        return refuse(Refusal::Malformed, u"no token"_s);
    if (token.size() > MaxTokenLength)
        return refuse(Refusal::Malformed, u"token longer than %1 characters"_s.arg(MaxTokenLength));
    const QByteArray bytes = token.toLatin1();
    if (QString::fromLatin1(bytes) != token)
        return refuse(Refusal::Malformed, u"token is not ASCII"_s);
    const QList<QByteArray> parts = bytes.split('.');
    if (parts.size() != 3)
        return refuse(Refusal::Malformed, u"token is not three dot-separated parts"_s);

    const auto header = decodeJsonPart(parts.at(0));
    if (!header)
        return refuse(Refusal::Malformed, u"token header is not base64url JSON"_s);
    const QJsonValue algorithm = header->value("alg"_L1);
    if (!algorithm.isString())
        return refuse(Refusal::Malformed, u"token header has no alg"_s);
    // RFC 7515 4.1.11: extensions marked critical must be understood; we
    // understand none. jku, jwk and x5u are never followed: the key is ours.
    if (header->contains("crit"_L1))
        return refuse(Refusal::Malformed, u"token header has crit extensions"_s);

    const auto signature = decodeBase64Url(parts.at(2));
    if (!signature)
        return refuse(Refusal::Malformed, u"token signature is not base64url"_s);
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    Outcome checked = checkSignature(algorithm.toString(), signingInput, *signature);
    if (!checked.ok())
        return checked;

    const auto payload = decodeBase64Url(parts.at(1));
    if (!payload)
        return refuse(Refusal::Malformed, u"token payload is not base64url"_s);
    return readClaims(*payload, nowMs);
}

TokenVerifier::Outcome TokenVerifier::checkSignature(const QString &algorithm,
                                                     const QByteArray &signingInput,
                                                     const QByteArray &signature) const
{
    bool ok = false;
    if (algorithm == "HS256"_L1) {
        if (m_secret.isEmpty())
            return refuse(Refusal::Algorithm, u"algorithm HS256 is not configured"_s);
        ok = verifyHs256(m_secret, signingInput, signature);
    } else if (algorithm == "RS256"_L1) {
        if (m_keyAlgorithm != KeyAlgorithm::RS256)
            return refuse(Refusal::Algorithm, u"algorithm RS256 is not configured"_s);
        ok = verifyWithKey(m_publicKey.get(), signingInput, signature);
    } else if (algorithm == "ES256"_L1) {
        if (m_keyAlgorithm != KeyAlgorithm::ES256)
            return refuse(Refusal::Algorithm, u"algorithm ES256 is not configured"_s);
        const auto der = es256ToDer(signature);
        ok = der && verifyWithKey(m_publicKey.get(), signingInput, *der);
    } else if (algorithm.compare("none"_L1, Qt::CaseInsensitive) == 0) {
        return refuse(Refusal::Algorithm, u"unsigned tokens (alg none) are never accepted"_s);
    } else {
        return refuse(Refusal::Algorithm,
                      u"algorithm %1 is not supported"_s.arg(printableAlgorithm(algorithm)));
    }
    if (!ok)
        return refuse(Refusal::Signature, u"token signature does not verify"_s);
    return {};
}

TokenVerifier::Outcome TokenVerifier::readClaims(const QByteArray &payload, qint64 nowMs) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return refuse(Refusal::Malformed, u"token payload is not a JSON object"_s);
    const QJsonObject claims = document.object();

    Identity identity;
    identity.anonymous = false;
    const QJsonValue subject = claims.value("sub"_L1);
    if (!subject.isString() || subject.toString().isEmpty() || !isPlainText(subject.toString()))
        return refuse(Refusal::Claims, u"token has no usable sub claim"_s);
    identity.userId = subject.toString();

    const auto optionalText = [&claims](QLatin1StringView name, QString *out) {
        const QJsonValue value = claims.value(name);
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString() || !isPlainText(value.toString()))
            return false;
        *out = value.toString();
        return true;
    };
    if (!optionalText("name"_L1, &identity.userName))
        return refuse(Refusal::Claims, u"token name claim is not plain text"_s);
    if (identity.userName.isEmpty())
        identity.userName = identity.userId;
    if (!optionalText("tenant"_L1, &identity.tenant))
        return refuse(Refusal::Claims, u"token tenant claim is not plain text"_s);

    for (const auto &[name, list] :
         {std::pair{"roles"_L1, &identity.roles}, std::pair{"channels"_L1, &identity.channels}}) {
        const QJsonValue value = claims.value(name);
        if (value.isUndefined() || value.isNull())
            continue;
        const auto strings = stringArray(value);
        if (!strings)
            return refuse(Refusal::Claims,
                          u"token %1 claim is not an array of strings"_s.arg(name));
        *list = *strings;
    }
    for (const QString &pattern : std::as_const(identity.channels)) {
        if (!ChannelPattern::parse(pattern))
            return refuse(Refusal::Claims, u"token channels claim holds an invalid pattern"_s);
    }

    if (!m_issuer.isEmpty() && claims.value("iss"_L1).toString() != m_issuer)
        return refuse(Refusal::Claims, u"token issuer is not the configured one"_s);
    if (!m_audience.isEmpty()) {
        const QJsonValue audience = claims.value("aud"_L1);
        const bool named = audience.isString()
                               ? audience.toString() == m_audience
                               : audience.isArray() && audience.toArray().contains(m_audience);
        if (!named)
            return refuse(Refusal::Claims, u"token audience does not name this hub"_s);
    }

    const QJsonValue expiry = claims.value("exp"_L1);
    if (expiry.isUndefined()) {
        if (m_requireExpiry)
            return refuse(Refusal::Claims, u"token has no exp claim"_s);
    } else {
        const auto expiresAt = numericDateMs(expiry);
        if (!expiresAt)
            return refuse(Refusal::Claims, u"token exp claim is not a date"_s);
        if (nowMs >= *expiresAt + m_leewayMs)
            return refuse(Refusal::Expired, u"token expired"_s);
        identity.expiresAtMs = *expiresAt;
    }
    const QJsonValue notBefore = claims.value("nbf"_L1);
    if (!notBefore.isUndefined()) {
        const auto validFrom = numericDateMs(notBefore);
        if (!validFrom)
            return refuse(Refusal::Claims, u"token nbf claim is not a date"_s);
        if (nowMs + m_leewayMs < *validFrom)
            return refuse(Refusal::NotYetValid, u"token not valid yet"_s);
    }
    return Outcome{Refusal::None, {}, identity};
}

} // namespace Herald
