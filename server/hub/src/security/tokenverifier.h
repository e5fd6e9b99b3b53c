#pragma once

#include <herald/identity.h>
#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QByteArray>
#include <QString>

#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of this header

namespace Herald {

/// Verifies JSON Web Tokens (RFC 7519) signed HS256, RS256 or ES256 with
/// OpenSSL, and turns their claims into an Identity. Only the algorithms
/// whose key is configured are accepted, each with its own key: `none`, an
/// HS256 token against a public key, or an RS256 token against an EC key
/// are refused. Immutable once made; verify() may run on any thread.
class TokenVerifier
{
public:
    /// Why a token was refused, for tests and metrics; the reason text is
    /// for logs and never holds the token or any part of it.
    enum class Refusal {
        None,
        Malformed,   // not three base64url parts of JSON, or too long
        Algorithm,   // `none`, unknown, or not configured
        Signature,   // forged, or signed with another key
        Expired,     // past `exp` (plus leeway)
        NotYetValid, // before `nbf` (minus leeway)
        Claims,      // `sub` missing, a claim of the wrong type, wrong iss/aud
    };

    struct Outcome
    {
        Refusal refusal = Refusal::None;
        QString reason;
        Identity identity;

        bool ok() const { return refusal == Refusal::None; }
        Result<Identity> toResult() const
        {
            return ok() ? Result<Identity>(identity) : Result<Identity>::failure(reason);
        }
    };

    /// Longest token looked at; a query string holds no more anyway.
    static constexpr qsizetype MaxTokenLength = 8192;
    /// RFC 7518 3.2: an HS256 key at least as long as the hash.
    static constexpr qsizetype MinSecretLength = 32;

    /// Reads the secret and public key files; fails on a missing file, a
    /// short secret, a key that is not RSA >= 2048 bits or EC P-256.
    static Result<TokenVerifier> create(const SecurityConfig &config);

    /// Whether any algorithm is configured (else every JWT is refused).
    bool isConfigured() const;
    QStringList algorithms() const;

    Outcome verify(const QString &token, qint64 nowMs) const;

private:
    enum class KeyAlgorithm { None, RS256, ES256 };

    Outcome checkSignature(const QString &algorithm, const QByteArray &signingInput,
                           const QByteArray &signature) const;
    Outcome readClaims(const QByteArray &payload, qint64 nowMs) const;

    QByteArray m_secret;
    std::shared_ptr<evp_pkey_st> m_publicKey;
    KeyAlgorithm m_keyAlgorithm = KeyAlgorithm::None;
    qint64 m_leewayMs = 0;
    bool m_requireExpiry = true;
    QString m_issuer;
    QString m_audience;
};

} // namespace Herald
