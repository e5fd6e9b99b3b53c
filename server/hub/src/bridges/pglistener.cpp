#include "pglistener.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace Herald {

using namespace Qt::StringLiterals;

PgListener::PgListener(const PgBridgeConfig &config, PgConnectParams params, QString connectionName)
    : m_config(config)
    , m_params(std::move(params))
    , m_connectionName(std::move(connectionName))
    , m_retry(this)
    , m_health(this)
    , m_backoff(config.backoffMin)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PgListener::tryConnect);
    m_health.setInterval(m_config.healthInterval);
    connect(&m_health, &QTimer::timeout, this, &PgListener::probe);
}

PgListener::~PgListener()
{
    // Normally already done by stop(); this covers a listener never started.
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

qint64 PgListener::now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void PgListener::start()
{
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
    m_db.setHostName(m_params.host);
    m_db.setPort(m_params.port);
    m_db.setDatabaseName(m_params.database);
    m_db.setUserName(m_params.user);
    m_db.setPassword(m_params.password);
    m_db.setConnectOptions(m_params.options);
    // The driver object outlives each open/close, so one connection does.
    connect(m_db.driver(), &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                emit notified(name, payload.toString());
            });
    tryConnect();
}

void PgListener::stop(QThread *home)
{
    m_retry.stop();
    m_health.stop();
    m_listening = false;
    if (m_db.isValid()) {
        disconnect(m_db.driver(), nullptr, this, nullptr);
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    moveToThread(home);
}

void PgListener::tryConnect()
{
    if (!m_db.open()) {
        scheduleRetry(m_db.lastError().text().trimmed());
        return;
    }
    for (const QString &channel : std::as_const(m_config.channels)) {
        if (!m_db.driver()->subscribeToNotification(channel)) {
            const QString reason =
                u"LISTEN %1 failed: %2"_s.arg(channel, m_db.driver()->lastError().text().trimmed());
            m_db.close();
            scheduleRetry(reason);
            return;
        }
    }

    // Optional: tells a failover from a different cluster; a role without
    // access just gives up that distinction.
    m_systemId.clear();
    {
        QSqlQuery identity(m_db);
        if (identity.exec(u"SELECT system_identifier::text FROM pg_control_system()"_s) &&
            identity.next())
            m_systemId = identity.value(0).toString();
    }

    // Only now, with LISTEN committed, does the position bound what was
    // missed: any later commit is delivered to us.
    const Result<PgPosition> position = samplePosition();
    if (!position) {
        m_db.close();
        scheduleRetry(position.reason());
        return;
    }
    m_backoff = m_config.backoffMin;
    m_listening = true;
    m_health.start();
    if (!m_everListened) {
        m_everListened = true;
        m_position = *position;
        emit connected();
        return;
    }
    const auto committed = committedSince(m_position.inProgress);
    const PgGap gap =
        PgGap::assess(m_position, *position, committed, m_lostAtMs, now(), m_lostReason);
    m_position = *position;
    emit resumed(gap);
}

void PgListener::scheduleRetry(const QString &reason)
{
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    const auto delay = qint64(double(m_backoff.count()) * jitter);
    m_backoff = std::min(m_backoff * 2, m_config.backoffMax);
    emit connectFailed(reason, delay);
    m_retry.start(std::chrono::milliseconds(delay));
}

void PgListener::lose(const QString &reason)
{
    if (!m_listening)
        return;
    m_listening = false;
    m_health.stop();
    m_db.close(); // also drops the driver's socket notifier on the dead socket
    m_lostAtMs = now();
    m_lostReason = reason;
    emit disconnected(reason);
    m_backoff = m_config.backoffMin;
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    m_retry.start(std::chrono::milliseconds(qint64(double(m_backoff.count()) * jitter)));
}

// QPSQL reads the socket when notifications arrive but says nothing when
// what it read was the server going away; this timed probe is what notices.
void PgListener::probe()
{
    if (!m_listening)
        return;
    if (!m_db.isOpen()) {
        lose(u"the server closed the connection"_s);
        return;
    }
    const Result<PgPosition> position = samplePosition();
    if (!position) {
        lose(position.reason());
        return;
    }
    m_position = *position;
}

Result<PgPosition> PgListener::samplePosition()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT txid_current_snapshot()::text, pg_postmaster_start_time()::text"_s) ||
        !query.next())
        return Result<PgPosition>::failure(u"probe failed: "_s +
                                           query.lastError().text().trimmed());
    const Result<PgPosition> parsed = PgPosition::fromSnapshot(query.value(0).toString());
    if (!parsed)
        return parsed;
    PgPosition position = *parsed;
    position.serverStart = query.value(1).toString();
    position.sampledAtMs = now();
    position.systemId = m_systemId;
    return position;
}

std::optional<quint64> PgListener::committedSince(const QList<quint64> &running)
{
    if (running.isEmpty())
        return 0;
    QStringList ids;
    for (const quint64 id : running)
        ids.append(QString::number(id));
    // txid_status() is NULL for ids too old to know: counted as committed.
    QSqlQuery query(m_db);
    if (!query.exec(
            u"SELECT count(*) FROM unnest('{%1}'::bigint[]) AS x "
            u"WHERE coalesce(txid_status(x), 'committed') = 'committed'"_s.arg(ids.join(u','))) ||
        !query.next())
        return std::nullopt;
    return query.value(0).toULongLong();
}

} // namespace Herald
