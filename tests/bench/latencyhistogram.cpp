#include "latencyhistogram.h"

#include <algorithm>
#include <cmath>

namespace HeraldBench {

LatencyHistogram::LatencyHistogram()
    : m_counts(64 * 58, 0)
{}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (std::size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

std::uint64_t LatencyHistogram::midpoint(std::size_t index)
{
    if (index < 128)
        return index;
    const std::size_t shift = index / 64 - 1;
    const std::uint64_t mantissa = index % 64 + 64;
    const std::uint64_t low = mantissa << shift;
    const std::uint64_t high = ((mantissa + 1) << shift) - 1;
    return low + (high - low) / 2;
}

std::uint64_t LatencyHistogram::percentile(double q) const
{
    if (m_count == 0)
        return 0;
    const auto rank = std::uint64_t(std::max(1.0, std::ceil(q * double(m_count))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank)
            return std::min(midpoint(i), m_max);
    }
    return m_max;
}

} // namespace HeraldBench
