#include "rediscodec.h"

#include <herald/wire/codec.h>
#include <herald/wire/json.h>

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Herald {

namespace {

Result<QJsonObject> parseObject(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return Result<QJsonObject>::failure(u"not JSON: %1"_s.arg(error.errorString()));
    if (!document.isObject())
        return Result<QJsonObject>::failure(u"not a JSON object"_s);
    return document.object();
}

Wire::Sender memberFromJson(const QJsonObject &object)
{
    return Wire::Sender{object.value("user_id"_L1).toString(),
                        object.value("user_name"_L1).toString(),
                        object.value("connection_id"_L1).toString()};
}

} // namespace

QByteArray RedisCodec::publicationHead(const Wire::Publication &publication, const QString &origin)
{
    QJsonObject object = Wire::Codec::publicationToJson(publication);
    object.remove("seq"_L1);
    object.remove("epoch"_L1);
    // The wire form leaves the connection out; hubs want it back.
    if (!publication.sender.connectionId.isEmpty()) {
        QJsonObject sender = object.value("sender"_L1).toObject();
        sender.insert("connection_id"_L1, publication.sender.connectionId);
        object.insert("sender"_L1, sender);
    }
    object.insert("v"_L1, kVersion);
    object.insert("origin"_L1, origin);
    QByteArray head = QJsonDocument(object).toJson(QJsonDocument::Compact);
    head.chop(1); // the closing brace
    return head;
}

QByteArray RedisCodec::completePublication(const QByteArray &head, quint64 seq,
                                           const QString &epoch)
{
    QByteArray out = head;
    out.append(",\"seq\":").append(QByteArray::number(seq)).append(",\"epoch\":");
    Wire::Json::appendString(out, epoch);
    out.append('}');
    return out;
}

Result<RedisCodec::Message> RedisCodec::decode(const QByteArray &payload)
{
    const Result<QJsonObject> parsed = parseObject(payload);
    if (!parsed)
        return Result<Message>::failure(parsed.reason());
    const QJsonObject &object = *parsed;
    const int version = object.value("v"_L1).toInt(0);
    if (version != kVersion)
        return Result<Message>::failure(u"unsupported message version %1"_s.arg(version));

    Message message;
    const QJsonValue presence = object.value("presence"_L1);
    if (presence.isString()) {
        if (presence.toString() == "join"_L1)
            message.kind = Message::Kind::Joined;
        else if (presence.toString() == "leave"_L1)
            message.kind = Message::Kind::Left;
        else
            return Result<Message>::failure(
                u"unknown presence change '%1'"_s.arg(presence.toString()));
        message.member = memberFromJson(object.value("member"_L1).toObject());
        message.origin = object.value("member"_L1).toObject().value("hub"_L1).toString();
        return message;
    }
    auto publication = Wire::Codec::publicationFromJson(object);
    if (!publication || publication->epoch.isEmpty())
        return Result<Message>::failure(u"malformed publication"_s);
    message.publication = std::move(*publication);
    message.origin = object.value("origin"_L1).toString();
    return message;
}

QByteArray RedisCodec::memberValue(const Wire::Sender &member, const QString &hubId)
{
    const QJsonObject object{{"user_id"_L1, member.userId},
                             {"user_name"_L1, member.userName},
                             {"connection_id"_L1, member.connectionId},
                             {"hub"_L1, hubId}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<Wire::Sender> RedisCodec::decodeMember(const QByteArray &value)
{
    const Result<QJsonObject> parsed = parseObject(value);
    if (!parsed)
        return Result<Wire::Sender>::failure(parsed.reason());
    return memberFromJson(*parsed);
}

QList<Wire::MemberSummary> RedisCodec::summarize(const QList<Wire::Sender> &members)
{
    QList<Wire::MemberSummary> summary;
    QHash<QString, qsizetype> byUser;
    for (const Wire::Sender &member : members) {
        const auto it = byUser.constFind(member.userId);
        if (it != byUser.cend()) {
            ++summary[it.value()].connections;
        } else {
            byUser.insert(member.userId, summary.size());
            summary.append(Wire::MemberSummary{member.userId, member.userName, 1});
        }
    }
    std::sort(summary.begin(), summary.end(),
              [](const auto &a, const auto &b) { return a.userId < b.userId; });
    return summary;
}

} // namespace Herald
