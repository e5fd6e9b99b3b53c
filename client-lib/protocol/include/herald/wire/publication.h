#pragma once

#include <herald/wire/json.h>
#include <herald/wire/protocol_export.h>

#include <QJsonValue>
#include <QString>

namespace Herald::Wire {

/// Who made a publication or a presence change. Empty for publications the
/// hub itself (or an embedding application) makes.
struct HERALD_PROTOCOL_EXPORT Sender
{
    QString userId;
    QString userName;
    QString connectionId;

    bool isEmpty() const { return userId.isEmpty() && userName.isEmpty(); }
    friend bool operator==(const Sender &a, const Sender &b)
    {
        return a.userId == b.userId && a.userName == b.userName && a.connectionId == b.connectionId;
    }
};

/// One publication on one channel, as the hub stores it and as subscribers
/// receive it. `event` is what subscribers see as `type`.
struct HERALD_PROTOCOL_EXPORT Publication
{
    QString channel;
    QString event;
    QString id;
    QString epoch;
    quint64 seq = 0;
    qint64 timestampMs = 0; // milliseconds since the Unix epoch, UTC
    Sender sender;
    QJsonValue data;
    /// The data's JSON text, byte for byte as a publisher sent it (the hub's fast
    /// path keeps it unparsed); `data` is then not looked at. Rendering copies
    /// these bytes; dataValue() parses them for whoever needs a value.
    QByteArray dataJson;

    QJsonValue dataValue() const { return dataJson.isEmpty() ? data : Json::parseValue(dataJson); }
    friend bool operator==(const Publication &a, const Publication &b)
    {
        return a.channel == b.channel && a.event == b.event && a.id == b.id && a.epoch == b.epoch &&
               a.seq == b.seq && a.timestampMs == b.timestampMs && a.sender == b.sender &&
               a.dataValue() == b.dataValue();
    }
};

} // namespace Herald::Wire
