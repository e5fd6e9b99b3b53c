#include "statsjson.h"

#include <herald/wire/json.h>

namespace Herald::StatsJson {

using namespace Qt::StringLiterals;

namespace {

QJsonValue count(quint64 value)
{
    return QJsonValue(double(value));
}

} // namespace

QJsonObject hub(const HubStats &stats, qint64 nowMs)
{
    QJsonObject errors;
    for (auto it = stats.errorsByCode.begin(); it != stats.errorsByCode.end(); ++it)
        errors.insert(it.key(), count(it.value()));
    QJsonObject closes;
    for (auto it = stats.closesByCode.begin(); it != stats.closesByCode.end(); ++it)
        closes.insert(it.key() ? QString::number(it.key()) : u"other"_s, count(it.value()));
    return QJsonObject{
        {u"version"_s, stats.version},
        {u"started_at"_s, Wire::Json::isoTimestamp(stats.startedAtMs)},
        {u"uptime_ms"_s, count(quint64(std::max<qint64>(0, nowMs - stats.startedAtMs)))},
        {u"threads"_s, stats.threads},
        {u"connections"_s, stats.connections},
        {u"channels"_s, stats.channels},
        {u"connections_accepted"_s, count(stats.connectionsAccepted)},
        {u"connections_dropped"_s, count(stats.connectionsDropped)},
        {u"messages_in"_s, count(stats.messagesIn)},
        {u"messages_out"_s, count(stats.messagesOut)},
        {u"bytes_in"_s, count(stats.bytesIn)},
        {u"bytes_out"_s, count(stats.bytesOut)},
        {u"publications"_s, count(stats.publications)},
        {u"deliveries"_s, count(stats.deliveries)},
        {u"slow_consumers"_s, count(stats.slowConsumers)},
        {u"rate_limited"_s, count(stats.rateLimited)},
        {u"errors"_s, errors},
        {u"closes"_s, closes},
        {u"backplane"_s, QJsonObject{{u"kind"_s, stats.backplane},
                                     {u"up"_s, stats.backplaneUp},
                                     {u"lag_ms"_s, double(stats.backplaneLagMs)}}},
    };
}

QJsonObject channel(const ChannelStats &stats)
{
    return QJsonObject{{u"name"_s, stats.name},
                       {u"epoch"_s, stats.epoch},
                       {u"subscribers"_s, stats.subscribers},
                       {u"last_seq"_s, count(stats.lastSeq)},
                       {u"published"_s, count(stats.published)},
                       {u"last_activity"_s, Wire::Json::isoTimestamp(stats.lastActivityMs)}};
}

QJsonObject connection(const ConnectionStats &stats)
{
    return QJsonObject{{u"id"_s, stats.id},
                       {u"user_id"_s, stats.userId},
                       {u"user_name"_s, stats.userName},
                       {u"tenant"_s, stats.tenant},
                       {u"peer"_s, stats.peer},
                       {u"dialect"_s, stats.dialect},
                       {u"subscriptions"_s, stats.subscriptions},
                       {u"messages_in"_s, count(stats.messagesIn)},
                       {u"messages_out"_s, count(stats.messagesOut)},
                       {u"connected_at"_s, Wire::Json::isoTimestamp(stats.connectedAtMs)}};
}

QJsonArray channels(const QList<ChannelStats> &list, int limit)
{
    QJsonArray out;
    for (const ChannelStats &stats : list) {
        if (out.size() >= limit)
            break;
        out.append(channel(stats));
    }
    return out;
}

QJsonArray connections(const QList<ConnectionStats> &list)
{
    QJsonArray out;
    for (const ConnectionStats &stats : list)
        out.append(connection(stats));
    return out;
}

} // namespace Herald::StatsJson
