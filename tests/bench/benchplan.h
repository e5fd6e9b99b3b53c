#pragma once

#include "benchconfig.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace HeraldBench {

/// Who connects where and who publishes what, fixed before the first
/// connection. A stream is one publisher's messages on one channel: the unit
/// in which order is checked and the in-flight cap applies.
class BenchPlan
{
public:
    struct Stream
    {
        std::uint32_t channel = 0;
        std::uint32_t publisher = 0;
        std::uint32_t subscribers = 0;
        // A ready-to-send masked frame; only the counter and time digits of
        // its payload change from one message to the next.
        std::string frame;
        std::size_t payloadInFrame = 0;   // where the payload starts in `frame`
        std::size_t payloadInMessage = 0; // ... and in the masked message (for the mask phase)
        std::uint8_t mask[4] = {};
        // acks[n % window]: subscribers that have message n. Written by
        // whichever worker owns each subscriber.
        std::unique_ptr<std::atomic<std::uint32_t>[]> acks;
        std::uint32_t window = 0;
        // Messages sent; written by the publisher's worker only.
        std::atomic<std::uint64_t> sent{0};
        // Messages every subscriber has; the publisher's worker only.
        std::uint64_t delivered = 0;
        int publisherWorker = 0;
    };

    struct Channel
    {
        std::string name;
        std::vector<std::uint32_t> streams;
        std::vector<int> localStream; // by publisher: index into `streams`, or -1
        std::uint32_t subscribers = 0;
    };

    struct Publisher
    {
        std::string name;
        std::vector<std::uint32_t> streams;
        std::uint64_t limit = 0; // messages; 0: no limit
    };

    enum class Role { Publisher, Subscriber, Idle };

    struct Connection
    {
        Role role = Role::Idle;
        std::uint32_t index = 0; // publisher index, or channel index of a subscriber
        std::uint32_t endpoint = 0;
        std::uint32_t worker = 0;
        std::string user;
    };

    BenchPlan(const BenchConfig &config, const WireProtocol &protocol);

    std::vector<Channel> channels;
    std::vector<Publisher> publishers;
    std::vector<std::unique_ptr<Stream>> streams;
    std::vector<Connection> connections;
    std::uint32_t subscriberCount = 0;
};

} // namespace HeraldBench
