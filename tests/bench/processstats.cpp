#include "processstats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace HeraldBench {

namespace {

std::string readFile(const std::string &path)
{
    std::string text;
    if (FILE *file = std::fopen(path.c_str(), "re")) {
        char buffer[4096];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0)
            text.append(buffer, got);
        std::fclose(file);
    }
    return text;
}

} // namespace

std::int64_t ProcessStats::rssKiB(pid_t pid)
{
    const std::string status = readFile("/proc/" + std::to_string(pid) + "/status");
    const std::size_t at = status.find("VmRSS:");
    if (at == std::string::npos)
        return -1;
    return std::strtoll(status.c_str() + at + 6, nullptr, 10);
}

std::int64_t ProcessStats::cpuNs(pid_t pid)
{
    const std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    // The command name may hold spaces: fields are counted after its ')'.
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos)
        return -1;
    const char *p = stat.c_str() + close + 2; // field 3, state
    long long utime = 0;
    long long stime = 0;
    // Fields 3..13 are skipped, 14 is utime and 15 stime.
    if (std::sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld", &utime, &stime) !=
        2)
        return -1;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return (utime + stime) * (1000000000LL / ticks);
}

std::int64_t ProcessStats::machineBusyNs()
{
    const std::string stat = readFile("/proc/stat");
    long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (std::sscanf(stat.c_str(), "cpu %lld %lld %lld %lld %lld %lld %lld %lld", &user, &nice,
                    &system, &idle, &iowait, &irq, &softirq, &steal) != 8)
        return -1;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    // Interrupts and softirqs stay out: on loopback most of them are the
    // bench's and the server's own network traffic.
    return (user + nice + system + steal) * (1000000000LL / ticks);
}

std::int64_t ProcessStats::selfCpuNs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto ns = [](const timeval &tv) {
        return std::int64_t(tv.tv_sec) * 1000000000 + tv.tv_usec * 1000;
    };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

} // namespace HeraldBench
