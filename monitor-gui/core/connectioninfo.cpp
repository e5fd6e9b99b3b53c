#include "connectioninfo.h"

#include <herald/wire/json.h>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

ConnectionInfo ConnectionInfo::fromJson(const QJsonObject &object)
{
    auto counter = [&object](QLatin1StringView key) {
        return quint64(std::max<qint64>(0, Wire::Json::toInteger(object.value(key)).value_or(0)));
    };
    ConnectionInfo c;
    c.id = object.value("id"_L1).toString();
    c.userId = object.value("user_id"_L1).toString();
    c.userName = object.value("user_name"_L1).toString();
    c.tenant = object.value("tenant"_L1).toString();
    c.peer = object.value("peer"_L1).toString();
    c.dialect = object.value("dialect"_L1).toString();
    c.subscriptions = int(counter("subscriptions"_L1));
    c.messagesIn = counter("messages_in"_L1);
    c.messagesOut = counter("messages_out"_L1);
    const qint64 ms = Wire::Json::parseTimestamp(object.value("connected_at"_L1).toString());
    if (ms)
        c.connectedAt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return c;
}

} // namespace Herald::Monitor
