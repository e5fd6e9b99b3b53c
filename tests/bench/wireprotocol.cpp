#include "wireprotocol.h"

#include "heraldprotocol.h"
#include "natsprotocol.h"
#include "payload.h"
#include "roomsprotocol.h"
#include "textsearch.h"
#include "websocketframe.h"

#include <cstring>

namespace HeraldBench {

std::unique_ptr<WireProtocol> WireProtocol::create(Kind kind)
{
    switch (kind) {
    case Kind::Herald:
        return std::make_unique<HeraldProtocol>();
    case Kind::Nats:
        return std::make_unique<NatsProtocol>();
    case Kind::Rooms:
        return std::make_unique<RoomsProtocol>();
    }
    return nullptr;
}

bool WireProtocol::kindFromName(const std::string &name, Kind &kind)
{
    if (name == "herald")
        kind = Kind::Herald;
    else if (name == "nats")
        kind = Kind::Nats;
    else if (name == "rooms")
        kind = Kind::Rooms;
    else
        return false;
    return true;
}

std::uint8_t WireProtocol::opcode() const
{
    return WebSocketFrame::Text;
}

namespace {

// The first run of digits after `key` in [from, to), or -1.
std::int64_t numberAfter(const char *from, const char *to, const char *key)
{
    if (from >= to)
        return -1;
    const std::size_t keySize = std::strlen(key);
    const char *at = findText(from, std::size_t(to - from), key, keySize);
    if (!at)
        return -1;
    at += keySize;
    while (at < to && *at == ' ')
        ++at;
    std::int64_t value = 0;
    const char *digits = at;
    while (at < to && unsigned(*at - '0') <= 9)
        value = value * 10 + (*at++ - '0');
    return at == digits ? -1 : value;
}

bool contains(const char *data, std::size_t size, const char *needle)
{
    return findText(data, size, needle, std::strlen(needle)) != nullptr;
}

} // namespace

void WireProtocol::receiveJson(const char *data, std::size_t size, const char *seqKey,
                               const char *confirmation, const char *error, WireReceiver &receiver)
{
    const char *end = data + size;
    if (const char *payload = Payload::find(data, size)) {
        // The key is looked for around the payload, never inside it.
        std::int64_t seq = numberAfter(data, payload, seqKey);
        if (seq < 0)
            seq = numberAfter(payload + Payload::kMinimumSize, end, seqKey);
        receiver.delivered(payload, std::size_t(end - payload), seq);
    } else if (contains(data, size, confirmation)) {
        receiver.confirmed();
    } else if (contains(data, size, error)) {
        receiver.serverError(data, size);
    } else {
        receiver.other();
    }
}

} // namespace HeraldBench
