#pragma once

#include "benchplan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace HeraldBench {

/// One client socket and its WebSocket state; a worker drives it.
struct Connection
{
    enum class State {
        Waiting,    // not started yet
        Connecting, // TCP connect in progress
        Upgrading,  // upgrade request sent, waiting for 101
        Greeting,   // protocol greeting sent, waiting for its confirmation
        Open,       // usable
        Subscribing,
        Ready, // subscribed (or open, for publishers and idle connections)
        Closed,
    };

    const BenchPlan::Connection *plan = nullptr;
    int fd = -1;
    State state = State::Waiting;
    std::string key; // Sec-WebSocket-Key

    std::string out; // bytes not yet accepted by the kernel
    std::size_t outSent = 0;
    std::string in;      // an incomplete frame (or response head) carried to the next read
    std::string message; // a fragmented message being put together
    std::uint8_t messageOpcode = 0;
    std::string streamTail; // protocol bytes carried between messages (NATS)

    // Subscriber: the next counter expected per stream of its channel, and
    // the last server seq seen (-1: none yet).
    std::vector<std::uint64_t> next;
    std::int64_t lastSeq = -1;

    // Publisher: where its round-robin over streams stands, and its count.
    std::size_t turn = 0;
    std::uint64_t published = 0;
};

} // namespace HeraldBench
