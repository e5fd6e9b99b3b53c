#pragma once

#include "benchcontrol.h"
#include "benchplan.h"
#include "connection.h"
#include "latencyhistogram.h"
#include "verification.h"
#include "wireprotocol.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace HeraldBench {

/// One thread with one epoll loop that owns its connections: connects them,
/// speaks RFC 6455 to them, publishes on the publishers among them and
/// checks every delivery on the subscribers.
class Worker : private WireReceiver
{
public:
    /// Counters the controller reads while the run goes on (one writer each).
    struct Live
    {
        std::atomic<std::uint64_t> opened{0};
        std::atomic<std::uint64_t> failed{0};
        std::atomic<std::uint64_t> subscribed{0};
        std::atomic<std::uint64_t> otherFrames{0};
        std::atomic<std::uint64_t> deliveries{0};
        std::atomic<std::uint64_t> acked{0}; // deliveries in order, as expected
        std::atomic<std::uint64_t> publishersDone{0};
        std::atomic<std::uint64_t> closed{0}; // closed by the server or an error, once open
        std::atomic<std::uint64_t> bytesIn{0};
        // The phase the worker has entered: past Run, it publishes no more.
        std::atomic<int> phase{-1};
    };

    /// What the worker found, complete once it has stopped.
    struct Totals
    {
        Verification checks; // but closed and connectFailures: those are live
        std::uint64_t pingsAnswered = 0;
        std::uint64_t framesIn = 0;
        LatencyHistogram latency;
    };

    Worker(int index, const BenchConfig &config, BenchPlan &plan, const WireProtocol &protocol,
           BenchControl &control, const std::vector<std::unique_ptr<Worker>> &peers);
    ~Worker() override;

    void add(const BenchPlan::Connection &connection);
    void start();
    void join();
    /// Makes the loop look at the control and the acks again; any thread.
    void wake();

    Live live;
    Totals totals;

private:
    void run();
    void enterPhase(int phase);
    void startConnections();
    void startConnection(Connection &c);
    void onEvent(Connection &c, std::uint32_t events);
    void readAll(Connection &c);
    std::size_t process(Connection &c, char *data, std::size_t size);
    void onFrame(Connection &c, std::uint8_t opcode, bool fin, const char *payload,
                 std::size_t size);
    void onMessage(Connection &c, const char *data, std::size_t size);
    void opened(Connection &c);
    void lost(Connection &c, const std::string &why);
    void closeSocket(Connection &c);
    void sendFrame(Connection &c, std::uint8_t opcode, const char *data, std::size_t size);
    void flush(Connection &c);
    bool pumpAll();
    bool pump(Connection &c, std::int64_t now);
    void advance(BenchPlan::Stream &stream);
    void appendMessage(Connection &c, BenchPlan::Stream &stream, std::int64_t now);
    void acknowledge(std::uint32_t streamId, std::uint64_t counter);
    void finish();
    void armTimer(bool on);

    // WireReceiver
    void delivered(const char *payload, std::size_t available, std::int64_t seq) override;
    void confirmed() override;
    void serverError(const char *text, std::size_t size) override;
    void other() override;
    void answer(const std::string &message) override;

    const int m_index;
    const BenchConfig &m_config;
    BenchPlan &m_plan;
    const WireProtocol &m_protocol;
    BenchControl &m_control;
    const std::vector<std::unique_ptr<Worker>> &m_peers;

    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<Connection *> m_publishers;
    std::size_t m_nextToStart = 0;
    int m_connecting = 0;
    int m_connectLimit = 1;
    int m_phase = BenchControl::Idle;

    int m_epoll = -1;
    int m_wakeFd = -1;
    int m_timerFd = -1;
    std::atomic<bool> m_wakePending{false};

    std::vector<char> m_scratch;
    Connection *m_current = nullptr;
    std::int64_t m_now = 0;
    std::uint32_t m_maskState;
    std::thread m_thread;
};

} // namespace HeraldBench
