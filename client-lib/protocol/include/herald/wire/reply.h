#pragma once

#include <herald/wire/errorcode.h>
#include <herald/wire/protocol_export.h>
#include <herald/wire/publication.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <variant>

// Hub-to-client frames other than deliveries, one plain struct per type
// (PROTOCOL.md, "Hub to client").
namespace Herald::Wire {

/// A channel's current position: its newest seq and its epoch.
struct Position
{
    quint64 seq = 0;
    QString epoch;
    friend bool operator==(const Position &a, const Position &b)
    {
        return a.seq == b.seq && a.epoch == b.epoch;
    }
};

struct Subscribed
{
    QStringList channels;
    QHash<QString, Position> positions;
    QHash<QString, bool> recovered; // only for channels the client asked to recover
    friend bool operator==(const Subscribed &a, const Subscribed &b)
    {
        return a.channels == b.channels && a.positions == b.positions && a.recovered == b.recovered;
    }
};

struct Unsubscribed
{
    QStringList channels;
    friend bool operator==(const Unsubscribed &a, const Unsubscribed &b)
    {
        return a.channels == b.channels;
    }
};

struct Published
{
    QString channel;
    quint64 seq = 0;
    friend bool operator==(const Published &a, const Published &b)
    {
        return a.channel == b.channel && a.seq == b.seq;
    }
};

struct HistoryReply
{
    QString channel;
    QList<Publication> messages;
    friend bool operator==(const HistoryReply &a, const HistoryReply &b)
    {
        return a.channel == b.channel && a.messages == b.messages;
    }
};

/// One user on a channel, with how many of its connections are there.
struct MemberSummary
{
    QString userId;
    QString userName;
    int connections = 0;
    friend bool operator==(const MemberSummary &a, const MemberSummary &b)
    {
        return a.userId == b.userId && a.userName == b.userName && a.connections == b.connections;
    }
};

struct PresenceReply
{
    QString channel;
    QList<MemberSummary> members;
    friend bool operator==(const PresenceReply &a, const PresenceReply &b)
    {
        return a.channel == b.channel && a.members == b.members;
    }
};

struct Pong
{
    qint64 timestampMs = 0;
    friend bool operator==(const Pong &a, const Pong &b) { return a.timestampMs == b.timestampMs; }
};

/// presence.joined / presence.left on a channel.
struct PresenceChange
{
    enum class Kind { Joined, Left };
    Kind kind = Kind::Joined;
    QString channel;
    Sender member;
    friend bool operator==(const PresenceChange &a, const PresenceChange &b)
    {
        return a.kind == b.kind && a.channel == b.channel && a.member == b.member;
    }
};

struct ErrorReply
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    friend bool operator==(const ErrorReply &a, const ErrorReply &b)
    {
        return a.code == b.code && a.message == b.message;
    }
};

/// Any other hub frame (extensions such as tenant events or admin replies),
/// kept whole so a client can still read it.
struct OtherFrame
{
    QString type;
    QJsonObject object;
    friend bool operator==(const OtherFrame &a, const OtherFrame &b)
    {
        return a.type == b.type && a.object == b.object;
    }
};

using Reply = std::variant<Publication, Subscribed, Unsubscribed, Published, HistoryReply,
                           PresenceReply, Pong, PresenceChange, ErrorReply, OtherFrame>;

/// A decoded hub frame: what it is, the request id it answers (if any) and
/// the hub's timestamp.
struct ServerFrame
{
    QJsonValue id;
    qint64 timestampMs = 0;
    Reply body;
};

} // namespace Herald::Wire
