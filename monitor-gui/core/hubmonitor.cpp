#include "hubmonitor.h"

#include <QJsonArray>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

const QString HubMonitor::kStatsChannel = u"$sys.stats"_s;

namespace {

// Publications shown at once when a channel is selected, before live ones.
constexpr int kTailHistory = 50;
// A presence list that disagrees with the stats is asked for again, at
// most this often (the hub sends no presence events on crowded channels).
constexpr qint64 kPresenceRecheckMs = 2000;

bool isSystemChannel(const QString &channel)
{
    return channel.startsWith(u'$');
}

} // namespace

HubMonitor::HubMonitor(QObject *parent)
    : QObject(parent)
{
    // One client, an operator waiting for it: come back fast, and notice a
    // dead hub within seconds rather than the library's default quarter minute.
    m_client.setReconnectDelay(500);
    m_client.setMaxReconnectDelay(5000);
    m_client.setHeartbeatInterval(5000);
    m_client.setHeartbeatTimeout(5000);

    m_connectionsTimer.setInterval(2000);
    connect(&m_connectionsTimer, &QTimer::timeout, this, [this] { refreshConnections(); });
    connect(&m_client, &Client::connected, this, [this] { connected(); });
    connect(&m_client, &Client::disconnected, this, [this] { disconnected(); });
    connect(&m_client, &Client::replyReceived, this,
            [this](const QString &type, const QJsonObject &data, const QString &id) {
                replyArrived(type, data, id);
            });
    connect(&m_client, &Client::errorReceived, this,
            [this](const QString &code, const QString &message, const QString &id) {
                errorArrived(code, message, id);
            });
    connect(&m_client, &Client::published, this,
            [this](const QString &id, const QString &channel, quint64 seq) {
                if (m_publishRequests.remove(id))
                    emit published(channel, seq);
            });
    connect(&m_client, &Client::presenceReceived, this,
            [this](const QString &channel, const QList<Member> &members, const QString &id) {
                if (id != m_presenceRequest)
                    return;
                m_presenceRequest.clear();
                if (channel == m_selected)
                    m_presence.reset(members);
            });
    connect(&m_client, &Client::historyReceived, this,
            [this](const QString &channel, const QList<Message> &messages, const QString &id) {
                if (id != m_historyRequest)
                    return;
                m_historyRequest.clear();
                if (channel != m_selected)
                    return;
                // Newer ones arrive live; the subscription began after this seq.
                QList<Message> older;
                for (const Message &message : messages) {
                    if (message.seq() <= m_historyUpTo)
                        older.append(message);
                }
                m_tail.prependHistory(older);
            });
    subscribeStats();
}

HubMonitor::~HubMonitor()
{
    // The models go before the client; nothing it says on its way out may reach them.
    m_client.disconnect(this);
    for (const QMetaObject::Connection &connection : std::as_const(m_tailConnections))
        disconnect(connection);
}

Herald::Client *HubMonitor::client()
{
    return &m_client;
}

void HubMonitor::open(const QUrl &url, const QString &token)
{
    const bool otherHub = url != m_client.url();
    m_client.close();
    m_client.setUrl(url);
    m_client.setToken(token);
    // What we knew was another hub's; the watched channel stays watched
    // (hubs sharing a backplane have the same channels).
    if (otherHub)
        resetHubState();
    m_adminRefused = false;
    if (!m_statsSubscription)
        subscribeStats();
    m_client.open();
}

void HubMonitor::close()
{
    m_client.close();
}

void HubMonitor::resetHubState()
{
    m_snapshot = StatsSnapshot();
    m_hubRates = HubRates();
    m_channels.clear();
    m_connections.clear();
    m_rates.clear();
    m_tail.clear();
    m_presence.setChannel(m_selected);
}

ChannelsModel *HubMonitor::channels()
{
    return &m_channels;
}

ConnectionsModel *HubMonitor::connections()
{
    return &m_connections;
}

PresenceModel *HubMonitor::presence()
{
    return &m_presence;
}

TailModel *HubMonitor::tail()
{
    return &m_tail;
}

