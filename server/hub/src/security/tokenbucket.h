#pragma once

#include <QtGlobal>

#include <chrono>

namespace Herald {

/// A token bucket: `count` tokens per `period` on average, at most `burst`
/// at once; it starts full. Time is passed in (monotonic milliseconds), so
/// the caller's clock, or a test's, drives it. Integer arithmetic throughout
/// (a token is `period` units, each millisecond adds `count` units), so
/// 100 per minute is exact and no rounding drifts.
class TokenBucket
{
public:
    /// count, period and burst below 1 are taken as 1.
    TokenBucket(qint64 count, std::chrono::milliseconds period, qint64 burst, qint64 nowMs);

    /// Takes `tokens` if that many are there; takes nothing otherwise.
    bool tryTake(qint64 nowMs, qint64 tokens = 1);
    /// Whole tokens there now.
    qint64 available(qint64 nowMs);
    /// Milliseconds until `tokens` will be there (0: now; -1: never, more
    /// than the burst).
    qint64 msUntil(qint64 nowMs, qint64 tokens = 1);

private:
    void refill(qint64 nowMs);

    qint64 m_count;
    qint64 m_periodMs;
    qint64 m_capacity; // burst x period units
    qint64 m_level;    // units
    qint64 m_lastMs;
};

} // namespace Herald
