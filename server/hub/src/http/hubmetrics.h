#pragma once

#include <herald/hubstats.h>

#include <QByteArray>
#include <QList>

namespace Herald {

/// The hub's numbers as Prometheus metrics (the list is in docs/http.md).
class HubMetrics
{
public:
    /// `topChannels` > 0 adds one publications series for each of that many
    /// busiest channels; 0 keeps channel names out of the labels.
    static QByteArray render(const HubStats &stats, const QList<ChannelStats> &channels,
                             int topChannels, qint64 nowMs);
};

} // namespace Herald
