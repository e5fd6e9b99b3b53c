#pragma once

#include <herald/apikey.h>
#include <herald/channelrule.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Herald {

/// Who may connect, what they may do on which channel, and how much of the
/// hub one client may use (docs/security.md). The defaults are the embedded,
/// localhost setup: anonymous clients allowed, every limit on.
/// A limit of 0 means "no limit" unless said otherwise.
struct SecurityConfig
{
    /// What happens on a channel no rule and no `channels` claim decides.
    enum class Fallback {
        Auto,  // Deny when requireAuth is on, Allow when it is off
        Allow, // anything not refused by a rule is allowed
        Deny,  // anything not allowed by a rule or a claim is refused
    };

    // Authentication ([auth]).

    /// A connection without a valid token is closed with 4001.
    bool requireAuth = false;
    /// HS256 shared secret, at least 32 bytes (RFC 7518 3.2). Empty: read
    /// from jwtSecretFile if that is set; neither: HS256 is refused.
    QByteArray jwtSecret;
    QString jwtSecretFile;
    /// PEM public key (`BEGIN PUBLIC KEY`); its type picks the algorithm:
    /// RSA (2048 bits or more) for RS256, EC P-256 for ES256.
    QString jwtPublicKeyFile;
    /// Clock skew tolerated on `exp` and `nbf`.
    std::chrono::seconds leeway{30};
    /// A JWT without `exp` is refused: a token that never expires cannot be
    /// taken back.
    bool requireExpiry = true;
    /// If set, the token's `iss` must be exactly this.
    QString issuer;
    /// If set, the token's `aud` (string or array) must contain this.
    QString audience;
    QList<ApiKey> apiKeys;
    /// Origins allowed at the WebSocket handshake (scheme://host[:port]);
    /// empty: any. A request without an Origin header is not a browser and
    /// is let through (the header would be forgeable anyway).
    QStringList allowedOrigins;

    // Channel permissions ([rules]).

    QList<ChannelRule> rules = defaultRules();
    Fallback fallback = Fallback::Auto;

    // Limits ([limits]).

    int maxConnections = 10000;
    int maxConnectionsPerUser = 5;
    int maxConnectionsPerTenant = 100;
    int maxSubscriptionsPerConnection = 1000;
    /// Channel names are 1..maxChannelNameLength characters from
    /// channelNameCharacters (ranges like `a-z`; a `-` first or last is
    /// itself). Control characters are always refused.
    int maxChannelNameLength = 200;
    QString channelNameCharacters = QStringLiteral("A-Za-z0-9._:@/-");
    /// Frames a connection may send: rateLimit per ratePeriod on average,
    /// up to rateBurst at once. rateLimit 0: no limit.
    int rateLimit = 1000;
    std::chrono::milliseconds ratePeriod{1000};
    int rateBurst = 2000;
    /// More than abuseThreshold refused frames within abuseWindow closes
    /// the connection with 4002. 0: never close for it.
    int abuseThreshold = 200;
    std::chrono::milliseconds abuseWindow{10000};
    /// Bytes queued for a client before it is a slow consumer (4005).
    qint64 outboxBytes = 8 * 1024 * 1024;

    // TLS ([tls]): both set serves wss://.

    QString tlsCertificateFile;
    QString tlsKeyFile;

    /// Seed 002: `user.{user_id}.**` only its owner, `public.**` everyone,
    /// `admin.**` role admin.
    static QList<ChannelRule> defaultRules()
    {
        const QList<Action> all = ChannelRule::allActions();
        return {
            {QStringLiteral("user.{user_id}.**"), all, {}},
            {QStringLiteral("user.**"), {}, {}},
            {QStringLiteral("public.**"), all, {}},
            {QStringLiteral("admin.**"), all, {QStringLiteral("admin")}},
            {QStringLiteral("admin.**"), {}, {}},
        };
    }

    /// The fallback with Auto resolved.
    bool fallbackAllows() const
    {
        return fallback == Fallback::Allow || (fallback == Fallback::Auto && !requireAuth);
    }
};

} // namespace Herald
