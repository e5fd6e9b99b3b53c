#pragma once

#include "wireprotocol.h"

#include <netinet/in.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace HeraldBench {

/// Where connections go: one ws:// URL, resolved once.
struct Endpoint
{
    std::string url;
    std::string hostPort; // the Host header
    std::string path;     // with the query, as sent in the request line
    sockaddr_in address{};
};

/// Everything a run is told on the command line.
struct BenchConfig
{
    enum class Scenario { Fanout, Channels, Rate, Connect };

    Scenario scenario = Scenario::Fanout;
    WireProtocol::Kind protocol = WireProtocol::Kind::Herald;
    std::vector<Endpoint> endpoints;
    std::string channelPrefix = "bench-";

    int channels = 1;
    int subscribersPerChannel = 100;
    int publishers = 1;
    int connections = 0;   // connect: how many; others: derived
    bool subscribe = true; // connect: subscribe every connection

    double durationS = 10;
    double warmupS = 1;
    std::uint64_t messages = 0; // 0: as many as the duration allows
    double rate = 0;            // msg/s over all publishers; 0: as fast as the cap allows
    int inflight = 100;
    int payloadSize = 100;
    int batch = 16; // most messages one publisher writes per loop turn
    int threads = 1;
    int connectConcurrency = 50;
    double holdS = 0;
    double setupTimeoutS = 120;
    double settleS = 0.3; // quiet time that ends the setup (presence floods)
    double drainTimeoutS = 5;

    pid_t serverPid = 0;
    std::string bindAddress;
    bool json = false;

    bool publishes() const { return scenario != Scenario::Connect; }
};

} // namespace HeraldBench
