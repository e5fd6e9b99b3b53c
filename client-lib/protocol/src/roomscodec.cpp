#include <herald/wire/json.h>
#include <herald/wire/roomscodec.h>

#include <QJsonArray>
#include <QJsonDocument>

namespace Herald::Wire {

using namespace Qt::StringLiterals;

namespace {

QJsonObject roomsMessage(const Publication &p)
{
    return QJsonObject{{u"type"_s, u"message"_s},
                       {u"id"_s, p.id},
                       {u"room"_s, p.channel},
                       {u"sender"_s, p.sender.userId},
                       {u"content"_s, p.dataValue()},
                       {u"sequence"_s, double(p.seq)},
                       {u"timestamp"_s, double(p.timestampMs)}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

bool RoomsCodec::isRoomsFrame(const QJsonObject &frame)
{
    return frame.contains("room"_L1);
}

std::variant<RoomsCodec::Decoded, DecodeError> RoomsCodec::decode(const QJsonObject &frame)
{
    const QJsonValue id = frame.value("id"_L1);
    const QString type = frame.value("type"_L1).toString();
    const QJsonValue room = frame.value("room"_L1);
    if (!room.isString() || room.toString().isEmpty())
        return DecodeError{ErrorCode::BadRequest, u"'room' must be a non-empty string"_s, id};
    Decoded decoded;
    decoded.request.id = id;
    const QString name = room.toString();
    if (type == "subscribe"_L1) {
        Subscribe subscribe;
        subscribe.channels = {name};
        decoded.request.command = subscribe;
        decoded.userId = frame.value("userId"_L1).toString();
    } else if (type == "unsubscribe"_L1) {
        decoded.request.command = Unsubscribe{{name}};
    } else if (type == "publish"_L1) {
        Publish publish;
        publish.channel = name;
        publish.data =
            frame.contains("content"_L1) ? frame.value("content"_L1) : QJsonValue(QJsonValue::Null);
        decoded.request.command = publish;
        decoded.sender = frame.value("sender"_L1).toString();
    } else if (type == "get_history"_L1) {
        decoded.request.command = HistoryQuery{name, std::nullopt, std::nullopt};
    } else {
        return DecodeError{ErrorCode::UnknownType, u"unknown rooms frame type '%1'"_s.arg(type),
                           id};
    }
    return decoded;
}

QByteArray RoomsCodec::encodePublication(const Publication &publication)
{
    return compact(roomsMessage(publication));
}

QByteArray RoomsCodec::encodePresence(bool joined, const QString &userId, qint64 timestampMs)
{
    return compact({{u"type"_s, u"presence"_s},
                    {u"userId"_s, userId},
                    {u"action"_s, joined ? u"join"_s : u"leave"_s},
                    {u"timestamp"_s, double(timestampMs)}});
}

QByteArray RoomsCodec::encodeSubscribed(const QString &room, quint64 sequence)
{
    return compact(
        {{u"type"_s, u"subscribed"_s}, {u"room"_s, room}, {u"sequence"_s, double(sequence)}});
}

QByteArray RoomsCodec::encodeHistory(const QString &room, const QList<Publication> &messages)
{
    QJsonArray list;
    for (const Publication &p : messages)
        list.append(roomsMessage(p));
    return compact({{u"type"_s, u"history"_s}, {u"room"_s, room}, {u"messages"_s, list}});
}

} // namespace Herald::Wire
