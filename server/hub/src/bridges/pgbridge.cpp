#include "pgbridge.h"
#include "pgbridgesettings.h"
#include "pgconnectparams.h"
#include "pggap.h"
#include "pglistener.h"

#include <herald/hub.h>
#include <herald/wire/json.h>

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSqlDatabase>

Q_LOGGING_CATEGORY(lcPgBridge, "herald.pgbridge", QtInfoMsg)

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// At most this many dropped payloads are logged per window; the rest are
// counted and summed up when the next window opens.
constexpr int kDropLogBurst = 10;
constexpr qint64 kDropLogWindowMs = 10000;

} // namespace

PgBridge::PgBridge(Hub *hub, const PgBridgeConfig &config, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_config(config)
{
    qRegisterMetaType<Herald::PgGap>();
    m_thread.setObjectName(u"pgbridge-"_s + m_config.name);
}

PgBridge::~PgBridge()
{
    stop();
}

const PgBridgeConfig &PgBridge::config() const
{
    return m_config;
}

Status PgBridge::start()
{
    if (m_listener)
        return Status::failure(u"the bridge is already running"_s);
    if (!m_hub)
        return Status::failure(u"the bridge has no hub"_s);
    if (const Status status = PgBridgeSettings::validate(m_config); !status)
        return status;
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return Status::failure(u"Qt's QPSQL driver is not installed (Debian: libqt6sql6-psql)"_s);
    const auto route = PgRoute::parse(m_config.route, m_config.eventField, m_config.fixedEvent);
    const auto params = PgConnectParams::from(m_config);
    m_route.emplace(*route);

    // QSqlDatabase names connections process-wide: the address keeps two
    // bridges in one process apart.
    const QString connectionName =
        u"herald-pgbridge-%1-%2"_s.arg(m_config.name).arg(quintptr(this), 0, 16);
    m_listener = new PgListener(m_config, *params, connectionName);
    m_listener->moveToThread(&m_thread);
    connect(m_listener, &PgListener::connected, this, [this] { onUp(false); });
    connect(m_listener, &PgListener::resumed, this, &PgBridge::onResumed);
    connect(m_listener, &PgListener::disconnected, this, &PgBridge::onDisconnected);
    connect(m_listener, &PgListener::connectFailed, this, &PgBridge::onConnectFailed);
    connect(m_listener, &PgListener::notified, this, &PgBridge::onNotified);
    m_thread.start();
    QMetaObject::invokeMethod(m_listener, &PgListener::start, Qt::QueuedConnection);
    qCInfo(lcPgBridge).noquote() << m_config.name << "connecting to" << params->describe()
                                 << "to LISTEN on" << m_config.channels.join(u", ") << "routing to"
                                 << m_config.route;
    return Status::success();
}

void PgBridge::stop()
{
    if (!m_listener)
        return;
    // The connection is closed on its own thread, then the listener comes
    // back here to be deleted once that thread is gone.
    QThread *home = thread();
    PgListener *listener = m_listener;
    QMetaObject::invokeMethod(
        listener, [listener, home] { listener->stop(home); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete listener;
    m_listener = nullptr;
    setState(State::Down);
    qCInfo(lcPgBridge).noquote() << m_config.name << "stopped";
}

bool PgBridge::isRunning() const
{
    return m_listener != nullptr;
}

PgBridge::State PgBridge::state() const
{
    return m_state;
}

quint64 PgBridge::receivedCount() const
{
    return m_received;
}

quint64 PgBridge::publishedCount() const
{
    return m_published;
}

quint64 PgBridge::droppedCount() const
{
    return m_dropped;
}

quint64 PgBridge::gapCount() const
{
    return m_gaps;
}

QJsonObject PgBridge::lastGap() const
{
    return m_lastGap;
}

QString PgBridge::errorString() const
{
    return m_errorString;
}

void PgBridge::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void PgBridge::onNotified(const QString &pgChannel, const QString &payload)
{
    // Events still queued from a listener that was stopped meanwhile.
    if (!m_listener || !m_hub)
        return;
    ++m_received;
    const auto target = m_route->apply(payload);
    if (!target) {
        drop(pgChannel, target.reason(), payload);
        return;
    }
    const auto seq = m_hub->publish(target->channel, target->event, target->data);
    if (!seq) {
        drop(pgChannel, u"the hub refused it: "_s + seq.reason(), payload);
        return;
    }
    ++m_published;
    emit countersChanged();
}

void PgBridge::drop(const QString &pgChannel, const QString &reason, const QString &payload)
{
    ++m_dropped;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_dropWindowStartMs >= kDropLogWindowMs) {
        if (m_dropsSilenced > 0)
            qCWarning(lcPgBridge).noquote()
                << m_config.name << "dropped" << m_dropsSilenced << "more payloads (not logged)";
        m_dropWindowStartMs = now;
        m_dropsLoggedInWindow = 0;
        m_dropsSilenced = 0;
    }
    if (m_dropsLoggedInWindow < kDropLogBurst) {
        ++m_dropsLoggedInWindow;
        qCWarning(lcPgBridge).noquote() << m_config.name << "dropped a payload from" << pgChannel
                                        << "-" << reason << "- payload:" << payload.left(200);
    } else {
        ++m_dropsSilenced;
    }
    emit notificationDropped(pgChannel, reason);
    emit countersChanged();
}

void PgBridge::publishStatus(const QString &event, QJsonObject data)
{
    if (m_config.statusChannel.isEmpty() || !m_hub)
        return;
    data.insert(u"type"_s, event);
    data.insert(u"bridge"_s, m_config.name);
    const auto seq = m_hub->publish(m_config.statusChannel, event, data);
    if (!seq)
        qCWarning(lcPgBridge).noquote() << m_config.name << "cannot publish" << event << "on"
                                        << m_config.statusChannel << "-" << seq.reason();
}

void PgBridge::onUp(bool resumed)
{
    if (!m_listener)
        return;
    m_errorString.clear();
    setState(State::Up);
    qCInfo(lcPgBridge).noquote() << m_config.name << "listening on"
                                 << m_config.channels.join(u", ");
    publishStatus(
        u"bridge.up"_s,
        QJsonObject{{u"resumed"_s, resumed},
                    {u"pg_channels"_s, QJsonArray::fromStringList(m_config.channels)},
                    {u"at"_s, Wire::Json::isoTimestamp(QDateTime::currentMSecsSinceEpoch())}});
    emit connected();
}

void PgBridge::onResumed(const PgGap &gap)
{
    if (!m_listener || !m_hub)
        return;
    const QJsonObject data = gap.toJson(m_config.gapEvent, m_config.name, m_config.channels);
    ++m_gaps;
    m_lastGap = data;

    // Told on the status channel always; on the routed channels (where the
    // subscribers that missed something are) unless provably nothing was
    // missed, so that their clients know to resync.
    int told = 0;
    if (!m_config.statusChannel.isEmpty() &&
        m_hub->publish(m_config.statusChannel, m_config.gapEvent, data))
        ++told;
    if (gap.possiblyLost != false) {
        const QStringList channels = m_hub->channels();
        for (const QString &channel : channels) {
            if (channel != m_config.statusChannel && m_route->matches(channel) &&
                m_hub->publish(channel, m_config.gapEvent, data))
                ++told;
        }
    }
    qCWarning(lcPgBridge).noquote()
        << m_config.name << "link was down for" << (gap.resumedAtMs - gap.lostAtMs) << "ms ("
        << gap.reason << "):" << gap.detail << "- told" << told << "channel(s) with"
        << m_config.gapEvent;
    emit gapReported(data);
    emit countersChanged();
    onUp(true);
}

void PgBridge::onDisconnected(const QString &reason)
{
    if (!m_listener)
        return;
    m_errorString = reason;
    setState(State::Down);
    qCWarning(lcPgBridge).noquote() << m_config.name << "lost the link to PostgreSQL:" << reason
                                    << "- notifications sent until it is back are lost";
    publishStatus(
        u"bridge.down"_s,
        QJsonObject{{u"reason"_s, reason},
                    {u"at"_s, Wire::Json::isoTimestamp(QDateTime::currentMSecsSinceEpoch())}});
    emit disconnected(reason);
    emit errorOccurred(reason);
}

void PgBridge::onConnectFailed(const QString &reason, qint64 retryInMs)
{
    if (!m_listener)
        return;
    m_errorString = reason;
    qCWarning(lcPgBridge).noquote()
        << m_config.name << "cannot listen:" << reason << "- retrying in" << retryInMs << "ms";
    emit errorOccurred(reason);
}

} // namespace Herald
