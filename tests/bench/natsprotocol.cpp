#include "natsprotocol.h"

#include "payload.h"
#include "websocketframe.h"

#include <cstring>

namespace HeraldBench {

std::uint8_t NatsProtocol::opcode() const
{
    return WebSocketFrame::Binary;
}

std::string NatsProtocol::greeting() const
{
    // echo off: a publisher never gets its own messages back. The PING makes
    // the server answer once CONNECT is processed.
    return "CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":false,\"protocol\":1,"
           "\"lang\":\"herald-bench\",\"version\":\"1\",\"headers\":false}\r\nPING\r\n";
}

std::string NatsProtocol::subscribe(const std::string &channel, const std::string &) const
{
    // Replies come in order, so the PONG means the SUB is in place.
    return "SUB " + channel + " 1\r\nPING\r\n";
}

std::string NatsProtocol::publish(const std::string &channel, const std::string &,
                                  const std::string &payload, std::size_t &payloadOffset) const
{
    std::string message = "PUB " + channel + ' ' + std::to_string(payload.size()) + "\r\n";
    payloadOffset = message.size();
    message += payload;
    message += "\r\n";
    return message;
}

void NatsProtocol::receive(std::string &pending, const char *data, std::size_t size,
                           WireReceiver &receiver) const
{
    if (pending.empty()) {
        const std::size_t used = parse(data, size, receiver);
        pending.assign(data + used, size - used);
        return;
    }
    pending.append(data, size);
    const std::size_t used = parse(pending.data(), pending.size(), receiver);
    pending.erase(0, used);
}

namespace {

bool startsWith(const char *line, std::size_t size, const char *word)
{
    const std::size_t wordSize = std::strlen(word);
    return size >= wordSize && std::memcmp(line, word, wordSize) == 0;
}

// The last space-separated number on a MSG line: the payload size.
bool lastNumber(const char *line, const char *end, std::size_t &value)
{
    const char *p = end;
    while (p > line && unsigned(p[-1] - '0') <= 9)
        --p;
    if (p == end)
        return false;
    value = 0;
    for (; p < end; ++p)
        value = value * 10 + std::size_t(*p - '0');
    return true;
}

} // namespace

std::size_t NatsProtocol::parse(const char *data, std::size_t size, WireReceiver &receiver) const
{
    std::size_t pos = 0;
    while (pos < size) {
        const char *line = data + pos;
        const char *newline = static_cast<const char *>(std::memchr(line, '\n', size - pos));
        if (!newline)
            break;
        const char *lineEnd = newline > line && newline[-1] == '\r' ? newline - 1 : newline;
        const std::size_t lineSize = std::size_t(lineEnd - line);
        const std::size_t next = std::size_t(newline + 1 - data);
        if (startsWith(line, lineSize, "MSG ")) {
            std::size_t payloadSize = 0;
            if (!lastNumber(line, lineEnd, payloadSize)) {
                receiver.serverError(line, lineSize);
                pos = next;
                continue;
            }
            if (next + payloadSize + 2 > size)
                break; // the payload is still on its way
            const char *payload = data + next;
            if (payloadSize >= Payload::kMarkerSize &&
                std::memcmp(payload, Payload::kMarker, Payload::kMarkerSize) == 0)
                receiver.delivered(payload, payloadSize, -1);
            else
                receiver.other();
            pos = next + payloadSize + 2;
        } else if (startsWith(line, lineSize, "PING")) {
            receiver.answer("PONG\r\n");
            pos = next;
        } else if (startsWith(line, lineSize, "PONG")) {
            receiver.confirmed();
            pos = next;
        } else if (startsWith(line, lineSize, "-ERR")) {
            receiver.serverError(line, lineSize);
            pos = next;
        } else {
            receiver.other(); // INFO, +OK
            pos = next;
        }
    }
    return pos;
}

} // namespace HeraldBench