RatesModel *HubMonitor::rates()
{
    return &m_rates;
}

bool HubMonitor::hasSnapshot() const
{
    return m_snapshot.isValid();
}

const StatsSnapshot &HubMonitor::snapshot() const
{
    return m_snapshot;
}

const HubRates &HubMonitor::hubRates() const
{
    return m_hubRates;
}

void HubMonitor::subscribeStats()
{
    // Hidden, without presence events: monitors do not see one another.
    m_statsSubscription = m_client.subscribe(
        kStatsChannel, Subscription::Option::Hidden | Subscription::Option::NoPresenceEvents);
    connect(m_statsSubscription, &Subscription::messageReceived, this,
            [this](const Message &message) { snapshotArrived(message); });
    connect(m_statsSubscription, &Subscription::errorReceived, this,
            [this](const QString &, const QString &message) { emit accessDenied(message); });
}

void HubMonitor::snapshotArrived(const Message &message)
{
    if (message.type() != "stats"_L1)
        return;
    const StatsSnapshot snapshot =
        StatsSnapshot::fromJson(message.data().toObject(), message.timestamp());
    if (!snapshot.isValid())
        return;
    m_hubRates = HubRates::between(m_snapshot, snapshot);
    m_snapshot = snapshot;
    m_channels.update(m_snapshot, m_hubRates);
    if (m_hubRates.valid)
        m_rates.addSample(m_snapshot.takenAt, m_hubRates);

    // Presence events can be missed (none on crowded channels, none while
    // we were away): when the count disagrees with the hub's, ask again.
    if (!m_selected.isEmpty() && !isSystemChannel(m_selected) && m_tailSubscription &&
        m_tailSubscription->state() == Subscription::State::Subscribed &&
        m_presenceRequest.isEmpty() &&
        (!m_sincePresenceQuery.isValid() || m_sincePresenceQuery.hasExpired(kPresenceRecheckMs))) {
        const int row = m_channels.rowOf(m_selected);
        if (row >= 0 && m_channels.rowAt(row).sample.subscribers != m_presence.connectionCount())
            queryPresence();
    }
    emit snapshotReceived();
}

QString HubMonitor::selectedChannel() const
{
    return m_selected;
}

void HubMonitor::selectChannel(const QString &channel)
{
    if (channel == m_selected)
        return;
    unwatch();
    m_selected = channel;
    m_tail.clear();
    m_presence.setChannel(channel);
    m_rates.setSelectedChannel(channel);
    if (!channel.isEmpty())
        watch(channel);
    emit selectedChannelChanged(channel);
}

void HubMonitor::watch(const QString &channel)
{
    // The stats channel is subscribed already; any other is watched hidden,
    // so that looking at a channel does not change who is on it.
    Subscription *subscription = m_client.subscription(channel);
    if (!subscription)
        subscription = m_client.subscribe(channel, Subscription::Option::Hidden);
    m_tailSubscription = subscription;
    m_tailConnections = {
        connect(subscription, &Subscription::messageReceived, this,
                [this](const Message &message) { m_tail.append(message); }),
        connect(subscription, &Subscription::presenceJoined, this,
                [this](const Member &member) { m_presence.join(member); }),
        connect(subscription, &Subscription::presenceLeft, this,
                [this](const Member &member) { m_presence.leave(member); }),
        connect(subscription, &Subscription::subscribed, this,
                [this](quint64 seq, bool recovered) { tailSubscribed(seq, recovered); }),
        connect(subscription, &Subscription::errorReceived, this,
                [this, channel](const QString &, const QString &message) {
                    //: %1 is a channel, %2 the hub's reason
                    emit problemOccurred(tr("Cannot watch %1: %2").arg(channel, message));
                }),
    };
    if (subscription->state() == Subscription::State::Subscribed)
        tailSubscribed(subscription->lastSeq(), false);
}

void HubMonitor::unwatch()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_tailConnections))
        disconnect(connection);
    m_tailConnections.clear();
    if (m_tailSubscription && m_tailSubscription != m_statsSubscription)
        m_tailSubscription->unsubscribe();
    m_tailSubscription = nullptr;
    m_presenceRequest.clear();
    m_historyRequest.clear();
}

