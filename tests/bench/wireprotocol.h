#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace HeraldBench {

/// What a protocol finds in the messages a server sends.
class WireReceiver
{
public:
    virtual ~WireReceiver() = default;
    /// A published message: `payload` starts with Payload::kMarker and has
    /// `available` bytes after it in the buffer; `seq` is the server's
    /// per-channel sequence number, or -1 where the protocol has none.
    virtual void delivered(const char *payload, std::size_t available, std::int64_t seq) = 0;
    /// The server confirmed the last request we wait for (subscribed, PONG).
    virtual void confirmed() = 0;
    /// An error frame; the text is for the report.
    virtual void serverError(const char *text, std::size_t size) = 0;
    /// Anything else (presence, replies to publish, INFO): counted, ignored.
    virtual void other() = 0;
    /// The protocol must answer on the same connection (NATS PING).
    virtual void answer(const std::string &message) = 0;
};

/// One application protocol over WebSocket: how to subscribe and publish,
/// and how to read what comes back. One instance serves every connection;
/// per-connection state is the `pending` string the caller keeps.
class WireProtocol
{
public:
    enum class Kind { Herald, Nats, Rooms };

    virtual ~WireProtocol() = default;
    static std::unique_ptr<WireProtocol> create(Kind kind);
    static bool kindFromName(const std::string &name, Kind &kind);

    /// Sec-WebSocket-Protocol to ask for, or empty.
    virtual std::string subprotocol() const { return {}; }
    /// Opcode of the messages we send.
    virtual std::uint8_t opcode() const;
    /// Sent as soon as the WebSocket is open; if not empty, the connection
    /// is ready only once confirmed() (the server processed it).
    virtual std::string greeting() const { return {}; }
    /// A subscription request; the subscription holds once confirmed().
    virtual std::string subscribe(const std::string &channel, const std::string &user) const = 0;
    /// A publication of `payload` to `channel`; sets `payloadOffset` to
    /// where the payload's first byte is in the returned message.
    virtual std::string publish(const std::string &channel, const std::string &publisher,
                                const std::string &payload, std::size_t &payloadOffset) const = 0;
    /// Splits one message from the server into what it means to us.
    /// `pending` is per connection, for protocols that are a byte stream
    /// over WebSocket messages.
    virtual void receive(std::string &pending, const char *data, std::size_t size,
                         WireReceiver &receiver) const = 0;

protected:
    /// A JSON-in-WebSocket message: the payload if there is one, then `seqKey`
    /// ("\"seq\":") for its sequence number; else confirmation, error or other.
    static void receiveJson(const char *data, std::size_t size, const char *seqKey,
                            const char *confirmation, const char *error, WireReceiver &receiver);
};

} // namespace HeraldBench
