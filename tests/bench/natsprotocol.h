#pragma once

#include "wireprotocol.h"

namespace HeraldBench {

/// The NATS client protocol (CONNECT, PING/PONG, SUB, PUB, MSG) carried over
/// nats-server's WebSocket listener, where it is a byte stream: a message may
/// span WebSocket frames and a frame may hold many messages.
class NatsProtocol : public WireProtocol
{
public:
    std::uint8_t opcode() const override;
    std::string greeting() const override;
    std::string subscribe(const std::string &channel, const std::string &user) const override;
    std::string publish(const std::string &channel, const std::string &publisher,
                        const std::string &payload, std::size_t &payloadOffset) const override;
    void receive(std::string &pending, const char *data, std::size_t size,
                 WireReceiver &receiver) const override;

private:
    /// Handles every complete protocol message in [data, data + size);
    /// returns how many bytes that was.
    std::size_t parse(const char *data, std::size_t size, WireReceiver &receiver) const;
};

} // namespace HeraldBench
