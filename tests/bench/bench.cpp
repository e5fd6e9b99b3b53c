#include "bench.h"

#include "cpuusage.h"
#include "payload.h"
#include "processstats.h"

#include <chrono>
#include <thread>

namespace HeraldBench {

namespace {

std::int64_t seconds(double s)
{
    return std::int64_t(s * 1e9);
}

double since(std::int64_t startNs)
{
    return double(Payload::nowNs() - startNs) / 1e9;
}

} // namespace

Bench::Bench(const BenchConfig &config)
    : m_config(config)
    , m_protocol(WireProtocol::create(config.protocol))
    , m_plan(config, *m_protocol)
{
    for (int t = 0; t < config.threads; ++t)
        m_workers.push_back(
            std::make_unique<Worker>(t, config, m_plan, *m_protocol, m_control, m_workers));
    for (const auto &connection : m_plan.connections)
        m_workers[connection.worker]->add(connection);
}

Bench::~Bench()
{
    setPhase(BenchControl::Done);
    m_workers.clear();
}

void Bench::setPhase(BenchControl::Phase phase)
{
    m_control.phase.store(phase, std::memory_order_release);
    for (auto &worker : m_workers)
        worker->wake();
}

std::uint64_t Bench::sum(std::atomic<std::uint64_t> Worker::Live::*counter) const
{
    std::uint64_t total = 0;
    for (const auto &worker : m_workers)
        total += (worker->live.*counter).load(std::memory_order_relaxed);
    return total;
}

std::uint64_t Bench::publishedSoFar() const
{
    std::uint64_t total = 0;
    for (const auto &stream : m_plan.streams)
        total += stream->sent.load(std::memory_order_relaxed);
    return total;
}

std::uint64_t Bench::expectedAcks() const
{
    std::uint64_t total = 0;
    for (const auto &stream : m_plan.streams)
        total += stream->sent.load(std::memory_order_relaxed) * stream->subscribers;
    return total;
}

bool Bench::waitUntil(std::int64_t deadlineNs, const std::function<bool()> &done) const
{
    while (!done()) {
        if (Payload::nowNs() >= deadlineNs)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

BenchResult Bench::run()
{
    BenchResult result;
    const pid_t server = m_config.serverPid;
    result.connections = m_plan.connections.size();
    result.subscribers = m_plan.subscriberCount;
    if (server)
        result.rssBeforeKiB = ProcessStats::rssKiB(server);

    const std::int64_t setupStart = Payload::nowNs();
    const std::int64_t deadline = setupStart + seconds(m_config.setupTimeoutS);
    const CpuUsage connectCpu(server);
    for (auto &worker : m_workers)
        worker->start();
    setPhase(BenchControl::Connect);
    result.setupTimedOut = !waitUntil(deadline, [&] {
        return sum(&Worker::Live::opened) + sum(&Worker::Live::failed) >= result.connections;
    });
    result.connectSeconds = since(setupStart);
    result.opened = sum(&Worker::Live::opened);
    result.checks.connectFailures = sum(&Worker::Live::failed);
    result.connectCpu = connectCpu.share();

    const bool usable =
        !result.setupTimedOut &&
        (result.checks.connectFailures == 0 || m_config.scenario == BenchConfig::Scenario::Connect);
    if (usable && result.subscribers > 0) {
        const std::int64_t start = Payload::nowNs();
        setPhase(BenchControl::Subscribe);
        const std::uint64_t target =
            result.subscribers -
            std::min<std::uint64_t>(result.subscribers, result.checks.connectFailures);
        result.setupTimedOut = !waitUntil(deadline, [&] {
            return sum(&Worker::Live::subscribed) + sum(&Worker::Live::closed) >= target;
        });
        result.subscribeSeconds = since(start);
    }
    result.subscribed = sum(&Worker::Live::subscribed);
    if (usable && !result.setupTimedOut) {
        // Whatever the server still sends about the setup (Herald's presence
        // events: O(n²) for n subscribers joining one channel) must be over
        // before anything is measured.
        const std::int64_t start = Payload::nowNs();
        setPhase(BenchControl::Settle);
        std::uint64_t seen = sum(&Worker::Live::otherFrames);
        std::int64_t quietSince = Payload::nowNs();
        result.setupTimedOut = !waitUntil(deadline, [&] {
            const std::uint64_t now = sum(&Worker::Live::otherFrames);
            if (now != seen) {
                seen = now;
                quietSince = Payload::nowNs();
            }
            return Payload::nowNs() - quietSince >= seconds(m_config.settleS);
        });
        result.settleSeconds = since(start);
    }
    result.setupFrames = sum(&Worker::Live::otherFrames);
    if (server)
        result.rssAfterKiB = ProcessStats::rssKiB(server);
    if (onSetupDone)
        onSetupDone(result);

    if (usable && !result.setupTimedOut && m_config.publishes())
        measurePublishing(result);

    if (usable && !result.setupTimedOut && m_config.holdS > 0) {
        const std::int64_t start = Payload::nowNs();
        setPhase(BenchControl::Hold);
        // Ends early only if every connection is gone.
        waitUntil(start + seconds(m_config.holdS),
                  [&] { return sum(&Worker::Live::closed) >= result.opened; });
        result.holdSeconds = since(start);
    }

    setPhase(BenchControl::Done);
    for (auto &worker : m_workers)
        worker->join();
    collect(result);
    return result;
}

void Bench::measurePublishing(BenchResult &result)
{
    const pid_t server = m_config.serverPid;
    const auto publisherCount = std::uint64_t(m_plan.publishers.size());
    auto allDone = [&] { return sum(&Worker::Live::publishersDone) >= publisherCount; };

    // The window is fixed in advance, so latency is sampled by send time.
    const std::int64_t start = Payload::nowNs();
    const std::int64_t windowStart = start + seconds(m_config.warmupS);
    m_control.runStartNs.store(start);
    m_control.windowStartNs.store(windowStart);
    m_control.windowEndNs.store(windowStart + seconds(m_config.durationS));
    setPhase(BenchControl::Run);

    waitUntil(windowStart, allDone);
    if (allDone()) {
        result.note = "every publisher reached --messages during the warm-up: nothing measured";
        m_control.windowEndNs.store(windowStart);
    } else {
        const std::int64_t w0 = Payload::nowNs();
        const std::uint64_t d0 = sum(&Worker::Live::deliveries);
        const std::uint64_t p0 = publishedSoFar();
        const CpuUsage cpu(server);
        waitUntil(windowStart + seconds(m_config.durationS), allDone);
        const std::int64_t w1 = Payload::nowNs();
        m_control.windowEndNs.store(std::min(w1, windowStart + seconds(m_config.durationS)));
        result.measuredSeconds = double(w1 - w0) / 1e9;
        result.deliveries = sum(&Worker::Live::deliveries) - d0;
        result.published = publishedSoFar() - p0;
        result.runCpu = cpu.share();
    }

    const std::int64_t drainStart = Payload::nowNs();
    setPhase(BenchControl::Drain);
    // What is expected is only known once every worker has stopped
    // publishing: one still in its Run turn may send a last batch.
    waitUntil(drainStart + seconds(10), [&] {
        for (const auto &worker : m_workers) {
            if (worker->live.phase.load(std::memory_order_acquire) < BenchControl::Drain)
                return false;
        }
        return true;
    });
    // A slow server may need long to deliver what the cap let into flight:
    // give up only once nothing has arrived for the drain timeout (or after
    // a hard two minutes), so "missing" means lost, not late.
    std::uint64_t arrived = sum(&Worker::Live::deliveries);
    std::int64_t lastArrival = drainStart;
    waitUntil(drainStart + seconds(120), [&] {
        const std::uint64_t now = sum(&Worker::Live::deliveries);
        if (now != arrived) {
            arrived = now;
            lastArrival = Payload::nowNs();
        }
        return sum(&Worker::Live::acked) >= expectedAcks() ||
               Payload::nowNs() - lastArrival >= seconds(m_config.drainTimeoutS);
    });
    result.drained = sum(&Worker::Live::acked) >= expectedAcks();
    result.drainSeconds = since(drainStart);
    result.publishedTotal = publishedSoFar();
    result.deliveriesTotal = sum(&Worker::Live::deliveries);
}

void Bench::collect(BenchResult &result)
{
    LatencyHistogram latency;
    for (const auto &worker : m_workers) {
        const Worker::Totals &t = worker->totals;
        result.checks.add(t.checks);
        result.pingsAnswered += t.pingsAnswered;
        latency.merge(t.latency);
    }
    result.checks.closed = sum(&Worker::Live::closed);
    result.latencyCount = latency.count();
    result.latencyP50Ms = double(latency.percentile(0.50)) / 1e6;
    result.latencyP90Ms = double(latency.percentile(0.90)) / 1e6;
    result.latencyP99Ms = double(latency.percentile(0.99)) / 1e6;
    result.latencyMaxMs = double(latency.max()) / 1e6;
}

} // namespace HeraldBench
