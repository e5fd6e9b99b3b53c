#include "redisbackplane.h"
#include "redisscripts.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Herald {

namespace {

Q_LOGGING_CATEGORY(lcRedis, "herald.redis")

// A fill reads at least this many entries per round trip, so a hub that
// fell far behind a stream longer than its own history size catches up in
// few reads.
constexpr int kFillBatch = 100;
// What a watch holds behind a read in flight before it drops the oldest
// (a later read refetches dropped publications from the stream).
constexpr std::size_t kMaxHeld = 10000;

QString randomHex()
{
    return QString::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, u'0');
}

} // namespace

RedisBackplane::RedisBackplane(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_hubId(m_options.hubId.isEmpty() ? randomHex() : m_options.hubId)
    , m_heartbeat(new QTimer(this))
    , m_publishScript(RedisScripts::publish)
    , m_readScript(RedisScripts::read)
    , m_presenceScript(RedisScripts::presence)
{
    if (m_options.presenceTtlMs <= 0)
        m_options.presenceTtlMs = 3 * m_options.presenceHeartbeatMs;

    if (m_options.link.heartbeatIntervalMs <= 0)
        m_options.link.heartbeatIntervalMs = 1000;
    RedisConnection::Options link = m_options.link;
    link.mode = RedisConnection::Mode::Commands;
    link.reconnect = true;
    link.clientName = "herald-hub-" + m_hubId.toUtf8() + "-commands";
    m_commands = new RedisConnection(link, this);
    link.mode = RedisConnection::Mode::Subscriber;
    link.clientName = "herald-hub-" + m_hubId.toUtf8() + "-events";
    m_subscriber = new RedisConnection(link, this);

    connect(m_commands, &RedisConnection::connected, this, &RedisBackplane::onCommandsConnected);
    connect(m_commands, &RedisConnection::disconnected, this, &RedisBackplane::updateState);
    connect(m_commands, &RedisConnection::errorOccurred, this, &RedisBackplane::onLinkError);
    connect(m_subscriber, &RedisConnection::connected, this, &RedisBackplane::updateState);
    connect(m_subscriber, &RedisConnection::disconnected, this, &RedisBackplane::onSubscriberDown);
    connect(m_subscriber, &RedisConnection::errorOccurred, this, &RedisBackplane::onLinkError);
    connect(m_subscriber, &RedisConnection::subscribed, this, &RedisBackplane::onSubscribed);
    connect(m_subscriber, &RedisConnection::messageReceived, this, &RedisBackplane::onMessage);

    m_heartbeat->setInterval(m_options.presenceHeartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, &RedisBackplane::onHeartbeat);
}

RedisBackplane::~RedisBackplane()
{
    // Before the members go: the links' pending callbacks refer to them.
    delete m_subscriber;
    delete m_commands;
}

QByteArray RedisBackplane::key(const QString &channel, const char *suffix) const
{
    // The braces are a hash tag: one channel's keys share a cluster slot, as
    // a script touching several keys needs.
    return m_options.keyPrefix.toUtf8() + ":{" + channel.toUtf8() + "}:" + suffix;
}

QByteArray RedisBackplane::memberId(const QString &connectionId) const
{
    return m_hubId.toUtf8() + '/' + connectionId.toUtf8();
}

QByteArray RedisBackplane::newEpoch()
{
    return randomHex().toLatin1();
}

RedisBackplane::Stats RedisBackplane::stats() const
{
    Stats stats = m_stats;
    stats.state = m_state;
    stats.pingMs = m_subscriber->roundTripMs();
    stats.watched = int(m_watches.size());
    return stats;
}

bool RedisBackplane::isSynced(const QString &channel) const
{
    const WatchPtr watch = m_watches.value(channel);
    return watch && watch->phase == Watch::Phase::Live;
}

void RedisBackplane::start()
{
    if (m_started)
        return;
    m_started = true;
    m_commands->open();
    m_subscriber->open();
    m_heartbeat->start();
}

// --- links ---------------------------------------------------------------

void RedisBackplane::updateState()
{
    const State state =
        m_commands->isConnected() && m_subscriber->isConnected() ? State::Up : State::Down;
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Up) {
        if (m_everUp)
            ++m_stats.reconnects;
        m_everUp = true;
    }
    emit stateChanged(state);
}

