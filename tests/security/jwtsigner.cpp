#include "jwtsigner.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

namespace {

std::shared_ptr<evp_pkey_st> generate(EVP_PKEY *key)
{
    if (!key)
        throw std::runtime_error("key generation failed");
    return std::shared_ptr<evp_pkey_st>(key, EVP_PKEY_free);
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray result(data, int(length));
    BIO_free(bio);
    return result;
}

QByteArray digestSign(EVP_PKEY *key, const char *digest, const QByteArray &input)
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    std::size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    QByteArray signature;
    if (EVP_DigestSignInit_ex(context, nullptr, digest, nullptr, nullptr, key, nullptr) == 1 &&
        EVP_DigestSign(context, nullptr, &length, data, std::size_t(input.size())) == 1) {
        signature.resize(qsizetype(length));
        if (EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                           data, std::size_t(input.size())) == 1) {
            signature.resize(qsizetype(length));
        } else {
            signature.clear();
        }
    }
    EVP_MD_CTX_free(context);
    if (signature.isEmpty())
        throw std::runtime_error("signing failed");
    return signature;
}

} // namespace

JwtSigner JwtSigner::hs256(const QByteArray &secret)
{
    JwtSigner signer;
    signer.m_algorithm = QStringLiteral("HS256");
    signer.m_secret = secret;
    return signer;
}

JwtSigner JwtSigner::rs256(int bits)
{
    JwtSigner signer;
    signer.m_algorithm = QStringLiteral("RS256");
    signer.m_key = generate(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(bits)));
    return signer;
}

JwtSigner JwtSigner::es256(const char *curve)
{
    JwtSigner signer;
    signer.m_algorithm = QStringLiteral("ES256");
    signer.m_key = generate(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
    return signer;
}

JwtSigner JwtSigner::ed25519()
{
    JwtSigner signer;
    signer.m_algorithm = QStringLiteral("EdDSA");
    signer.m_key = generate(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    return signer;
}

QByteArray JwtSigner::publicKeyPem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, m_key.get());
    return drain(bio);
}

QByteArray JwtSigner::privateKeyPem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return drain(bio);
}

QByteArray JwtSigner::signDer(const QByteArray &input) const
{
    return digestSign(m_key.get(), "SHA256", input);
}

QByteArray JwtSigner::sign(const QByteArray &input) const
{
    if (!m_secret.isEmpty()) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        std::size_t length = 0;
        if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, m_secret.constData(),
                       std::size_t(m_secret.size()),
                       reinterpret_cast<const unsigned char *>(input.constData()),
                       std::size_t(input.size()), mac, sizeof mac, &length)) {
            throw std::runtime_error("HMAC failed");
        }
        return QByteArray(reinterpret_cast<const char *>(mac), qsizetype(length));
    }
    if (m_algorithm == QLatin1StringView("EdDSA"))
        return digestSign(m_key.get(), nullptr, input);
    const QByteArray der = signDer(input);
    if (m_algorithm != QLatin1StringView("ES256"))
        return der;
    // DER (SEQUENCE of two INTEGERs) to JWS's fixed-width R || S.
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
    const int width = (EVP_PKEY_get_bits(m_key.get()) + 7) / 8;
    QByteArray raw(2 * width, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char *>(raw.data()), width);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char *>(raw.data()) + width,
                 width);
    ECDSA_SIG_free(sig);
    return raw;
}

QByteArray JwtSigner::base64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray JwtSigner::base64url(const QJsonObject &object)
{
    return base64url(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString JwtSigner::token(const QJsonObject &claims) const
{
    return token(QJsonObject{{QStringLiteral("alg"), m_algorithm}, {QStringLiteral("typ"), "JWT"}},
                 claims);
}

QString JwtSigner::token(const QJsonObject &header, const QJsonObject &claims) const
{
    return token(base64url(header), base64url(claims));
}

QString JwtSigner::token(const QByteArray &headerPart, const QByteArray &payloadPart) const
{
    const QByteArray input = headerPart + '.' + payloadPart;
    return QString::fromLatin1(input + '.' + base64url(sign(input)));
}
