#pragma once

#include "cpuusage.h"
#include "verification.h"

#include <QJsonObject>

#include <cstdint>
#include <string>

namespace HeraldBench {

struct BenchConfig;

/// The figures of one run and what was checked, as a table or as JSON.
struct BenchResult
{
    // Setup
    std::uint64_t connections = 0;
    std::uint64_t opened = 0;
    double connectSeconds = 0;
    CpuUsage::Share connectCpu;
    std::uint64_t subscribers = 0;
    std::uint64_t subscribed = 0;
    double subscribeSeconds = 0;
    double settleSeconds = 0;
    std::uint64_t setupFrames = 0; // presence and other frames before publishing
    bool setupTimedOut = false;

    // Memory (with --server-pid)
    std::int64_t rssBeforeKiB = -1;
    std::int64_t rssAfterKiB = -1;

    // Publishing, inside the measured window
    double measuredSeconds = 0;
    std::uint64_t published = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t publishedTotal = 0;
    std::uint64_t deliveriesTotal = 0;
    CpuUsage::Share runCpu;
    std::uint64_t latencyCount = 0;
    double latencyP50Ms = 0;
    double latencyP90Ms = 0;
    double latencyP99Ms = 0;
    double latencyMaxMs = 0;
    bool drained = true;
    double drainSeconds = 0;

    // Hold
    double holdSeconds = 0;
    std::uint64_t pingsAnswered = 0;

    Verification checks;
    std::string note;

    bool ok() const { return checks.violations() == 0 && !setupTimedOut; }
    QJsonObject toJson(const BenchConfig &config) const;
    std::string toTable(const BenchConfig &config) const;
};

} // namespace HeraldBench
