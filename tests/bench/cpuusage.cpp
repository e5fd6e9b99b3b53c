#include "cpuusage.h"

#include "payload.h"
#include "processstats.h"

#include <algorithm>

namespace HeraldBench {

CpuUsage::CpuUsage(pid_t server)
    : m_server(server)
    , m_startNs(Payload::nowNs())
    , m_self(ProcessStats::selfCpuNs())
    , m_serverCpu(server ? ProcessStats::cpuNs(server) : -1)
    , m_machine(ProcessStats::machineBusyNs())
{}

CpuUsage::Share CpuUsage::share() const
{
    const double seconds = std::max(1e-9, double(Payload::nowNs() - m_startNs) / 1e9);
    auto cores = [seconds](std::int64_t ns) { return double(ns) / 1e9 / seconds; };
    Share share;
    const std::int64_t self = ProcessStats::selfCpuNs() - m_self;
    share.bench = cores(self);
    std::int64_t server = 0;
    if (m_server && m_serverCpu >= 0) {
        const std::int64_t now = ProcessStats::cpuNs(m_server);
        if (now >= 0) {
            server = now - m_serverCpu;
            share.server = cores(server);
        }
    }
    if (m_machine >= 0 && (share.server >= 0 || !m_server)) {
        // /proc/stat counts in ticks: small negative remainders are noise.
        share.other =
            std::max(0.0, cores(ProcessStats::machineBusyNs() - m_machine - self - server));
    }
    return share;
}

std::string CpuUsage::Share::limit(int benchThreads) const
{
    if (server >= 0.9)
        return "server";
    if (bench >= 0.9 * benchThreads)
        return "bench";
    if (other >= 0.3)
        return "contended";
    return server < 0 ? "unknown" : "neither";
}

} // namespace HeraldBench
