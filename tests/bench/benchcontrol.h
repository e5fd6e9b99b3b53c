#pragma once

#include <atomic>
#include <cstdint>
#include <limits>

namespace HeraldBench {

/// What the controlling thread tells the workers: the phase of the run and
/// its clock marks. Phases only move forward.
struct BenchControl
{
    enum Phase : int {
        Idle,
        Connect,   // open every connection (TCP, upgrade, protocol greeting)
        Subscribe, // every subscriber subscribes
        Settle,    // wait for the server to go quiet (presence floods)
        Run,       // publish
        Drain,     // stop publishing, wait for what is still in flight
        Hold,      // keep the connections, answer pings
        Done,      // close everything and stop
    };

    std::atomic<int> phase{Idle};
    std::atomic<std::int64_t> runStartNs{0};
    // Latency is sampled for messages sent inside [windowStart, windowEnd).
    std::atomic<std::int64_t> windowStartNs{std::numeric_limits<std::int64_t>::max()};
    std::atomic<std::int64_t> windowEndNs{std::numeric_limits<std::int64_t>::max()};
};

} // namespace HeraldBench
