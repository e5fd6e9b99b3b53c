#pragma once

#include "pgroute.h"

#include <herald/pgbridgeconfig.h>
#include <herald/result.h>

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <optional>

namespace Herald {

class Hub;
class PgListener;
struct PgGap;

/// Carries PostgreSQL NOTIFY payloads into a hub (seed 004): LISTENs on the
/// configured channels, routes each JSON payload by one of its fields to a
/// Herald channel and publishes the payload itself as the data, through the
/// hub's public publish() only. Comes back by itself when PostgreSQL
/// restarts, and says what may have been missed meanwhile (bridge.gap).
/// Lives on the hub's thread; the PostgreSQL connection has a thread of its
/// own, so a slow or dead server never blocks the hub.
class PgBridge : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State {
        Down, // not listening: stopped, connecting, or reconnecting
        Up,   // listening on every configured channel
    };
    Q_ENUM(State)

    PgBridge(Hub *hub, const PgBridgeConfig &config, QObject *parent = nullptr);
    ~PgBridge() override;

    const PgBridgeConfig &config() const;

    /// Checks the configuration and the QPSQL driver, then connects in the
    /// background; connected() follows once listening.
    Status start();
    /// Closes the connection; the state goes Down.
    void stop();
    bool isRunning() const;

    State state() const;
    /// Notifications received on the configured channels.
    quint64 receivedCount() const;
    /// Payloads published into the hub.
    quint64 publishedCount() const;
    /// Payloads that could not be routed or published (logged with why).
    quint64 droppedCount() const;
    /// Times the link came back after a loss (each reported as a gap).
    quint64 gapCount() const;
    /// The data of the last gap event; empty if none yet.
    QJsonObject lastGap() const;
    /// The last connection problem, for people; empty while all is well.
    QString errorString() const;

Q_SIGNALS:
    void stateChanged(Herald::PgBridge::State state);
    void connected();
    void disconnected(const QString &reason);
    void gapReported(const QJsonObject &gap);
    void notificationDropped(const QString &pgChannel, const QString &reason);
    void countersChanged();
    void errorOccurred(const QString &errorString);

private:
    void onNotified(const QString &pgChannel, const QString &payload);
    void onUp(bool resumed);
    void onResumed(const PgGap &gap);
    void onDisconnected(const QString &reason);
    void onConnectFailed(const QString &reason, qint64 retryInMs);
    void drop(const QString &pgChannel, const QString &reason, const QString &payload);
    void publishStatus(const QString &event, QJsonObject data);
    void setState(State state);

    QPointer<Hub> m_hub;
    PgBridgeConfig m_config;
    std::optional<PgRoute> m_route;
    QThread m_thread;
    PgListener *m_listener = nullptr;
    State m_state = State::Down;
    quint64 m_received = 0;
    quint64 m_published = 0;
    quint64 m_dropped = 0;
    quint64 m_gaps = 0;
    QJsonObject m_lastGap;
    QString m_errorString;
    /// Drop logging is throttled: a flood of bad payloads must not flood
    /// the log, but the count of the silenced ones is still told.
    qint64 m_dropWindowStartMs = 0;
    int m_dropsLoggedInWindow = 0;
    quint64 m_dropsSilenced = 0;
};

} // namespace Herald
