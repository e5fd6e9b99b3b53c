#pragma once

#include "benchconfig.h"
#include "benchcontrol.h"
#include "benchplan.h"
#include "benchresult.h"
#include "wireprotocol.h"
#include "worker.h"

#include <functional>
#include <memory>
#include <vector>

namespace HeraldBench {

/// Runs one scenario from the controlling thread: starts the workers, moves
/// them through the phases against the clock and adds up what they saw.
class Bench
{
public:
    explicit Bench(const BenchConfig &config);
    ~Bench();

    BenchResult run();
    /// Called once the setup is over (connected, subscribed, quiet), before
    /// publishing or holding: lets several processes line up on one server.
    std::function<void(const BenchResult &)> onSetupDone;

private:
    void setPhase(BenchControl::Phase phase);
    std::uint64_t sum(std::atomic<std::uint64_t> Worker::Live::*counter) const;
    std::uint64_t publishedSoFar() const;
    std::uint64_t expectedAcks() const;
    /// Sleeps in small steps until `done` or the deadline; false on the deadline.
    bool waitUntil(std::int64_t deadlineNs, const std::function<bool()> &done) const;
    void measurePublishing(BenchResult &result);
    void collect(BenchResult &result);

    const BenchConfig &m_config;
    std::unique_ptr<WireProtocol> m_protocol;
    BenchPlan m_plan;
    BenchControl m_control;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

} // namespace HeraldBench
