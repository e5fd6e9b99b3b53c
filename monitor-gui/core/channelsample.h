#pragma once

#include <QDateTime>
#include <QString>

namespace Herald::Monitor {

/// One channel as a $sys.stats snapshot lists it.
struct ChannelSample
{
    QString name;
    QString epoch;
    int subscribers = 0; // visible ones: hidden watchers are not counted
    quint64 lastSeq = 0;
    quint64 published = 0; // since the channel's state (its epoch) was made
    QDateTime lastActivity;

    friend bool operator==(const ChannelSample &a, const ChannelSample &b)
    {
        return a.name == b.name && a.epoch == b.epoch && a.subscribers == b.subscribers &&
               a.lastSeq == b.lastSeq && a.published == b.published &&
               a.lastActivity == b.lastActivity;
    }
    friend bool operator!=(const ChannelSample &a, const ChannelSample &b) { return !(a == b); }
};

} // namespace Herald::Monitor
