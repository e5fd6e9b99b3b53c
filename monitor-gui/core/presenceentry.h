#pragma once

#include <QDateTime>
#include <QString>

namespace Herald::Monitor {

/// One user present on the watched channel.
struct PresenceEntry
{
    QString userId;
    QString userName;
    int connections = 0;
    QDateTime since;         // when we saw them join, or first saw them there
    bool sinceKnown = false; // false: they were there before we looked

    friend bool operator==(const PresenceEntry &a, const PresenceEntry &b)
    {
        return a.userId == b.userId && a.userName == b.userName && a.connections == b.connections &&
               a.since == b.since && a.sinceKnown == b.sinceKnown;
    }
};

} // namespace Herald::Monitor
