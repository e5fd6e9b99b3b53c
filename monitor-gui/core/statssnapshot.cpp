#include "statssnapshot.h"

#include <herald/wire/json.h>

#include <QJsonArray>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

namespace {

quint64 counter(const QJsonObject &object, QLatin1StringView key)
{
    return quint64(std::max<qint64>(0, Wire::Json::toInteger(object.value(key)).value_or(0)));
}

QDateTime timestamp(const QJsonObject &object, QLatin1StringView key)
{
    const qint64 ms = Wire::Json::parseTimestamp(object.value(key).toString());
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

} // namespace

StatsSnapshot StatsSnapshot::fromJson(const QJsonObject &data, const QDateTime &takenAt)
{
    StatsSnapshot s;
    s.takenAt = takenAt;
    const QJsonObject hub = data.value("hub"_L1).toObject();
    s.version = hub.value("version"_L1).toString();
    s.startedAt = timestamp(hub, "started_at"_L1);
    s.uptimeMs = qint64(counter(hub, "uptime_ms"_L1));
    s.threads = int(counter(hub, "threads"_L1));
    s.connections = int(counter(hub, "connections"_L1));
    s.channelCount = int(counter(hub, "channels"_L1));
    s.connectionsAccepted = counter(hub, "connections_accepted"_L1);
    s.messagesIn = counter(hub, "messages_in"_L1);
    s.messagesOut = counter(hub, "messages_out"_L1);
    s.bytesIn = counter(hub, "bytes_in"_L1);
    s.bytesOut = counter(hub, "bytes_out"_L1);
    s.publications = counter(hub, "publications"_L1);
    s.deliveries = counter(hub, "deliveries"_L1);
    s.slowConsumers = counter(hub, "slow_consumers"_L1);
    s.rateLimited = counter(hub, "rate_limited"_L1);
    const QJsonObject backplane = hub.value("backplane"_L1).toObject();
    s.backplaneKind = backplane.value("kind"_L1).toString();
    s.backplaneUp = backplane.value("up"_L1).toBool();
    s.backplaneLagMs = qint64(counter(backplane, "lag_ms"_L1));

    const QJsonArray channels = data.value("channels"_L1).toArray();
    s.channels.reserve(channels.size());
    for (const QJsonValue &entry : channels) {
        const QJsonObject channel = entry.toObject();
        ChannelSample sample;
        sample.name = channel.value("name"_L1).toString();
        if (sample.name.isEmpty())
            continue;
        sample.epoch = channel.value("epoch"_L1).toString();
        sample.subscribers = int(counter(channel, "subscribers"_L1));
        sample.lastSeq = counter(channel, "last_seq"_L1);
        sample.published = counter(channel, "published"_L1);
        sample.lastActivity = timestamp(channel, "last_activity"_L1);
        s.channels.append(sample);
    }
    s.channelsTruncated = data.value("channels_truncated"_L1).toBool();
    return s;
}

} // namespace Herald::Monitor
