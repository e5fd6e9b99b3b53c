#include "pggap.h"

#include <herald/wire/json.h>

#include <QJsonArray>

namespace Herald {

using namespace Qt::StringLiterals;

PgGap PgGap::assess(const PgPosition &before, const PgPosition &after,
                    std::optional<quint64> committedOfRunning, qint64 lostAtMs, qint64 resumedAtMs,
                    const QString &reason)
{
    PgGap gap;
    gap.lostAtMs = lostAtMs;
    gap.resumedAtMs = resumedAtMs;
    gap.reason = reason;
    if (!before.serverStart.isEmpty() && !after.serverStart.isEmpty())
        gap.serverRestarted = before.serverStart != after.serverStart;

    if (!before.isValid() || !after.isValid()) {
        gap.detail = u"no transaction position is known on both sides of the loss: "
                     u"notifications may have been lost, resync"_s;
        return gap;
    }
    if (!before.systemId.isEmpty() && !after.systemId.isEmpty() &&
        before.systemId != after.systemId) {
        gap.detail = u"reconnected to a different PostgreSQL cluster: "
                     u"notifications may have been lost, resync"_s;
        return gap;
    }
    if (after.xmax < before.xmax) {
        gap.detail = u"the transaction counter went backwards (a restored or different cluster): "
                     u"notifications may have been lost, resync"_s;
        return gap;
    }
    // Transactions that started after `before`, plus those running at
    // `before` that have since committed: only these can have notified
    // while nobody listened. Some may have committed before the loss and
    // been delivered, so this is an upper bound.
    const quint64 running = committedOfRunning.value_or(quint64(before.inProgress.size()));
    const quint64 count = (after.xmax - before.xmax) + running;
    gap.transactions = count;
    gap.possiblyLost = count > 0;
    gap.detail = count == 0
                     ? u"no transaction committed while the link was down: nothing was lost"_s
                     : u"up to %1 transaction(s) committed while the link was down; their "
                       u"notifications, if any, are lost: resync"_s.arg(count);
    return gap;
}

QJsonObject PgGap::toJson(const QString &event, const QString &bridge,
                          const QStringList &pgChannels) const
{
    auto optionalBool = [](std::optional<bool> value) {
        return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject{
        {u"type"_s, event},
        {u"bridge"_s, bridge},
        {u"source"_s, u"postgresql"_s},
        {u"pg_channels"_s, QJsonArray::fromStringList(pgChannels)},
        {u"down_at"_s, Wire::Json::isoTimestamp(lostAtMs)},
        {u"up_at"_s, Wire::Json::isoTimestamp(resumedAtMs)},
        {u"down_ms"_s, double(resumedAtMs - lostAtMs)},
        {u"reason"_s, reason},
        {u"possibly_lost"_s, optionalBool(possiblyLost)},
        {u"transactions"_s,
         transactions ? QJsonValue(double(*transactions)) : QJsonValue(QJsonValue::Null)},
        {u"server_restarted"_s, optionalBool(serverRestarted)},
        {u"detail"_s, detail},
    };
}

} // namespace Herald
