#pragma once

#include "wireprotocol.h"

namespace HeraldBench {

/// Seed 003's chat-room protocol (and Herald's `rooms` dialect): deliveries
/// are `{"type":"message",…,"sequence":N}`.
class RoomsProtocol : public WireProtocol
{
public:
    std::string subscribe(const std::string &channel, const std::string &user) const override;
    std::string publish(const std::string &channel, const std::string &publisher,
                        const std::string &payload, std::size_t &payloadOffset) const override;
    void receive(std::string &pending, const char *data, std::size_t size,
                 WireReceiver &receiver) const override;
};

} // namespace HeraldBench