void RedisBackplane::onCommandsConnected()
{
    // Queued ahead of anything else on this link, so the EVALSHAs behind
    // them find the scripts even right after a Redis restart.
    for (const RedisScript *script : {&m_publishScript, &m_readScript, &m_presenceScript}) {
        script->load(*m_commands, [](const Result<RedisReply> &reply) {
            if (!reply)
                qCWarning(lcRedis) << "SCRIPT LOAD failed:" << reply.reason();
        });
    }
    updateState();
    kickWatches();
}

void RedisBackplane::onLinkError(const QString &reason)
{
    m_errorString = reason;
    emit errorOccurred(reason);
    if (m_options.required && !m_everUp && !m_failed) {
        m_failed = true;
        m_heartbeat->stop();
        m_commands->close();
        m_subscriber->close();
        emit startFailed(reason);
    }
}

void RedisBackplane::onSubscriberDown()
{
    // What is published until the link is back is not received: each watch
    // catches up from its stream once resubscribed.
    for (const WatchPtr &watch : std::as_const(m_watches))
        watch->subscribed = false;
    updateState();
}

void RedisBackplane::onSubscribed(const QByteArray &topic)
{
    const WatchPtr watch = m_byTopic.value(topic);
    if (!watch)
        return;
    watch->subscribed = true;
    if (watch->phase == Watch::Phase::Subscribing)
        watch->phase = Watch::Phase::Syncing;
    watch->needsFetch = true;
    fetch(watch);
}

void RedisBackplane::onHeartbeat()
{
    if (m_commands->isConnected()) {
        QSet<QString> channels;
        for (auto it = m_members.cbegin(); it != m_members.cend(); ++it)
            channels.insert(it.key());
        for (auto it = m_pendingLeaves.cbegin(); it != m_pendingLeaves.cend(); ++it)
            channels.insert(it.key());
        // Watched channels are swept even with no member of ours, so the
        // members of a dead hub leave for everyone watching.
        for (auto it = m_watches.cbegin(); it != m_watches.cend(); ++it)
            channels.insert(it.key());
        for (const QString &channel : std::as_const(channels))
            refreshPresence(channel);
        keepWatchedAlive();
    }
    kickWatches();
}

void RedisBackplane::refreshPresence(const QString &channel)
{
    const QHash<QString, Wire::Sender> ours = m_members.value(channel);
    QList<PresenceOp> ops;
    QSet<QString> leaving;
    for (const QString &connectionId : m_pendingLeaves.value(channel)) {
        if (!ours.contains(connectionId)) {
            ops.append(PresenceOp{"leave", memberId(connectionId), {}});
            leaving.insert(connectionId);
        }
    }
    for (auto it = ours.cbegin(); it != ours.cend(); ++it)
        ops.append(
            PresenceOp{"join", memberId(it.key()), RedisCodec::memberValue(it.value(), m_hubId)});
    runPresence(channel, ops, false, [this, channel, leaving](const Result<RedisReply> &reply) {
        if (!reply)
            return;
        auto it = m_pendingLeaves.find(channel);
        if (it == m_pendingLeaves.end())
            return;
        it->subtract(leaving);
        if (it->isEmpty())
            m_pendingLeaves.erase(it);
    });
}

void RedisBackplane::keepWatchedAlive()
{
    // A channel someone watches keeps its seq, epoch and history; four times
    // per TTL is plenty for keys that live for minutes.
    if (m_options.historyTtlMs <= 0 ||
        (m_keepAlive.isValid() && m_keepAlive.elapsed() < m_options.historyTtlMs / 4))
        return;
    m_keepAlive.start();
    const QByteArray ttl = QByteArray::number(m_options.historyTtlMs);
    for (auto it = m_watches.cbegin(); it != m_watches.cend(); ++it) {
        m_commands->command({"PEXPIRE", key(it.key(), "state"), ttl});
        m_commands->command({"PEXPIRE", key(it.key(), "stream"), ttl});
    }
}

// --- publishing and reading ----------------------------------------------

