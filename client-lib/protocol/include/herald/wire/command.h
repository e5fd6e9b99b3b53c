#pragma once

#include <herald/wire/json.h>
#include <herald/wire/protocol_export.h>

#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

// Client-to-hub commands, one plain struct per frame type (PROTOCOL.md,
// "Client to hub"). The codec turns frames into these and back.
namespace Herald::Wire {

/// Where a subscriber left off on a channel: the last seq it saw and, when
/// it knows it, the channel epoch that seq belongs to.
struct SinceMark
{
    quint64 seq = 0;
    QString epoch; // empty: the client did not say; only the seq is checked

    friend bool operator==(const SinceMark &a, const SinceMark &b)
    {
        return a.seq == b.seq && a.epoch == b.epoch;
    }
};

struct Subscribe
{
    QStringList channels;
    QHash<QString, SinceMark> since;
    bool presence = true; // false: no presence.joined/left events for these channels
    bool hidden = false;  // admin only: not listed in presence, joins not announced
    friend bool operator==(const Subscribe &a, const Subscribe &b)
    {
        return a.channels == b.channels && a.since == b.since && a.presence == b.presence &&
               a.hidden == b.hidden;
    }
};

struct Unsubscribe
{
    QStringList channels;
    friend bool operator==(const Unsubscribe &a, const Unsubscribe &b)
    {
        return a.channels == b.channels;
    }
};

struct Publish
{
    QString channel;
    QString event = QStringLiteral("message");
    QJsonValue data;
    /// The data's JSON text as it stood in the frame, when the hub read it without parsing
    /// it (Codec::decodePublish); `data` is then Undefined.
    QByteArray dataJson;

    QJsonValue dataValue() const { return dataJson.isEmpty() ? data : Json::parseValue(dataJson); }
    friend bool operator==(const Publish &a, const Publish &b)
    {
        return a.channel == b.channel && a.event == b.event && a.dataValue() == b.dataValue();
    }
};

struct HistoryQuery
{
    QString channel;
    std::optional<quint64> since; // messages after this seq; none: the newest
    std::optional<int> limit;     // at most this many; none: the hub's history size
    friend bool operator==(const HistoryQuery &a, const HistoryQuery &b)
    {
        return a.channel == b.channel && a.since == b.since && a.limit == b.limit;
    }
};

struct PresenceQuery
{
    QString channel;
    friend bool operator==(const PresenceQuery &a, const PresenceQuery &b)
    {
        return a.channel == b.channel;
    }
};

struct Ping
{
    friend bool operator==(const Ping &, const Ping &) { return true; }
};

/// admin.connections: list the hub's connections (admin only).
struct ListConnections
{
    friend bool operator==(const ListConnections &, const ListConnections &) { return true; }
};

/// admin.disconnect: close one connection (admin only).
struct Disconnect
{
    QString connectionId;
    int code = 1000;
    QString reason;
    friend bool operator==(const Disconnect &a, const Disconnect &b)
    {
        return a.connectionId == b.connectionId && a.code == b.code && a.reason == b.reason;
    }
};

/// connect: authenticate on the first frame instead of ?token=.
struct Connect
{
    QString token;
    friend bool operator==(const Connect &a, const Connect &b) { return a.token == b.token; }
};

/// refresh: a new token for the same user before the current one expires.
struct Refresh
{
    QString token;
    friend bool operator==(const Refresh &a, const Refresh &b) { return a.token == b.token; }
};

using Command = std::variant<Subscribe, Unsubscribe, Publish, HistoryQuery, PresenceQuery, Ping,
                             ListConnections, Disconnect, Connect, Refresh>;

/// A decoded client frame: the command and the request id to echo.
struct Request
{
    QJsonValue id; // Undefined when the client sent none
    Command command;
};

} // namespace Herald::Wire
