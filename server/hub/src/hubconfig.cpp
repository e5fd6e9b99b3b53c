#include <herald/hubconfig.h>

#include "redis/redisurl.h"
#include "security/securityconfigloader.h"

namespace Herald {

QString HubConfig::validate() const
{
    using namespace std::chrono_literals;
    if (maxMessageSize < 64)
        return QStringLiteral("max message size must be at least 64 bytes");
    if (historySize < 0)
        return QStringLiteral("history size must not be negative");
    if (historyTtl < 0ms)
        return QStringLiteral("history TTL must not be negative");
    if (pingInterval < 0ms || idleTimeout < 0ms)
        return QStringLiteral("ping interval and idle timeout must not be negative");
    if (handshakeTimeout <= 0ms)
        return QStringLiteral("handshake timeout must be positive");
    if (maxPresenceEventSubscribers < 0)
        return QStringLiteral("the presence event limit must not be negative");
    if (!redisUrl.isEmpty()) {
        if (const auto url = RedisUrl::parse(redisUrl); !url)
            return QStringLiteral("invalid Redis URL: %1").arg(url.reason());
    }
    if (presenceHeartbeat < std::chrono::milliseconds(50))
        return QStringLiteral("the presence heartbeat must be at least 50 ms");
    if (statsInterval < std::chrono::milliseconds(10))
        return QStringLiteral("the stats interval must be at least 10 ms");
    if (threads < 1 || threads > 256)
        return QStringLiteral("threads must be between 1 and 256");
    if (security.outboxBytes < maxMessageSize)
        return QStringLiteral("the outbox bound must be at least the max message size");
    if (const Status status = SecurityConfigLoader::validate(security); !status)
        return status.reason();
    if (const QString problem = http.validate(); !problem.isEmpty())
        return problem;
    if (maxBadFrames < 1 || badFrameWindow <= 0ms)
        return QStringLiteral("bad-frame limit and window must be positive");
    return {};
}

} // namespace Herald
