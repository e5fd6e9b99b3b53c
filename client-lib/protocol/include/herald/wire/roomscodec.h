#pragma once

#include <herald/wire/codec.h>
#include <herald/wire/protocol_export.h>

namespace Herald::Wire {

/// The `rooms` dialect of PROTOCOL.md: the frames of seed 003's chat
/// clients. A room is a channel, a message's `content` is a publication's
/// data, and `sequence` is the channel's seq; timestamps are milliseconds.
class HERALD_PROTOCOL_EXPORT RoomsCodec
{
public:
    /// Whether a frame speaks this dialect (it names a room).
    static bool isRoomsFrame(const QJsonObject &frame);

    /// subscribe/unsubscribe/publish/get_history as commands. `userId` (from
    /// subscribe) and `sender` (from publish) are given back separately:
    /// they are who the client says it is.
    struct Decoded
    {
        Request request;
        QString userId;
        QString sender;
    };
    static std::variant<Decoded, DecodeError> decode(const QJsonObject &frame);

    static QByteArray encodePublication(const Publication &publication);
    static QByteArray encodePresence(bool joined, const QString &userId, qint64 timestampMs);
    static QByteArray encodeSubscribed(const QString &room, quint64 sequence);
    static QByteArray encodeHistory(const QString &room, const QList<Publication> &messages);
};

} // namespace Herald::Wire
