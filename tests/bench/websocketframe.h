#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace HeraldBench {

/// The client side of RFC 6455, as little of it as a load generator needs:
/// the upgrade request, masked frames out, unmasked frames in.
class WebSocketFrame
{
public:
    enum Opcode : std::uint8_t {
        Continuation = 0x0,
        Text = 0x1,
        Binary = 0x2,
        Close = 0x8,
        Ping = 0x9,
        Pong = 0xA,
    };

    /// One frame as read from the server; payload points into the caller's buffer.
    struct Header
    {
        std::uint8_t opcode = 0;
        bool fin = false;
        std::size_t headerSize = 0;
        std::uint64_t payloadSize = 0;
        std::uint32_t mask = 0;
        bool masked = false;
    };

    enum class Parse { Complete, NeedMore, Invalid };

    /// Reads a frame header from [data, data + size).
    static Parse parseHeader(const char *data, std::size_t size, Header &header);

    /// Appends a complete, masked, final frame. The mask is a parameter so a
    /// sender can build a frame once and patch bytes in it later.
    static void appendMasked(std::string &out, std::uint8_t opcode, const char *payload,
                             std::size_t size, const std::uint8_t mask[4]);
    /// The size of the header appendMasked() writes for a payload of this size.
    static std::size_t maskedHeaderSize(std::size_t payloadSize);

    /// The upgrade request; the key is 16 random bytes in base64.
    static std::string upgradeRequest(const std::string &hostPort, const std::string &path,
                                      const std::string &key, const std::string &subprotocol);
    /// A fresh Sec-WebSocket-Key.
    static std::string randomKey();
    /// The Sec-WebSocket-Accept a server must answer for this key.
    static std::string acceptFor(const std::string &key);

    /// Checks a complete response head (up to and including the blank line):
    /// 101, and the accept value for this key. Returns an empty string if it
    /// is good, else why not.
    static std::string checkUpgradeResponse(const char *head, std::size_t size,
                                            const std::string &key);
};

} // namespace HeraldBench
