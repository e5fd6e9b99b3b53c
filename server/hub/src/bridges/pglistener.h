#pragma once

#include "pgconnectparams.h"
#include "pggap.h"
#include "pgposition.h"

#include <herald/pgbridgeconfig.h>

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <chrono>
#include <optional>

class QThread;

namespace Herald {

/// The PostgreSQL side of a PgBridge, living on the bridge's own thread so
/// that a blocking connect or query never stalls the hub: one QPSQL
/// connection that LISTENs, is probed, and comes back after a loss.
class PgListener : public QObject
{
    Q_OBJECT

public:
    PgListener(const PgBridgeConfig &config, PgConnectParams params, QString connectionName);
    ~PgListener() override;

    /// Both run on the listener's thread. stop() closes the connection and
    /// hands the object back to `home`, where it is then deleted.
    void start();
    void stop(QThread *home);

Q_SIGNALS:
    /// The first time the channels are listened to.
    void connected();
    /// Listening again after a loss; `gap` says what may have been missed.
    void resumed(const Herald::PgGap &gap);
    /// The link was lost; reconnection is scheduled.
    void disconnected(const QString &reason);
    /// A connection attempt failed; the next one comes in `retryInMs`.
    void connectFailed(const QString &reason, qint64 retryInMs);
    void notified(const QString &pgChannel, const QString &payload);

private:
    void tryConnect();
    void scheduleRetry(const QString &reason);
    void lose(const QString &reason);
    void probe();
    Result<PgPosition> samplePosition();
    std::optional<quint64> committedSince(const QList<quint64> &running);
    static qint64 now();

    PgBridgeConfig m_config;
    PgConnectParams m_params;
    QString m_connectionName;
    QSqlDatabase m_db;
    QTimer m_retry;
    QTimer m_health;
    std::chrono::milliseconds m_backoff;
    bool m_listening = false;
    bool m_everListened = false;
    /// The last position seen while listening, and when and why the link
    /// was lost: what a gap report compares against.
    PgPosition m_position;
    QString m_systemId;
    qint64 m_lostAtMs = 0;
    QString m_lostReason;
};

} // namespace Herald
