#pragma once

#include <sys/types.h>

#include <cstdint>

namespace HeraldBench {

/// What /proc and getrusage say about a process: enough to tell whether the
/// server or this generator was the limit, and what a connection costs.
class ProcessStats
{
public:
    /// VmRSS in KiB, or -1 if the process cannot be read.
    static std::int64_t rssKiB(pid_t pid);
    /// User + system CPU time of every thread of `pid`, in ns; -1 if unreadable.
    static std::int64_t cpuNs(pid_t pid);
    /// User + system CPU time of this process, in ns.
    static std::int64_t selfCpuNs();
    /// CPU time every core of the machine spent running processes (user,
    /// system, stolen), in ns: what is left after this process and the
    /// server is other work on the machine, which skews a measurement.
    static std::int64_t machineBusyNs();
};

} // namespace HeraldBench
