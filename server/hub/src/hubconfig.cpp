#include <herald/hubconfig.h>

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
    if (maxBadFrames < 1 || badFrameWindow <= 0ms)
        return QStringLiteral("bad-frame limit and window must be positive");
    return {};
}

} // namespace Herald
