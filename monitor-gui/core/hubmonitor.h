#pragma once

#include "channelsmodel.h"
#include "connectionsmodel.h"
#include "hubrates.h"
#include "presencemodel.h"
#include "ratesmodel.h"
#include "statssnapshot.h"
#include "tailmodel.h"

#include <herald/client.h>

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace Herald::Monitor {

/// Everything the monitor knows about one hub, learnt only through a
/// Herald::Client and the hub's admin extensions, whether the hub is
/// remote or embedded in this process: $sys.stats feeds the overview, the
/// channels and the rates; admin.connections the connections; a hidden
/// subscription the tail and the presence of the selected channel.
/// Widget-free, so that it can be tested without a screen.
class HubMonitor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString selectedChannel READ selectedChannel WRITE selectChannel NOTIFY
                   selectedChannelChanged)
    Q_PROPERTY(int connectionsRefreshInterval READ connectionsRefreshInterval WRITE
                   setConnectionsRefreshInterval)

public:
    static const QString kStatsChannel; // $sys.stats

    explicit HubMonitor(QObject *parent = nullptr);
    ~HubMonitor() override;

    Herald::Client *client();
    /// Monitors the hub at `url`. Another hub than before: what was known
    /// is dropped, but the selected channel stays selected.
    void open(const QUrl &url, const QString &token = QString());
    void close();

    ChannelsModel *channels();
    ConnectionsModel *connections();
    PresenceModel *presence();
    TailModel *tail();
    RatesModel *rates();

    /// The newest snapshot and the rates since the one before.
    bool hasSnapshot() const;
    const StatsSnapshot &snapshot() const;
    const HubRates &hubRates() const;

    QString selectedChannel() const;
    /// Watches a channel: its tail, its presence, its rate. Empty: none.
    void selectChannel(const QString &channel);

    /// How often the connections list is asked for while connected (ms).
    int connectionsRefreshInterval() const;
    void setConnectionsRefreshInterval(int ms);
    void refreshConnections();
    /// Asks the hub to close a connection; connectionClosed() follows.
    Result<QString> disconnectConnection(const QString &connectionId);
    /// Publishes as this monitor's connection; published() follows.
    Result<QString> publish(const QString &channel, const QString &event, const QJsonValue &data);

Q_SIGNALS:
    void snapshotReceived();
    void selectedChannelChanged(const QString &channel);
    void connectionClosed(const QString &connectionId);
    void published(const QString &channel, quint64 seq);
    /// A request the hub refused or could not answer, in words for the
    /// status bar.
    void problemOccurred(const QString &message);
    /// The hub refused the admin extensions to this connection (it is not
    /// from a loopback address, or its token lacks the admin role).
    void accessDenied(const QString &reason);

private:
    void subscribeStats();
    void snapshotArrived(const Herald::Message &message);
    void watch(const QString &channel);
    void unwatch();
    void tailSubscribed(quint64 seq, bool recovered);
    void queryPresence();
    void connected();
    void disconnected();
    void replyArrived(const QString &type, const QJsonObject &data, const QString &requestId);
    void errorArrived(const QString &code, const QString &message, const QString &requestId);
    void resetHubState();

    Herald::Client m_client;
    ChannelsModel m_channels;
    ConnectionsModel m_connections;
    PresenceModel m_presence;
    TailModel m_tail;
    RatesModel m_rates;

    QPointer<Herald::Subscription> m_statsSubscription;
    QPointer<Herald::Subscription> m_tailSubscription;
    QList<QMetaObject::Connection> m_tailConnections;
    StatsSnapshot m_snapshot;
    HubRates m_hubRates;
    QString m_selected;

    QTimer m_connectionsTimer;
    QString m_connectionsRequest;
    bool m_connectionsStale = false; // asked again while a list was on its way
    bool m_adminRefused = false;
    QString m_presenceRequest;
    QElapsedTimer m_sincePresenceQuery;
    QString m_historyRequest;
    quint64 m_historyUpTo = 0;
    QSet<QString> m_disconnectRequests;
    QSet<QString> m_publishRequests;
};

} // namespace Herald::Monitor
