#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

struct evp_pkey_st;

/// Makes keys and signs tokens the way an issuer would, with OpenSSL's EVP
/// API, so the verifier is tested against independently made tokens.
class JwtSigner
{
public:
    static JwtSigner hs256(const QByteArray &secret);
    static JwtSigner rs256(int bits = 2048);
    /// ES256 with P-256; other curves make keys the verifier must refuse.
    static JwtSigner es256(const char *curve = "P-256");
    static JwtSigner ed25519();

    QString algorithm() const { return m_algorithm; }
    QByteArray publicKeyPem() const;
    QByteArray privateKeyPem() const;
    QByteArray secret() const { return m_secret; }

    /// The JWS signature of `input` as the algorithm spells it (ES256: R||S).
    QByteArray sign(const QByteArray &input) const;
    /// An ES256 signature left in OpenSSL's DER form (which JWS forbids).
    QByteArray signDer(const QByteArray &input) const;

    /// header.claims.signature with header {"alg": algorithm(), "typ": "JWT"}.
    QString token(const QJsonObject &claims) const;
    QString token(const QJsonObject &header, const QJsonObject &claims) const;
    /// Signs the two base64url parts as given, for payloads that are not
    /// JSON objects (or not base64url at all).
    QString token(const QByteArray &headerPart, const QByteArray &payloadPart) const;

    static QByteArray base64url(const QByteArray &bytes);
    static QByteArray base64url(const QJsonObject &object);

private:
    QString m_algorithm;
    QByteArray m_secret;
    std::shared_ptr<evp_pkey_st> m_key;
};
