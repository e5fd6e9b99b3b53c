#pragma once

#include <herald/result.h>

#include <QList>
#include <QString>

namespace Herald {

/// Where a PostgreSQL cluster's transaction counter stood at one moment,
/// as seen by a listening session. NOTIFY is only sent by transactions that
/// commit, and every one of them holds a transaction id, so two positions
/// bound what could have been notified between them.
struct PgPosition
{
    /// pg_control_system().system_identifier: tells one cluster from
    /// another (a failover replica keeps it). Empty if unknown.
    QString systemId;
    /// pg_postmaster_start_time() as text: changes when the server restarts.
    QString serverStart;
    /// txid_current_snapshot(): the first transaction id not yet assigned...
    quint64 xmax = 0;
    /// ...and the ids still running, which may commit later.
    QList<quint64> inProgress;
    /// When this was sampled (ms since the epoch).
    qint64 sampledAtMs = 0;

    bool isValid() const { return xmax != 0; }

    /// Fills xmax and inProgress from txid_current_snapshot()'s text form
    /// "xmin:xmax:xip,xip,...".
    static Result<PgPosition> fromSnapshot(const QString &snapshot);
};

} // namespace Herald