void RedisBackplane::publish(const QString &channel, const QString &event, const QJsonValue &data,
                             const Wire::Sender &sender, const QString &id,
                             PositionCallback callback)
{
    Wire::Publication publication;
    publication.channel = channel;
    publication.event = event;
    publication.id = id;
    publication.timestampMs = QDateTime::currentMSecsSinceEpoch();
    publication.sender = sender;
    publication.data = data;
    m_publishScript.run(
        *m_commands, {key(channel, "state"), key(channel, "stream")},
        {topic(channel), newEpoch(), QByteArray::number(m_options.historySize),
         QByteArray::number(m_options.historyTtlMs),
         RedisCodec::publicationHead(publication, m_hubId)},
        [this, callback = std::move(callback)](const Result<RedisReply> &reply) {
            const auto seq = reply ? reply->at(0).toInteger() : std::nullopt;
            if (!seq) {
                ++m_stats.publishFailed;
                if (callback)
                    callback(Result<Wire::Position>::failure(
                        reply ? u"unexpected reply to the publish script"_s : reply.reason()));
                return;
            }
            ++m_stats.published;
            if (callback)
                callback(Wire::Position{quint64(*seq), QString::fromUtf8(reply->at(1).bytes())});
        });
}

void RedisBackplane::readRange(const QString &channel, const QByteArray &since, int limit,
                               const QString &knownEpoch, HistoryCallback callback)
{
    m_readScript.run(
        *m_commands, {key(channel, "state"), key(channel, "stream")},
        {newEpoch(), since, QByteArray::number(std::max(0, limit)), knownEpoch.toUtf8(),
         QByteArray::number(m_options.historyTtlMs)},
        [callback = std::move(callback)](const Result<RedisReply> &reply) {
            if (!reply) {
                callback(Result<History>::failure(reply.reason()));
                return;
            }
            const auto seq = reply->at(0).toInteger();
            if (!seq || !reply->at(2).isArray()) {
                callback(Result<History>::failure(u"unexpected reply to the read script"_s));
                return;
            }
            History history;
            history.position =
                Wire::Position{quint64(*seq), QString::fromUtf8(reply->at(1).bytes())};
            for (const RedisReply &entry : reply->at(2).elements()) {
                const Result<RedisCodec::Message> message = RedisCodec::decode(entry.bytes());
                // Left out, an unreadable entry shows up as a lost seq.
                if (message && message->kind == RedisCodec::Message::Kind::Publication)
                    history.publications.append(message->publication);
                else
                    qCWarning(lcRedis) << "unreadable history entry:" << message.reason();
            }
            callback(history);
        });
}

void RedisBackplane::read(const QString &channel, std::optional<quint64> since, int limit,
                          HistoryCallback callback)
{
    readRange(channel, since ? QByteArray::number(*since) : QByteArray(), limit, {},
              std::move(callback));
}

void RedisBackplane::position(const QString &channel, PositionCallback callback)
{
    readRange(channel, {}, 0, {}, [callback = std::move(callback)](const Result<History> &history) {
        if (history)
            callback(history->position);
        else
            callback(Result<Wire::Position>::failure(history.reason()));
    });
}

// --- watching ------------------------------------------------------------

void RedisBackplane::watch(const QString &channel)
{
    if (m_watches.contains(channel))
        return;
    auto watch = std::make_shared<Watch>();
    watch->channel = channel;
    watch->topic = topic(channel);
    m_watches.insert(channel, watch);
    m_byTopic.insert(watch->topic, watch);
    m_subscriber->subscribe({watch->topic});
}

void RedisBackplane::unwatch(const QString &channel)
{
    const WatchPtr watch = m_watches.take(channel);
    if (!watch)
        return;
    watch->removed = true;
    m_byTopic.remove(watch->topic);
    m_subscriber->unsubscribe({watch->topic});
}

void RedisBackplane::kickWatches()
{
    for (const WatchPtr &watch : std::as_const(m_watches)) {
        if (watch->needsFetch && !watch->fetching)
            fetch(watch);
    }
}

