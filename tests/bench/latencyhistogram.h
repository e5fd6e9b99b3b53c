#pragma once

#include <cstdint>
#include <vector>

namespace HeraldBench {

/// Log-linear histogram of nanosecond values: exact below 128 ns, then 64
/// buckets per power of two (about 1.6 % resolution), constant memory.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(std::int64_t ns)
    {
        const std::uint64_t v = ns > 0 ? std::uint64_t(ns) : 0;
        ++m_counts[index(v)];
        ++m_count;
        if (v > m_max)
            m_max = v;
    }
    void merge(const LatencyHistogram &other);

    std::uint64_t count() const { return m_count; }
    std::uint64_t max() const { return m_max; }
    /// The value at quantile q (0..1), in ns; 0 when empty.
    std::uint64_t percentile(double q) const;

private:
    static std::size_t index(std::uint64_t v)
    {
        if (v < 128)
            return std::size_t(v);
        const int exponent = 63 - __builtin_clzll(v);
        const int shift = exponent - 6;
        return std::size_t(shift) * 64 + std::size_t(v >> shift);
    }
    static std::uint64_t midpoint(std::size_t index);

    std::vector<std::uint64_t> m_counts;
    std::uint64_t m_count = 0;
    std::uint64_t m_max = 0;
};

} // namespace HeraldBench
