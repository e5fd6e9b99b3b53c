#include "ratelimiter.h"

namespace Herald {

RateLimiter::Options RateLimiter::Options::from(const SecurityConfig &config)
{
    return {config.rateLimit, config.ratePeriod, config.rateBurst, config.abuseThreshold,
            config.abuseWindow};
}

RateLimiter::RateLimiter(const Options &options, qint64 nowMs)
{
    if (options.rate > 0)
        m_frames.emplace(options.rate, options.period, options.burst, nowMs);
    if (options.rate > 0 && options.abuseThreshold > 0)
        m_refusals.emplace(options.abuseThreshold, options.abuseWindow, options.abuseThreshold,
                           nowMs);
}

RateLimiter::Verdict RateLimiter::onFrame(qint64 nowMs)
{
    // Once closed, every later frame (still in flight) is too.
    if (m_closed)
        return Verdict::Close;
    if (!m_frames || m_frames->tryTake(nowMs))
        return Verdict::Allow;
    if (m_refusals && !m_refusals->tryTake(nowMs)) {
        m_closed = true;
        return Verdict::Close;
    }
    return Verdict::Refuse;
}

} // namespace Herald
