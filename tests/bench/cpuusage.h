#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace HeraldBench {

/// CPU used from its construction to share(): by this process, by the
/// server and by everything else on the machine, each in cores (1.0 is one
/// core busy the whole time). Tells which side a figure was limited by.
class CpuUsage
{
public:
    struct Share
    {
        double bench = 0;
        double server = -1; // -1: no server pid given
        double other = -1;  // -1: unknown

        /// "server", "bench", "contended" (other processes took a core's
        /// share), "neither" (latency or the in-flight cap), or "unknown".
        std::string limit(int benchThreads) const;
    };

    explicit CpuUsage(pid_t server = 0);
    Share share() const;

private:
    pid_t m_server;
    std::int64_t m_startNs;
    std::int64_t m_self;
    std::int64_t m_serverCpu;
    std::int64_t m_machine;
};

} // namespace HeraldBench
