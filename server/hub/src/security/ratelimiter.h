#pragma once

#include "tokenbucket.h"

#include <herald/securityconfig.h>

#include <chrono>
#include <optional>

namespace Herald {

/// One connection's frame budget (docs/security.md, "Rate limit"): frames
/// within the token bucket are allowed; over it they are refused (the hub
/// answers `rate_limited`); a client that keeps sending into refusals is
/// closed (4002). Refusals draw on a second bucket, abuseThreshold per
/// abuseWindow: a client may overshoot now and then and back off, but one
/// that goes on past that many refusals in a window is closed.
/// Not thread-safe: one per session, used on the session's thread.
class RateLimiter
{
public:
    enum class Verdict { Allow, Refuse, Close };

    struct Options
    {
        int rate = 1000; // 0: no limit
        std::chrono::milliseconds period{1000};
        int burst = 2000;
        int abuseThreshold = 200; // 0: never close
        std::chrono::milliseconds abuseWindow{10000};

        static Options from(const SecurityConfig &config);
    };

    RateLimiter(const Options &options, qint64 nowMs);

    /// One frame arrived at nowMs (monotonic milliseconds).
    Verdict onFrame(qint64 nowMs);

private:
    std::optional<TokenBucket> m_frames;
    std::optional<TokenBucket> m_refusals;
    bool m_closed = false;
};

} // namespace Herald
