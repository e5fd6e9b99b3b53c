#include <herald/wire/codec.h>
#include <herald/wire/json.h>

#include "jsonscanner.h"
#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

namespace Herald::Wire {

namespace {

using namespace Qt::StringLiterals;

DecodeError badRequest(const QString &message, const QJsonValue &id = {})
{
    return DecodeError{ErrorCode::BadRequest, message, id};
}

// Reads a list of channel names: every entry a non-empty string.
std::optional<QStringList> channelList(const QJsonValue &value, QString *why)
{
    if (!value.isArray()) {
        *why = u"'channels' must be an array of channel names"_s;
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (array.isEmpty()) {
        *why = u"'channels' must name at least one channel"_s;
        return std::nullopt;
    }
    QStringList channels;
    channels.reserve(array.size());
    for (const QJsonValue &entry : array) {
        if (!entry.isString() || entry.toString().isEmpty()) {
            *why = u"every channel name must be a non-empty string"_s;
            return std::nullopt;
        }
        if (!channels.contains(entry.toString()))
            channels.append(entry.toString());
    }
    return channels;
}

std::optional<QString> channelField(const QJsonObject &data, QString *why)
{
    const QJsonValue value = data.value("channel"_L1);
    if (!value.isString() || value.toString().isEmpty()) {
        *why = u"'channel' must be a non-empty string"_s;
        return std::nullopt;
    }
    return value.toString();
}

std::optional<quint64> nonNegative(const QJsonValue &value)
{
    const auto integer = Json::toInteger(value);
    if (!integer || *integer < 0)
        return std::nullopt;
    return quint64(*integer);
}

QJsonValue encodeSeq(quint64 seq)
{
    return QJsonValue(double(seq));
}

QJsonObject senderToJson(const Sender &sender)
{
    QJsonObject object{{"user_id"_L1, sender.userId}, {"user_name"_L1, sender.userName}};
    if (!sender.connectionId.isEmpty())
        object.insert("connection_id"_L1, sender.connectionId);
    return object;
}

Sender senderFromJson(const QJsonObject &object)
{
    return Sender{object.value("user_id"_L1).toString(), object.value("user_name"_L1).toString(),
                  object.value("connection_id"_L1).toString()};
}

// Every reply's frame up to its data: {"type":..,"id":..,"timestamp":..,"data":
void openEnvelope(Json::Writer &out, QStringView type, const QJsonValue &id, qint64 nowMs)
{
    out.literal("{\"type\":");
    out.string(type);
    if (!id.isUndefined() && !id.isNull()) {
        out.literal(",\"id\":");
        out.value(id);
    }
    out.literal(",\"timestamp\":");
    out.timestamp(nowMs);
    out.literal(",\"data\":");
}

QByteArray envelope(QStringView type, const QJsonValue &id, qint64 nowMs, QByteArrayView dataJson)
{
    Json::Writer out(80 + type.size() + dataJson.size());
    openEnvelope(out, type, id, nowMs);
    out.raw(dataJson);
    out.character('}');
    return out.take();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Command decodeSubscribe(const QJsonObject &frame, const QJsonObject &data, QString *why, bool *ok)
{
    *ok = false;
    // `topics` at the top level is the shape seed 002's clients send.
    QJsonValue list = data.value("channels"_L1);
    if (list.isUndefined())
        list = data.value("topics"_L1);
    if (list.isUndefined())
        list = frame.value("topics"_L1);
    if (list.isUndefined()) {
        *why = u"subscribe needs 'channels'"_s;
        return {};
    }
    const auto channels = channelList(list, why);
    if (!channels)
        return {};
    Subscribe subscribe;
    subscribe.channels = *channels;
    const QJsonValue presence = data.value("presence"_L1);
    if (!presence.isUndefined()) {
        if (!presence.isBool()) {
            *why = u"'presence' must be true or false"_s;
            return {};
        }
        subscribe.presence = presence.toBool();
    }
    const QJsonValue hidden = data.value("hidden"_L1);
    if (!hidden.isUndefined()) {
        if (!hidden.isBool()) {
            *why = u"'hidden' must be true or false"_s;
            return {};
        }
        subscribe.hidden = hidden.toBool();
    }
    const QJsonValue since = data.value("since"_L1);
    if (!since.isUndefined() && !since.isNull()) {
        if (!since.isObject()) {
            *why = u"'since' must be an object of channel to seq"_s;
            return {};
        }
        const QJsonObject marks = since.toObject();
        for (auto it = marks.begin(); it != marks.end(); ++it) {
            if (!subscribe.channels.contains(it.key())) {
                *why = u"'since' names '%1', which is not in 'channels'"_s.arg(it.key());
                return {};
            }
            SinceMark mark;
            if (it.value().isObject()) {
                // {seq, epoch}: lets the hub tell a gap from a reset.
                const QJsonObject position = it.value().toObject();
                const auto seq = nonNegative(position.value("seq"_L1));
                const QJsonValue epoch = position.value("epoch"_L1);
                if (!seq || !(epoch.isUndefined() || epoch.isString())) {
                    *why = u"'since.%1' must be a seq or {seq, epoch}"_s.arg(it.key());
                    return {};
                }
                mark = SinceMark{*seq, epoch.toString()};
            } else {
                const auto seq = nonNegative(it.value());
                if (!seq) {
                    *why = u"'since.%1' must be a non-negative integer"_s.arg(it.key());
                    return {};
                }
                mark.seq = *seq;
            }
            subscribe.since.insert(it.key(), mark);
        }
    }
    *ok = true;
    return subscribe;
}

} // namespace

Codec::DecodedRequest Codec::decodeRequest(QByteArrayView frame)
{
    QJsonParseError error;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &error);
    if (error.error != QJsonParseError::NoError)
        return badRequest(
            u"invalid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return badRequest(u"a frame must be a JSON object"_s);
    return decodeRequest(document.object());
}

std::optional<Request> Codec::decodePublish(QByteArrayView frame)
{
    // {"type":"publish","id":..,"data":{"channel":..,"event":..,"data":..}},
    // keys in any order, each at most once, nothing else: the frame nearly
    // every publisher sends, read in one pass. Anything else, or anything
    // unusual in it, is left to decodeRequest(), which also explains errors.
    Json::Scanner in(frame);
    Request request{QJsonValue(QJsonValue::Undefined), {}};
    Publish publish;
    publish.data = QJsonValue(QJsonValue::Undefined);
    bool typeSeen = false;
    bool idSeen = false;
    bool dataSeen = false;
    bool channelSeen = false;
    bool eventSeen = false;
    bool payloadSeen = false;
    QByteArrayView key;
    QByteArrayView text;
    if (!in.take('{'))
        return std::nullopt;
    do {
        if (!in.plainString(&key) || !in.take(':'))
            return std::nullopt;
        if (key == "type" && !typeSeen) {
            typeSeen = true;
            if (!in.plainString(&text) || text != "publish")
                return std::nullopt;
        } else if (key == "id" && !idSeen) {
            idSeen = true;
            qint64 number = 0;
            if (in.plainString(&text))
                request.id = QString::fromUtf8(text);
            else if (in.smallInteger(&number))
                request.id = number;
            else
                return std::nullopt; // null, fractions, escapes: the general path
        } else if (key == "data" && !dataSeen) {
            dataSeen = true;
            if (!in.take('{'))
                return std::nullopt;
            do {
                if (!in.plainString(&key) || !in.take(':'))
                    return std::nullopt;
                if (key == "channel" && !channelSeen) {
                    channelSeen = true;
                    if (!in.plainString(&text) || text.isEmpty())
                        return std::nullopt;
                    publish.channel = QString::fromUtf8(text);
                } else if (key == "event" && !eventSeen) {
                    eventSeen = true;
                    if (!in.plainString(&text) || text.isEmpty())
                        return std::nullopt;
                    publish.event = QString::fromUtf8(text);
                } else if (key == "data" && !payloadSeen) {
                    payloadSeen = true;
                    if (!in.copyValue(publish.dataJson))
                        return std::nullopt;
                } else {
                    return std::nullopt;
                }
            } while (in.take(','));
            if (!in.take('}'))
                return std::nullopt;
        } else {
            return std::nullopt;
        }
    } while (in.take(','));
    if (!in.take('}') || !in.atEnd() || !typeSeen || !channelSeen || isReservedEvent(publish.event))
        return std::nullopt;
    if (!payloadSeen)
        publish.dataJson = QByteArrayLiteral("null");
    request.command = std::move(publish);
    return request;
}

Codec::DecodedRequest Codec::decodeRequest(const QJsonObject &frame)
{
    const QJsonValue id = frame.value("id"_L1);
    if (!id.isUndefined() && !id.isString() && !id.isDouble() && !id.isNull())
        return badRequest(u"'id' must be a string or a number"_s);

    QJsonValue typeValue = frame.value("type"_L1);
    bool methodForm = false;
    if (typeValue.isUndefined()) {
        typeValue = frame.value("method"_L1);
        methodForm = true;
    }
    if (!typeValue.isString() || typeValue.toString().isEmpty())
        return badRequest(u"a frame needs a 'type' string"_s, id);
    QString type = typeValue.toString();
    if (methodForm && type == "pub"_L1)
        type = u"publish"_s;

    QJsonValue dataValue = frame.value("data"_L1);
    if (dataValue.isUndefined())
        dataValue = frame.value("params"_L1);
    if (!dataValue.isUndefined() && !dataValue.isNull() && !dataValue.isObject())
        return badRequest(u"'data' must be an object"_s, id);
    const QJsonObject data = dataValue.toObject();

    QString why;
    Request request;
    request.id = id;

    if (type == "subscribe"_L1) {
        bool ok = false;
        request.command = decodeSubscribe(frame, data, &why, &ok);
        if (!ok)
            return badRequest(why, id);
    } else if (type == "unsubscribe"_L1) {
        QJsonValue list = data.value("channels"_L1);
        if (list.isUndefined())
            list = data.value("topics"_L1);
        if (list.isUndefined())
            list = frame.value("topics"_L1);
        const auto channels = channelList(list, &why);
        if (!channels)
            return badRequest(why, id);
        request.command = Unsubscribe{*channels};
    } else if (type == "publish"_L1) {
        const auto channel = channelField(data, &why);
        if (!channel)
            return badRequest(why, id);
        Publish publish;
        publish.channel = *channel;
        const QJsonValue event = data.value("event"_L1);
        if (!event.isUndefined()) {
            if (!event.isString() || event.toString().isEmpty())
                return badRequest(u"'event' must be a non-empty string"_s, id);
            publish.event = event.toString();
        }
        if (isReservedEvent(publish.event))
            return badRequest(u"'%1' is a reserved event name"_s.arg(publish.event), id);
        // `content` is the payload's name in the method/params form.
        publish.data = data.contains("data"_L1) ? data.value("data"_L1) : data.value("content"_L1);
        if (publish.data.isUndefined())
            publish.data = QJsonValue::Null;
        request.command = publish;
    } else if (type == "history"_L1) {
        const auto channel = channelField(data, &why);
        if (!channel)
            return badRequest(why, id);
        HistoryQuery query;
        query.channel = *channel;
        const QJsonValue since = data.value("since"_L1);
        if (!since.isUndefined() && !since.isNull()) {
            const auto seq = nonNegative(since);
            if (!seq)
                return badRequest(u"'since' must be a non-negative integer"_s, id);
            query.since = *seq;
        }
        const QJsonValue limit = data.value("limit"_L1);
        if (!limit.isUndefined() && !limit.isNull()) {
            const auto count = Json::toInteger(limit);
            if (!count || *count < 1 || *count > std::numeric_limits<int>::max())
                return badRequest(u"'limit' must be a positive integer"_s, id);
            query.limit = int(*count);
        }
        request.command = query;
    } else if (type == "presence"_L1) {
        const auto channel = channelField(data, &why);
        if (!channel)
            return badRequest(why, id);
        request.command = PresenceQuery{*channel};
    } else if (type == "ping"_L1) {
        request.command = Ping{};
    } else if (type == "connect"_L1 || type == "refresh"_L1) {
        const QJsonValue token = data.value("token"_L1);
        if (!token.isString() || token.toString().isEmpty())
            return badRequest(u"'token' must be a non-empty string"_s, id);
        if (type == "connect"_L1)
            request.command = Connect{token.toString()};
        else
            request.command = Refresh{token.toString()};
    } else if (type == "admin.connections"_L1) {
        request.command = ListConnections{};
    } else if (type == "admin.disconnect"_L1) {
        Disconnect disconnect;
        const QJsonValue target = data.value("connection_id"_L1);
        if (!target.isString() || target.toString().isEmpty())
            return badRequest(u"'connection_id' must be a non-empty string"_s, id);
        disconnect.connectionId = target.toString();
        const QJsonValue code = data.value("code"_L1);
        if (!code.isUndefined()) {
            const auto value = Json::toInteger(code);
            if (!value || !(*value == 1000 || (*value >= 4000 && *value <= 4999)))
                return badRequest(u"'code' must be 1000 or 4000-4999"_s, id);
            disconnect.code = int(*value);
        }
        const QJsonValue reason = data.value("reason"_L1);
        if (!reason.isUndefined() && !reason.isString())
            return badRequest(u"'reason' must be a string"_s, id);
        disconnect.reason = reason.toString();
        request.command = disconnect;
    } else {
        return DecodeError{ErrorCode::UnknownType, u"unknown frame type '%1'"_s.arg(type), id};
    }
    return request;
}

QString Codec::typeName(const Command &command)
{
    static const char *const kNames[] = {
        "subscribe", "unsubscribe",       "publish",          "history", "presence",
        "ping",      "admin.connections", "admin.disconnect", "connect", "refresh"};
    return QString::fromLatin1(kNames[command.index()]);
}

QByteArray Codec::encodeRequest(const Request &request)
{
    QJsonObject data;
    std::visit(
        [&data](const auto &command) {
            using T = std::decay_t<decltype(command)>;
            if constexpr (std::is_same_v<T, Subscribe>) {
                data.insert("channels"_L1, QJsonArray::fromStringList(command.channels));
                if (!command.presence)
                    data.insert("presence"_L1, false);
                if (command.hidden)
                    data.insert("hidden"_L1, true);
                if (!command.since.isEmpty()) {
                    QJsonObject since;
                    for (auto it = command.since.begin(); it != command.since.end(); ++it) {
                        if (it->epoch.isEmpty())
                            since.insert(it.key(), encodeSeq(it->seq));
                        else
                            since.insert(it.key(), QJsonObject{{"seq"_L1, encodeSeq(it->seq)},
                                                               {"epoch"_L1, it->epoch}});
                    }
                    data.insert("since"_L1, since);
                }
            } else if constexpr (std::is_same_v<T, Unsubscribe>) {
                data.insert("channels"_L1, QJsonArray::fromStringList(command.channels));
            } else if constexpr (std::is_same_v<T, Publish>) {
                data.insert("channel"_L1, command.channel);
                data.insert("event"_L1, command.event);
                data.insert("data"_L1, command.dataValue());
            } else if constexpr (std::is_same_v<T, HistoryQuery>) {
                data.insert("channel"_L1, command.channel);
                if (command.since)
                    data.insert("since"_L1, encodeSeq(*command.since));
                if (command.limit)
                    data.insert("limit"_L1, *command.limit);
            } else if constexpr (std::is_same_v<T, PresenceQuery>) {
                data.insert("channel"_L1, command.channel);
            } else if constexpr (std::is_same_v<T, Connect> || std::is_same_v<T, Refresh>) {
                data.insert("token"_L1, command.token);
            } else if constexpr (std::is_same_v<T, Disconnect>) {
                data.insert("connection_id"_L1, command.connectionId);
                data.insert("code"_L1, command.code);
                if (!command.reason.isEmpty())
                    data.insert("reason"_L1, command.reason);
            }
        },
        request.command);
    QJsonObject frame{{"type"_L1, typeName(request.command)}};
    if (!request.id.isUndefined() && !request.id.isNull())
        frame.insert("id"_L1, request.id);
    if (!data.isEmpty())
        frame.insert("data"_L1, data);
    return compact(frame);
}

QByteArray Codec::encodePublication(const Publication &p, qsizetype headroom)
{
    Json::Writer out(headroom + 160 + p.dataJson.size() + p.channel.size() + p.event.size() +
                         p.id.size() + p.epoch.size() + p.sender.userId.size() +
                         p.sender.userName.size(),
                     headroom);
    out.literal("{\"type\":");
    out.string(p.event);
    out.literal(",\"id\":");
    out.string(p.id);
    out.literal(",\"channel\":");
    out.string(p.channel);
    out.literal(",\"seq\":");
    out.number(quint64(p.seq));
    out.literal(",\"epoch\":");
    out.string(p.epoch);
    out.literal(",\"timestamp\":");
    out.timestamp(p.timestampMs);
    if (!p.sender.isEmpty()) {
        out.literal(",\"sender\":{\"user_id\":");
        out.string(p.sender.userId);
        out.literal(",\"user_name\":");
        out.string(p.sender.userName);
        out.character('}');
    }
    out.literal(",\"data\":");
    if (p.dataJson.isEmpty())
        out.value(p.data);
    else
        out.raw(p.dataJson);
    out.character('}');
    return out.take();
}

QJsonObject Codec::publicationToJson(const Publication &p)
{
    QJsonObject object{
        {"type"_L1, p.event},      {"id"_L1, p.id},
        {"channel"_L1, p.channel}, {"seq"_L1, encodeSeq(p.seq)},
        {"epoch"_L1, p.epoch},     {"timestamp"_L1, Json::isoTimestamp(p.timestampMs)},
        {"data"_L1, p.dataValue()}};
    if (!p.sender.isEmpty())
        object.insert("sender"_L1, QJsonObject{{"user_id"_L1, p.sender.userId},
                                               {"user_name"_L1, p.sender.userName}});
    return object;
}

std::optional<Publication> Codec::publicationFromJson(const QJsonObject &object)
{
    const auto seq = nonNegative(object.value("seq"_L1));
    const QJsonValue channel = object.value("channel"_L1);
    const QJsonValue type = object.value("type"_L1);
    if (!seq || !channel.isString() || !type.isString())
        return std::nullopt;
    Publication p;
    p.channel = channel.toString();
    p.event = type.toString();
    p.seq = *seq;
    p.id = object.value("id"_L1).toString();
    p.epoch = object.value("epoch"_L1).toString();
    p.timestampMs = Json::parseTimestamp(object.value("timestamp"_L1).toString());
    p.sender = senderFromJson(object.value("sender"_L1).toObject());
    p.data = object.contains("data"_L1) ? object.value("data"_L1) : QJsonValue(QJsonValue::Null);
    return p;
}

QByteArray Codec::encodeHistory(const QString &channel, const QList<QByteArrayView> &rendered,
                                const QJsonValue &id, qint64 nowMs)
{
    qsizetype size = 32 + channel.size();
    for (const QByteArrayView message : rendered)
        size += message.size() + 1;
    QByteArray data;
    data.reserve(size);
    data.append("{\"channel\":");
    Json::appendString(data, channel);
    data.append(",\"messages\":[");
    for (qsizetype i = 0; i < rendered.size(); ++i) {
        if (i)
            data.append(',');
        data.append(rendered.at(i).data(), rendered.at(i).size());
    }
    data.append("]}");
    return envelope(u"history"_s, id, nowMs, data);
}

QByteArray Codec::encodeReply(const Reply &reply, const QJsonValue &id, qint64 nowMs)
{
    return std::visit(
        [&](const auto &body) -> QByteArray {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, Publication>) {
                return encodePublication(body);
            } else if constexpr (std::is_same_v<T, Subscribed>) {
                QJsonObject positions;
                for (auto it = body.positions.begin(); it != body.positions.end(); ++it)
                    positions.insert(it.key(), QJsonObject{{"seq"_L1, encodeSeq(it->seq)},
                                                           {"epoch"_L1, it->epoch}});
                QJsonObject data{{"channels"_L1, QJsonArray::fromStringList(body.channels)},
                                 {"positions"_L1, positions}};
                if (!body.recovered.isEmpty()) {
                    QJsonObject recovered;
                    for (auto it = body.recovered.begin(); it != body.recovered.end(); ++it)
                        recovered.insert(it.key(), it.value());
                    data.insert("recovered"_L1, recovered);
                }
                return envelope(u"subscribed"_s, id, nowMs, compact(data));
            } else if constexpr (std::is_same_v<T, Unsubscribed>) {
                return envelope(
                    u"unsubscribed"_s, id, nowMs,
                    compact({{"channels"_L1, QJsonArray::fromStringList(body.channels)}}));
            } else if constexpr (std::is_same_v<T, Published>) {
                // Every publish is acknowledged: built by hand, not through
                // QJsonDocument (profiled at ~12 000 instructions an ack).
                Json::Writer out(128 + body.channel.size());
                openEnvelope(out, u"published", id, nowMs);
                out.literal("{\"channel\":");
                out.string(body.channel);
                out.literal(",\"seq\":");
                out.number(quint64(body.seq));
                out.literal("}}");
                return out.take();
            } else if constexpr (std::is_same_v<T, HistoryReply>) {
                QList<QByteArray> rendered;
                rendered.reserve(body.messages.size());
                for (const Publication &p : body.messages)
                    rendered.append(encodePublication(p));
                return encodeHistory(body.channel, {rendered.cbegin(), rendered.cend()}, id, nowMs);
            } else if constexpr (std::is_same_v<T, PresenceReply>) {
                QJsonArray members;
                for (const MemberSummary &m : body.members)
                    members.append(QJsonObject{{"user_id"_L1, m.userId},
                                               {"user_name"_L1, m.userName},
                                               {"connections"_L1, m.connections}});
                return envelope(u"presence"_s, id, nowMs,
                                compact({{"channel"_L1, body.channel}, {"members"_L1, members}}));
            } else if constexpr (std::is_same_v<T, Pong>) {
                return envelope(u"pong"_s, id, nowMs,
                                compact({{"timestamp"_L1, Json::isoTimestamp(body.timestampMs)}}));
            } else if constexpr (std::is_same_v<T, PresenceChange>) {
                const QByteArray member = compact(senderToJson(body.member));
                Json::Writer out(96 + body.channel.size() + member.size());
                out.literal("{\"type\":");
                out.string(body.kind == PresenceChange::Kind::Joined ? u"presence.joined"
                                                                     : u"presence.left");
                out.literal(",\"channel\":");
                out.string(body.channel);
                out.literal(",\"timestamp\":");
                out.timestamp(nowMs);
                out.literal(",\"data\":");
                out.raw(member);
                out.character('}');
                return out.take();
            } else if constexpr (std::is_same_v<T, ErrorReply>) {
                return envelope(
                    u"error"_s, id, nowMs,
                    compact({{"code"_L1, errorCodeName(body.code)}, {"message"_L1, body.message}}));
            } else {
                QJsonObject object = body.object;
                object.insert("type"_L1, body.type);
                if (!id.isUndefined() && !id.isNull())
                    object.insert("id"_L1, id);
                object.insert("timestamp"_L1, Json::isoTimestamp(nowMs));
                return compact(object);
            }
        },
        reply);
}

std::optional<ServerFrame> Codec::decodeServerFrame(QByteArrayView frame, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<ServerFrame> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(parseError.errorString());
    if (!document.isObject())
        return fail(u"not a JSON object"_s);
    const QJsonObject object = document.object();
    const QString type = object.value("type"_L1).toString();
    if (type.isEmpty())
        return fail(u"no 'type'"_s);

    ServerFrame result;
    result.id = object.value("id"_L1);
    result.timestampMs = Json::parseTimestamp(object.value("timestamp"_L1).toString());
    const QJsonObject data = object.value("data"_L1).toObject();

    // A publication carries a top-level seq; no reply does. That keeps
    // publications apart from replies whatever their event name.
    if (object.contains("seq"_L1)) {
        auto publication = publicationFromJson(object);
        if (!publication)
            return fail(u"malformed publication"_s);
        result.id = QJsonValue();
        result.body = *publication;
        return result;
    }
    if (type == "subscribed"_L1) {
        Subscribed body;
        for (const QJsonValue &c : data.value("channels"_L1).toArray())
            body.channels.append(c.toString());
        const QJsonObject positions = data.value("positions"_L1).toObject();
        for (auto it = positions.begin(); it != positions.end(); ++it) {
            const QJsonObject position = it.value().toObject();
            body.positions.insert(it.key(),
                                  Position{nonNegative(position.value("seq"_L1)).value_or(0),
                                           position.value("epoch"_L1).toString()});
        }
        const QJsonObject recovered = data.value("recovered"_L1).toObject();
        for (auto it = recovered.begin(); it != recovered.end(); ++it)
            body.recovered.insert(it.key(), it.value().toBool());
        result.body = body;
    } else if (type == "unsubscribed"_L1) {
        Unsubscribed body;
        for (const QJsonValue &c : data.value("channels"_L1).toArray())
            body.channels.append(c.toString());
        result.body = body;
    } else if (type == "published"_L1) {
        result.body = Published{data.value("channel"_L1).toString(),
                                nonNegative(data.value("seq"_L1)).value_or(0)};
    } else if (type == "history"_L1) {
        HistoryReply body;
        body.channel = data.value("channel"_L1).toString();
        for (const QJsonValue &m : data.value("messages"_L1).toArray()) {
            auto publication = publicationFromJson(m.toObject());
            if (!publication)
                return fail(u"malformed message in history"_s);
            body.messages.append(*publication);
        }
        result.body = body;
    } else if (type == "presence"_L1) {
        PresenceReply body;
        body.channel = data.value("channel"_L1).toString();
        for (const QJsonValue &m : data.value("members"_L1).toArray()) {
            const QJsonObject member = m.toObject();
            body.members.append(MemberSummary{member.value("user_id"_L1).toString(),
                                              member.value("user_name"_L1).toString(),
                                              member.value("connections"_L1).toInt()});
        }
        result.body = body;
    } else if (type == "pong"_L1) {
        result.body = Pong{Json::parseTimestamp(data.value("timestamp"_L1).toString())};
    } else if (type == "presence.joined"_L1 || type == "presence.left"_L1) {
        result.body = PresenceChange{type == "presence.joined"_L1 ? PresenceChange::Kind::Joined
                                                                  : PresenceChange::Kind::Left,
                                     object.value("channel"_L1).toString(), senderFromJson(data)};
    } else if (type == "error"_L1) {
        result.body = ErrorReply{
            errorCodeFromName(data.value("code"_L1).toString()).value_or(ErrorCode::Internal),
            data.value("message"_L1).toString()};
    } else {
        result.body = OtherFrame{type, object};
    }
    return result;
}

bool Codec::isReservedEvent(const QString &event)
{
    if (event == u"message")
        return false; // the default, and what nearly every publication uses
    static const QStringList kReserved = {
        u"subscribed"_s,
        u"unsubscribed"_s,
        u"published"_s,
        u"history"_s,
        u"presence"_s,
        u"pong"_s,
        u"error"_s,
        u"presence.joined"_s,
        u"presence.left"_s,
        u"tenant.user_joined"_s,
        u"tenant.user_left"_s,
        u"connected"_s,
        u"refreshed"_s,
    };
    // admin.* replies share the namespace too.
    return kReserved.contains(event) || event.startsWith(u'$') || event.startsWith(u"admin."_s);
}

} // namespace Herald::Wire
