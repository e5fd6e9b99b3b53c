#include "tokenbucket.h"

#include <algorithm>

namespace Herald {

TokenBucket::TokenBucket(qint64 count, std::chrono::milliseconds period, qint64 burst, qint64 nowMs)
    : m_count(std::max<qint64>(count, 1))
    , m_periodMs(std::max<qint64>(period.count(), 1))
    , m_capacity(std::max<qint64>(burst, 1) * m_periodMs)
    , m_level(m_capacity)
    , m_lastMs(nowMs)
{}

void TokenBucket::refill(qint64 nowMs)
{
    // A clock that steps back gives nothing and moves nothing.
    if (nowMs <= m_lastMs)
        return;
    const qint64 elapsed = nowMs - m_lastMs;
    m_lastMs = nowMs;
    const qint64 missing = m_capacity - m_level;
    // Compared before multiplying, so a long pause cannot overflow.
    if (elapsed >= (missing + m_count - 1) / m_count)
        m_level = m_capacity;
    else
        m_level += elapsed * m_count;
}

bool TokenBucket::tryTake(qint64 nowMs, qint64 tokens)
{
    refill(nowMs);
    if (tokens < 0 || tokens > m_capacity / m_periodMs)
        return false;
    const qint64 cost = tokens * m_periodMs;
    if (m_level < cost)
        return false;
    m_level -= cost;
    return true;
}

qint64 TokenBucket::available(qint64 nowMs)
{
    refill(nowMs);
    return m_level / m_periodMs;
}

qint64 TokenBucket::msUntil(qint64 nowMs, qint64 tokens)
{
    refill(nowMs);
    if (tokens < 0 || tokens > m_capacity / m_periodMs)
        return -1;
    const qint64 missing = tokens * m_periodMs - m_level;
    return missing <= 0 ? 0 : (missing + m_count - 1) / m_count;
}

} // namespace Herald