void HubMonitor::tailSubscribed(quint64 seq, bool recovered)
{
    if (!isSystemChannel(m_selected))
        queryPresence();
    // A first subscribe, or one after a gap: show what came just before.
    if (!recovered && m_tail.rowCount() == 0 && m_tail.pendingCount() == 0 && seq > 0) {
        const auto id = m_client.history(m_selected, -1, kTailHistory);
        if (id) {
            m_historyRequest = *id;
            m_historyUpTo = seq;
        }
    }
}

void HubMonitor::queryPresence()
{
    const auto id = m_client.presence(m_selected);
    if (!id)
        return;
    m_presenceRequest = *id;
    m_sincePresenceQuery.start();
}

void HubMonitor::connected()
{
    m_adminRefused = false;
    if (!m_statsSubscription)
        subscribeStats();
    refreshConnections();
    m_connectionsTimer.start();
}

void HubMonitor::disconnected()
{
    m_connectionsTimer.stop();
}

int HubMonitor::connectionsRefreshInterval() const
{
    return m_connectionsTimer.interval();
}

void HubMonitor::setConnectionsRefreshInterval(int ms)
{
    m_connectionsTimer.setInterval(std::max(10, ms));
}

void HubMonitor::refreshConnections()
{
    if (m_adminRefused || m_client.state() != Client::State::Connected)
        return;
    if (!m_connectionsRequest.isEmpty()) {
        m_connectionsStale = true;
        return;
    }
    const auto id = m_client.request(u"admin.connections"_s);
    if (id)
        m_connectionsRequest = *id;
}

Result<QString> HubMonitor::disconnectConnection(const QString &connectionId)
{
    const auto id =
        m_client.request(u"admin.disconnect"_s, QJsonObject{{u"connection_id"_s, connectionId}});
    if (id)
        m_disconnectRequests.insert(*id);
    return id;
}

Result<QString> HubMonitor::publish(const QString &channel, const QString &event,
                                    const QJsonValue &data)
{
    const auto id = m_client.publish(channel, data, event);
    if (id)
        m_publishRequests.insert(*id);
    return id;
}

void HubMonitor::replyArrived(const QString &type, const QJsonObject &data,
                              const QString &requestId)
{
    if (requestId.isEmpty())
        return;
    if (requestId == m_connectionsRequest) {
        m_connectionsRequest.clear();
        if (type == "admin.connections"_L1)
            m_connections.update(data.value("connections"_L1).toArray());
        if (std::exchange(m_connectionsStale, false))
            refreshConnections();
    } else if (m_disconnectRequests.remove(requestId)) {
        emit connectionClosed(data.value("connection_id"_L1).toString());
        refreshConnections();
    }
}

void HubMonitor::errorArrived(const QString &code, const QString &message, const QString &requestId)
{
    // Answers lost with the connection are asked again once it is back.
    const bool lost = code == "connection_lost"_L1;
    if (requestId.isEmpty())
        return;
    if (requestId == m_connectionsRequest) {
        m_connectionsRequest.clear();
        m_connectionsStale = false;
        if (code == "forbidden"_L1) {
            m_adminRefused = true; // until the next connection
            emit accessDenied(message);
        }
    } else if (requestId == m_presenceRequest) {
        m_presenceRequest.clear();
    } else if (requestId == m_historyRequest) {
        m_historyRequest.clear();
    } else if (m_disconnectRequests.remove(requestId)) {
        //: %1 is the hub's reason
        emit problemOccurred(lost ? tr("The connection to the hub was lost before it closed the "
                                       "connection.")
                                  : tr("The hub did not close the connection: %1").arg(message));
    } else if (m_publishRequests.remove(requestId)) {
        emit problemOccurred(lost ? tr("The connection to the hub was lost before it confirmed "
                                       "the publication.")
                                  : tr("The hub refused the publication: %1").arg(message));
    }
}

} // namespace Herald::Monitor
