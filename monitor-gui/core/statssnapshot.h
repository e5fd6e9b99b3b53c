#pragma once

#include "channelsample.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Herald::Monitor {

/// One `stats` publication of $sys.stats (docs/protocol.md, "Admin
/// extensions"): the hub's totals since it started and its channels.
struct StatsSnapshot
{
    QDateTime takenAt; // the publication's timestamp (the hub's clock)
    QString version;
    QDateTime startedAt;
    qint64 uptimeMs = 0;
    int threads = 0;
    int connections = 0;
    int channelCount = 0;
    quint64 connectionsAccepted = 0;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 publications = 0;
    quint64 deliveries = 0;
    quint64 slowConsumers = 0;
    quint64 rateLimited = 0;
    QString backplaneKind;
    bool backplaneUp = false;
    qint64 backplaneLagMs = 0;
    QList<ChannelSample> channels;
    bool channelsTruncated = false;

    bool isValid() const { return startedAt.isValid(); }
    /// Reads the publication's `data`; missing fields stay at their defaults.
    static StatsSnapshot fromJson(const QJsonObject &data, const QDateTime &takenAt);
};

} // namespace Herald::Monitor
