#pragma once

#include "statssnapshot.h"

#include <QHash>
#include <QString>

namespace Herald::Monitor {

/// Per-second rates between two consecutive snapshots. The snapshots carry
/// totals only, so every rate is a difference over the hub's own uptime
/// (not our receive times, which a replayed burst would squeeze together).
struct HubRates
{
    bool valid = false; // false across a hub restart, or without two snapshots
    double publicationsIn = 0;
    double deliveriesOut = 0;
    double messagesIn = 0;
    double messagesOut = 0;
    double bytesIn = 0;
    double bytesOut = 0;
    QHash<QString, double> channels; // publications per second, by channel

    static HubRates between(const StatsSnapshot &before, const StatsSnapshot &after);
};

} // namespace Herald::Monitor
