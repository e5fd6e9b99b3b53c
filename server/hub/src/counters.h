#pragma once

#include <herald/wire/errorcode.h>

#include <QtGlobal>

#include <array>
#include <atomic>

namespace Herald {

/// A shard's running totals. Written only by the shard's own thread, read
/// by anyone: relaxed atomics, so counting costs no more than a plain add
/// and no cache line is shared between threads.
struct Counters
{
    using Count = std::atomic<quint64>;

    static constexpr std::array<qint64, 8> kSizeBounds{64,    256,   1024,   4096,
                                                       16384, 65536, 262144, 1048576};
    static constexpr std::array<int, 14> kCloseCodes{1000, 1001, 1002, 1003, 1006, 1007, 1008,
                                                     1009, 1011, 4001, 4002, 4003, 4004, 4005};
    static constexpr int kErrorCodes = 7;

    Count accepted{0};
    /// Sent to this shard but never taken: its descriptor table was full.
    Count dropped{0};
    Count messagesIn{0};
    Count messagesOut{0};
    Count bytesIn{0};
    Count bytesOut{0};
    Count publications{0};
    Count deliveries{0};
    Count rateLimited{0};
    std::array<Count, kErrorCodes> errors{};
    std::array<Count, kCloseCodes.size() + 1> closes{}; // the last: any other code
    std::array<Count, kSizeBounds.size() + 1> sizes{};
    Count sizeSum{0};

    static void add(Count &count, quint64 amount = 1)
    {
        count.store(count.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
    }
    void error(Wire::ErrorCode code) { add(errors[std::size_t(code)]); }
    void closed(int code)
    {
        std::size_t i = 0;
        while (i < kCloseCodes.size() && kCloseCodes[i] != code)
            ++i;
        add(closes[i]);
    }
    void messageSize(qint64 size)
    {
        std::size_t i = 0;
        while (i < kSizeBounds.size() && size > kSizeBounds[i])
            ++i;
        add(sizes[i]);
        add(sizeSum, quint64(size));
    }
};

} // namespace Herald
