#pragma once

#include "pgposition.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Herald {

/// What a bridge can say about the notifications sent while its link to
/// PostgreSQL was down. NOTIFY is fire-and-forget: PostgreSQL keeps nothing
/// for a session that is not listening, so the payloads themselves are gone.
/// What can be known is whether any transaction that could have notified
/// committed meanwhile, from the transaction counter before and after.
struct PgGap
{
    qint64 lostAtMs = 0;
    qint64 resumedAtMs = 0;
    QString reason;
    /// false: provably nothing was notified meanwhile; true: something may
    /// have been; nullopt: cannot tell (another cluster, no position).
    std::optional<bool> possiblyLost;
    /// At most this many transactions (cluster-wide, notifying or not)
    /// committed while the link was down; nullopt when unknown.
    std::optional<quint64> transactions;
    /// Whether the server restarted (its start time changed).
    std::optional<bool> serverRestarted;
    /// One sentence for people: what is known and what to do.
    QString detail;

    /// Compares the last position seen before the loss with the first one
    /// after listening again. `committedOfRunning` is how many of the
    /// transactions running at `before` have committed (or have an unknown
    /// outcome) by `after`; nullopt counts them all as committed.
    static PgGap assess(const PgPosition &before, const PgPosition &after,
                        std::optional<quint64> committedOfRunning, qint64 lostAtMs,
                        qint64 resumedAtMs, const QString &reason);

    /// The event's data, self-describing so that `raw` clients, which see
    /// only the data, can switch on its `type` like on any other payload.
    QJsonObject toJson(const QString &event, const QString &bridge,
                       const QStringList &pgChannels) const;
};

} // namespace Herald

Q_DECLARE_METATYPE(Herald::PgGap)
