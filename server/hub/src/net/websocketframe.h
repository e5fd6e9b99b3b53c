#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

// RFC 6455 framing for the hub's side of a connection: building server
// frames (unmasked) and parsing client frames (masked), with every rule of
// section 5 and the size limit applied while parsing.
namespace Herald::Net::WebSocket {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

namespace CloseStatus {
constexpr int Normal = 1000;
constexpr int GoingAway = 1001;
constexpr int ProtocolError = 1002;
constexpr int UnsupportedData = 1003;
constexpr int NoStatus = 1005; // never sent: "the close frame had no code"
constexpr int Abnormal = 1006; // never sent: "the connection just dropped"
constexpr int InvalidPayload = 1007;
constexpr int TooBig = 1009;
} // namespace CloseStatus

/// The longest header an unmasked frame has: 2 bytes, 2 of length, 6 more
/// for payloads over 64 KiB.
constexpr int kMaxServerHeaderSize = 10;
/// Writes an unmasked, final frame's header; returns its size.
int writeHeader(char *out, Opcode opcode, quint64 payloadSize);
/// Appends one unmasked, final frame.
void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload);
/// A complete unmasked text frame: what every subscriber of a dialect is sent.
QByteArray textFrame(QByteArrayView payload);
/// The same, from a payload written after kMaxServerHeaderSize bytes of
/// headroom: the header goes in front of it, in place, with no copy.
QByteArray textFrameFromHeadroom(QByteArray buffer);
/// A close frame; the reason is cut to fit the 125-byte control frame limit
/// without splitting a UTF-8 sequence.
QByteArray closeFrame(int code, const QString &reason);
/// A masked frame as a client sends it (tests and tools).
QByteArray clientFrame(Opcode opcode, QByteArrayView payload, bool fin = true,
                       quint32 mask = 0x37fa213d);
/// The total size of the frame starting at `data`, or 0 if its header is
/// not complete yet. Used to find frame boundaries in an outbox.
qsizetype frameSize(const char *data, qsizetype available);

/// What the parser hands over, one complete message at a time.
class FrameHandler
{
public:
    virtual ~FrameHandler() = default;
    /// A text (UTF-8 checked) or binary message; `payload` is valid only
    /// during the call.
    virtual void messageReceived(Opcode opcode, QByteArrayView payload) = 0;
    virtual void pingReceived(QByteArrayView payload) = 0;
    virtual void pongReceived(QByteArrayView payload) = 0;
    /// `code` is CloseStatus::NoStatus when the frame carried none.
    virtual void closeReceived(int code, const QString &reason) = 0;
};

/// Parses client frames incrementally from a connection's input buffer.
class FrameParser
{
public:
    struct Failure
    {
        int closeCode;
        QString reason;
    };

    explicit FrameParser(qint64 maxMessageSize)
        : m_maxMessageSize(maxMessageSize)
    {}

    struct Result
    {
        qsizetype consumed = 0;         // bytes of complete frames handled
        std::optional<Failure> failure; // a protocol violation: close with this
    };

    /// Handles every complete frame at the front of `data` (unmasking it in
    /// place) and says how many bytes that was; a partial frame at the end is
    /// left for the caller to keep. Stops after a close frame or a failure.
    Result parse(char *data, qsizetype size, FrameHandler &handler);
    /// Stops parsing (the connection is closing); later input is ignored.
    void stop() { m_closed = true; }

private:
    qint64 m_maxMessageSize;
    QByteArray m_fragments;                         // a fragmented message so far
    Opcode m_fragmentOpcode = Opcode::Continuation; // Text/Binary while fragmented
    bool m_closed = false;
};

} // namespace Herald::Net::WebSocket
