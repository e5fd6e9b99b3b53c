#pragma once

#include <herald/wire/command.h>
#include <herald/wire/errorcode.h>
#include <herald/wire/protocol_export.h>
#include <herald/wire/publication.h>
#include <herald/wire/reply.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>

#include <optional>
#include <variant>

namespace Herald::Wire {

/// Why a client frame could not be turned into a command; the hub answers
/// it with an `error` frame carrying `code`, `message` and the request id.
struct DecodeError
{
    ErrorCode code = ErrorCode::BadRequest;
    QString message;
    QJsonValue id;
};

/// The herald dialect's codec: frames to typed commands and replies, and
/// back. Pure functions, no I/O; shared by the hub and the client library.
class HERALD_PROTOCOL_EXPORT Codec
{
public:
    using DecodedRequest = std::variant<Request, DecodeError>;

    // Client to hub.
    static DecodedRequest decodeRequest(QByteArrayView frame);
    /// The same for a frame already parsed (dialect layers peek at it first).
    static DecodedRequest decodeRequest(const QJsonObject &frame);
    /// The publish frame nearly every publisher sends, read without
    /// QJsonDocument (the hub's hot path). Nothing when the frame is anything
    /// else or has anything unusual in it: decodeRequest() then decides.
    /// Where it answers, it answers as decodeRequest() would, except that the
    /// data stays JSON text (Publish::dataJson). `frame` must be valid UTF-8.
    static std::optional<Request> decodePublish(QByteArrayView frame);
    static QByteArray encodeRequest(const Request &request);
    static QString typeName(const Command &command);

    // Hub to client.
    /// `headroom`: bytes left unwritten before the text, for a caller that
    /// puts a header there (the hub's WebSocket frame) without copying.
    static QByteArray encodePublication(const Publication &publication, qsizetype headroom = 0);
    static QByteArray encodeReply(const Reply &reply, const QJsonValue &id, qint64 nowMs);
    /// A `history` reply assembled from publications already rendered with
    /// encodePublication(), so stored messages are not serialised again.
    static QByteArray encodeHistory(const QString &channel, const QList<QByteArrayView> &rendered,
                                    const QJsonValue &id, qint64 nowMs);
    static std::optional<ServerFrame> decodeServerFrame(QByteArrayView frame,
                                                        QString *error = nullptr);

    static QJsonObject publicationToJson(const Publication &publication);
    static std::optional<Publication> publicationFromJson(const QJsonObject &object);

    /// Event names the hub itself sends; a publication may not use them,
    /// or clients could not tell a publication from a reply.
    static bool isReservedEvent(const QString &event);
};

} // namespace Herald::Wire