void RedisBackplane::fetch(const WatchPtr &watch)
{
    if (watch->removed || watch->fetching)
        return;
    watch->needsFetch = true;
    if (!watch->subscribed || watch->phase == Watch::Phase::Subscribing ||
        !m_commands->isConnected())
        return; // kicked again when the links are back
    watch->fetching = true;
    watch->needsFetch = false;
    watch->fetchArrival = m_arrivals;
    // The first read gives the channel's newest history; later ones fill
    // what was missed after the last seq delivered.
    const bool initial = watch->phase == Watch::Phase::Syncing;
    const int limit = initial ? m_options.historySize : std::max(m_options.historySize, kFillBatch);
    readRange(watch->channel, initial ? QByteArray() : QByteArray::number(watch->delivered), limit,
              initial ? QString() : watch->epoch,
              [this, watch, initial, limit](const Result<History> &history) {
                  onFetched(watch, initial, limit, history);
              });
}

void RedisBackplane::onFetched(const WatchPtr &watch, bool initial, int limit,
                               const Result<History> &result)
{
    if (watch->removed)
        return;
    watch->fetching = false;
    if (!result) {
        watch->needsFetch = true; // retried on the next heartbeat or reconnect
        return;
    }
    const History &history = *result;
    const QPointer<RedisBackplane> self(this);
    if (initial) {
        watch->phase = Watch::Phase::Live;
        watch->epoch = history.position.epoch;
        watch->delivered = history.position.seq;
        emit channelSynced(watch->channel, history.position, history.publications);
    } else {
        if (history.position.epoch != watch->epoch) {
            // Redis lost the channel's state (restart without persistence,
            // expiry): what follows is a new epoch counting from 1.
            watch->epoch = history.position.epoch;
            watch->delivered = 0;
            emit channelSynced(watch->channel, Wire::Position{0, watch->epoch}, {});
        }
        for (const Wire::Publication &publication : history.publications) {
            if (!self || watch->removed)
                return;
            if (publication.seq <= watch->delivered)
                continue;
            reportLost(watch, watch->delivered + 1, publication.seq - 1);
            if (!self || watch->removed)
                return;
            deliver(watch, publication, true);
        }
        if (!self || watch->removed)
            return;
        if (history.position.seq > watch->delivered) {
            if (history.publications.size() >= limit)
                watch->needsFetch = true; // more to read
            else
                reportLost(watch, watch->delivered + 1, history.position.seq);
        }
    }
    if (!self || watch->removed)
        return;
    // Held publications the read has seen the channel's state move past
    // (an epoch it no longer has) would only ask for the same read again.
    const quint64 seenBefore = watch->fetchArrival;
    const QString epoch = watch->epoch;
    watch->held.erase(std::remove_if(watch->held.begin(), watch->held.end(),
                                     [seenBefore, &epoch](const Held &held) {
                                         return held.arrival < seenBefore &&
                                                held.message.kind ==
                                                    RedisCodec::Message::Kind::Publication &&
                                                held.message.publication.epoch != epoch;
                                     }),
                      watch->held.end());
    drain(watch);
    if (self && !watch->removed && watch->needsFetch)
        fetch(watch);
}

void RedisBackplane::onMessage(const QByteArray &topic, const QByteArray &payload)
{
    const WatchPtr watch = m_byTopic.value(topic);
    if (!watch || watch->phase == Watch::Phase::Subscribing)
        return; // before the subscription is confirmed: the first read covers it
    Result<RedisCodec::Message> message = RedisCodec::decode(payload);
    if (!message) {
        qCWarning(lcRedis) << "unreadable message on" << topic << ":" << message.reason();
        return;
    }
    watch->held.push_back(Held{*message, m_arrivals++});
    if (watch->held.size() > kMaxHeld)
        watch->held.pop_front();
    drain(watch);
}

void RedisBackplane::drain(const WatchPtr &watch)
{
    const QPointer<RedisBackplane> self(this);
    while (self && !watch->removed && watch->phase == Watch::Phase::Live && !watch->fetching &&
           !watch->held.empty()) {
        const Held held = watch->held.front();
        if (!accept(watch, held.message))
            return; // a read was started for it; it waits at the front
        if (!self || watch->removed)
            return;
        watch->held.pop_front();
    }
}

