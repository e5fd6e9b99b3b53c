#pragma once

#include <herald/hub_export.h>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Herald {

/// One channel as the hub sees it now.
struct HERALD_HUB_EXPORT ChannelStats
{
    QString name;
    QString epoch;
    int subscribers = 0;
    quint64 lastSeq = 0;
    quint64 published = 0;     // publications since the channel's state was made
    qint64 lastActivityMs = 0; // last publication (or creation), ms since the Unix epoch
};

/// One client connection as the hub sees it now.
struct HERALD_HUB_EXPORT ConnectionStats
{
    QString id;
    QString userId;
    QString userName;
    QString tenant;
    QString peer;
    QString dialect;
    int subscriptions = 0;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    qint64 connectedAtMs = 0;
};

/// Totals since the hub started, for the monitor, /status and /metrics.
struct HERALD_HUB_EXPORT HubStats
{
    QString version;
    qint64 startedAtMs = 0;
    int connections = 0;
    int channels = 0;
    int threads = 1;
    quint64 connectionsAccepted = 0;
    /// Accepted but closed before they were served: a shard thread's
    /// descriptor table was full (HubConfig::threadDescriptorTables).
    quint64 connectionsDropped = 0;
    quint64 messagesIn = 0;  // text frames received from clients
    quint64 messagesOut = 0; // text frames sent to clients
    quint64 bytesIn = 0;     // on the wire, WebSocket framing included
    quint64 bytesOut = 0;
    quint64 publications = 0;  // publications accepted (clients and API)
    quint64 deliveries = 0;    // publications written to subscribers
    quint64 slowConsumers = 0; // given up on (4005), counted when the hub decides
    quint64 rateLimited = 0;
    QMap<QString, quint64> errorsByCode; // error frames sent, by `code`
    QMap<int, quint64> closesByCode;     // connections ended, by close code
    /// Incoming message sizes: counts per bucket, bucket i counting sizes up
    /// to messageSizeBounds[i] bytes (the last bucket: everything larger).
    QList<qint64> messageSizeBounds;
    QList<quint64> messageSizeCounts;
    quint64 messageSizeSum = 0;
    QString backplane = QStringLiteral("memory"); // or "redis"
    bool backplaneUp = true;
    qint64 backplaneLagMs = 0;
};

} // namespace Herald
