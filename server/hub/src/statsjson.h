#pragma once

#include <herald/hubstats.h>

#include <QJsonArray>
#include <QJsonObject>

// One JSON shape for the hub's numbers, wherever they are shown: the
// $sys.stats channel, admin replies and the HTTP endpoints.
namespace Herald::StatsJson {

QJsonObject hub(const HubStats &stats, qint64 nowMs);
QJsonObject channel(const ChannelStats &stats);
QJsonObject connection(const ConnectionStats &stats);
QJsonArray channels(const QList<ChannelStats> &list, int limit);
QJsonArray connections(const QList<ConnectionStats> &list);

} // namespace Herald::StatsJson