bool RedisBackplane::accept(const WatchPtr &watch, const RedisCodec::Message &message)
{
    switch (message.kind) {
    case RedisCodec::Message::Kind::Joined:
        emit memberJoined(watch->channel, message.member);
        return true;
    case RedisCodec::Message::Kind::Left:
        emit memberLeft(watch->channel, message.member);
        return true;
    case RedisCodec::Message::Kind::Publication:
        break;
    }
    const Wire::Publication &publication = message.publication;
    if (publication.epoch != watch->epoch || publication.seq > watch->delivered + 1) {
        // A gap (the link was down) or a reset: the stream knows the rest.
        fetch(watch);
        return false;
    }
    if (publication.seq <= watch->delivered)
        return true; // already delivered, from the stream
    if (message.origin == m_hubId)
        m_stats.lagMs =
            std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - publication.timestampMs);
    deliver(watch, publication, false);
    return true;
}

void RedisBackplane::deliver(const WatchPtr &watch, const Wire::Publication &publication,
                             bool filled)
{
    watch->delivered = publication.seq;
    ++m_stats.received;
    if (filled)
        ++m_stats.filled;
    emit publicationReceived(publication);
}

void RedisBackplane::reportLost(const WatchPtr &watch, quint64 first, quint64 last)
{
    if (first > last)
        return;
    watch->delivered = last;
    m_stats.lost += last - first + 1;
    emit publicationsLost(watch->channel, first, last);
}

// --- presence ------------------------------------------------------------

void RedisBackplane::runPresence(const QString &channel, const QList<PresenceOp> &ops,
                                 bool wantMembers, RedisConnection::Callback callback)
{
    QByteArrayList arguments{topic(channel), QByteArray::number(m_options.presenceTtlMs),
                             wantMembers ? "1" : "0"};
    arguments.reserve(3 + 3 * ops.size());
    for (const PresenceOp &op : ops)
        arguments << op.op << op.id << op.value;
    m_presenceScript.run(*m_commands, {key(channel, "presence"), key(channel, "presence-expiry")},
                         arguments, std::move(callback));
}

namespace {

RedisConnection::Callback statusCallback(RedisBackplane::StatusCallback callback)
{
    return [callback = std::move(callback)](const Result<RedisReply> &reply) {
        if (callback)
            callback(reply ? Status::success() : Status::failure(reply.reason()));
    };
}

} // namespace

void RedisBackplane::join(const QString &channel, const Wire::Sender &member,
                          StatusCallback callback)
{
    // Kept here too: the heartbeat refreshes it, and puts it back if the
    // join fails now or Redis loses it.
    m_members[channel].insert(member.connectionId, member);
    runPresence(channel,
                {PresenceOp{"join", memberId(member.connectionId),
                            RedisCodec::memberValue(member, m_hubId)}},
                false, statusCallback(std::move(callback)));
}

void RedisBackplane::leave(const QString &channel, const QString &connectionId,
                           StatusCallback callback)
{
    auto it = m_members.find(channel);
    if (it != m_members.end()) {
        it->remove(connectionId);
        if (it->isEmpty())
            m_members.erase(it);
    }
    runPresence(channel, {PresenceOp{"leave", memberId(connectionId), {}}}, false,
                [this, channel, connectionId,
                 done = statusCallback(std::move(callback))](const Result<RedisReply> &reply) {
                    // Tried again each heartbeat until Redis takes it.
                    if (!reply)
                        m_pendingLeaves[channel].insert(connectionId);
                    done(reply);
                });
}

void RedisBackplane::members(const QString &channel, MembersCallback callback)
{
    runPresence(channel, {}, true,
                [callback = std::move(callback)](const Result<RedisReply> &reply) {
                    if (!reply) {
                        callback(Result<QList<Wire::MemberSummary>>::failure(reply.reason()));
                        return;
                    }
                    QList<Wire::Sender> members;
                    for (const RedisReply &value : reply->elements()) {
                        const Result<Wire::Sender> member = RedisCodec::decodeMember(value.bytes());
                        if (member)
                            members.append(*member);
                    }
                    callback(RedisCodec::summarize(members));
                });
}

} // namespace Herald
