#pragma once

#include "wireprotocol.h"

namespace HeraldBench {

/// Herald's own protocol (PROTOCOL.md): JSON envelopes, deliveries carry a
/// top-level per-channel `seq`.
class HeraldProtocol : public WireProtocol
{
public:
    std::string subprotocol() const override { return "herald.v1"; }
    std::string subscribe(const std::string &channel, const std::string &user) const override;
    std::string publish(const std::string &channel, const std::string &publisher,
                        const std::string &payload, std::size_t &payloadOffset) const override;
    void receive(std::string &pending, const char *data, std::size_t size,
                 WireReceiver &receiver) const override;
};

} // namespace HeraldBench
