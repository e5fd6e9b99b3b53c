#include "session.h"
#include "hub_p.h"
#include "shard.h"

#include "statsjson.h"

#include "security/tenantkey.h"

#include <herald/wire/closecode.h>
#include <herald/wire/json.h>
#include <herald/wire/roomscodec.h>

#include <QJsonDocument>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// How long a subscribe waits for Redis to provide a channel's state.
constexpr qint64 kBackplaneWaitMs = 10000;

} // namespace

Session::Session(HubPrivate &hub, Shard &shard, Transport &transport,
                 std::shared_ptr<SessionRecord> record, Wire::Dialect dialect, bool authenticated)
    : m_hub(hub)
    , m_shard(shard)
    , m_transport(transport)
    , m_record(std::move(record))
    , m_member{m_record->identity.userId, m_record->identity.userName, m_record->id}
    , m_dialect(dialect)
    , m_rateLimiter(RateLimiter::Options::from(hub.config.security), hub.now())
    , m_expiresAtMs(m_record->identity.expiresAtMs)
    , m_authenticated(authenticated)
{
    m_lastActivityMs = m_lastPingMs = hub.now();
    m_transport.setListener(this);
}

Session::~Session()
{
    m_transport.setListener(nullptr);
}

int Session::shard() const
{
    return m_shard.index();
}

void Session::countOut()
{
    Counters::add(m_shard.counters().messagesOut);
    Counters::add(m_record->messagesOut);
}

void Session::send(QByteArrayView payload)
{
    if (m_closing || payload.isEmpty())
        return;
    countOut();
    m_transport.sendText(payload);
}

void Session::deliver(const EventPtr &event, bool borrowed)
{
    if (m_closing)
        return;
    const QByteArray &frame = event->frame(m_dialect);
    if (frame.isEmpty())
        return;
    countOut();
    if (event->kind() == Event::Kind::Publication)
        Counters::add(m_shard.counters().deliveries);
    if (borrowed)
        m_transport.sendBorrowed(frame);
    else
        m_transport.sendPrepared(frame);
}

void Session::reply(const Wire::Reply &body, const QJsonValue &id)
{
    if (m_dialect == Wire::Dialect::Raw)
        return; // a raw feed carries publications and nothing else
    if (m_dialect == Wire::Dialect::Rooms) {
        // Seed 003's shapes; what its clients do not know keeps ours.
        if (const auto *subscribed = std::get_if<Wire::Subscribed>(&body)) {
            for (const QString &room : subscribed->channels)
                send(Wire::RoomsCodec::encodeSubscribed(room,
                                                        subscribed->positions.value(room).seq));
            return;
        }
        if (const auto *history = std::get_if<Wire::HistoryReply>(&body)) {
            send(Wire::RoomsCodec::encodeHistory(history->channel, history->messages));
            return;
        }
        if (std::holds_alternative<Wire::Published>(body) ||
            std::holds_alternative<Wire::Unsubscribed>(body))
            return;
    }
    send(Wire::Codec::encodeReply(body, id, m_hub.now()));
}

void Session::replyError(Wire::ErrorCode code, const QString &message, const QJsonValue &id)
{
    m_shard.counters().error(code);
    reply(Wire::ErrorReply{code, message}, id);
}

void Session::close(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_transport.close(code, reason);
}

void Session::housekeep(qint64 nowMs)
{
    if (m_closing)
        return;
    if (!m_pending.empty())
        resumePending(); // answers those whose wait is over
    if (!m_authenticated &&
        nowMs - m_record->connectedAtMs >= m_hub.config.handshakeTimeout.count()) {
        close(Wire::CloseCode::AuthFailed, u"no connect frame with a token in time"_s);
        return;
    }
    if (m_expiresAtMs > 0 && nowMs >= m_expiresAtMs) {
        close(Wire::CloseCode::AuthFailed, u"token expired"_s);
        return;
    }
    const qint64 idle = m_hub.config.idleTimeout.count();
    if (idle > 0 && nowMs - m_lastActivityMs >= idle) {
        close(Wire::CloseCode::Normal, u"idle timeout"_s);
        return;
    }
    const qint64 interval = m_hub.config.pingInterval.count();
    if (interval > 0 && nowMs - m_lastPingMs >= interval) {
        m_lastPingMs = nowMs;
        m_transport.ping();
    }
}

void Session::activity()
{
    m_lastActivityMs = m_hub.now();
}

void Session::binaryReceived()
{
    activity();
    Counters::add(m_shard.counters().messagesIn);
    Counters::add(m_record->messagesIn);
    if (!admitFrame())
        return;
    replyError(Wire::ErrorCode::BadRequest, u"binary frames are not supported; send JSON text"_s,
               QJsonValue());
    badFrame();
}

void Session::badFrame()
{
    const qint64 current = m_hub.now();
    const qint64 window = m_hub.config.badFrameWindow.count();
    m_badFrames.push_back(current);
    while (!m_badFrames.empty() && current - m_badFrames.front() >= window)
        m_badFrames.pop_front();
    if (int(m_badFrames.size()) > m_hub.config.maxBadFrames)
        close(Wire::CloseCode::ProtocolViolation, u"too many invalid frames"_s);
}

void Session::textReceived(QByteArrayView utf8)
{
    activity();
    Counters &counters = m_shard.counters();
    Counters::add(counters.messagesIn);
    Counters::add(m_record->messagesIn);
    counters.messageSize(utf8.size());
    if (m_closing || !admitFrame())
        return;
    if (m_authenticated && m_dialect == Wire::Dialect::Herald) {
        // Publications are most of the traffic: read without QJsonDocument.
        // A frame the fast reader declines goes the general way below.
        if (auto request = Wire::Codec::decodePublish(utf8)) {
            m_dialectSettled = true;
            execute(*request);
            return;
        }
    }
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(utf8.data(), utf8.size()), &parseError);
    std::variant<Wire::Request, Wire::DecodeError> decoded;
    QString claimedSender;
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        decoded = Wire::Codec::decodeRequest(utf8); // says what is wrong
    } else {
        const QJsonObject object = document.object();
        if (!m_dialectSettled && m_dialect == Wire::Dialect::Herald &&
            Wire::RoomsCodec::isRoomsFrame(object))
            m_dialect = Wire::Dialect::Rooms; // seed 003's chat client
        m_dialectSettled = true;
        if (m_dialect == Wire::Dialect::Rooms && Wire::RoomsCodec::isRoomsFrame(object)) {
            auto rooms = Wire::RoomsCodec::decode(object);
            if (auto *ok = std::get_if<Wire::RoomsCodec::Decoded>(&rooms)) {
                // Who the client says it is names it in presence, as in seed 003.
                if (!ok->userId.isEmpty() && m_record->identity.anonymous)
                    m_member.userId = m_member.userName = ok->userId;
                claimedSender = ok->sender;
                decoded = ok->request;
            } else {
                decoded = std::get<Wire::DecodeError>(rooms);
            }
        } else {
            decoded = Wire::Codec::decodeRequest(object);
        }
    }
    if (auto *error = std::get_if<Wire::DecodeError>(&decoded)) {
        if (!m_authenticated) {
            close(Wire::CloseCode::AuthFailed, u"authenticate with a connect frame first"_s);
            return;
        }
        replyError(error->code, error->message, error->id);
        badFrame();
        return;
    }
    const Wire::Request &request = std::get<Wire::Request>(decoded);
    if (!m_authenticated) {
        // The one frame an unauthenticated connection may send.
        if (const auto *connect = std::get_if<Wire::Connect>(&request.command))
            authenticate(*connect, request.id);
        else
            close(Wire::CloseCode::AuthFailed, u"authenticate with a connect frame first"_s);
        return;
    }
    if (const auto *publish = std::get_if<Wire::Publish>(&request.command);
        publish && !claimedSender.isEmpty())
        this->publish(*publish, request.id, claimedSender);
    else
        execute(request);
}

bool Session::admitFrame()
{
    switch (m_rateLimiter.onFrame(m_hub.now())) {
    case RateLimiter::Verdict::Allow:
        return true;
    case RateLimiter::Verdict::Refuse:
        Counters::add(m_shard.counters().rateLimited);
        replyError(Wire::ErrorCode::RateLimited, u"too many frames; slow down"_s, QJsonValue());
        return false;
    case RateLimiter::Verdict::Close:
        Counters::add(m_shard.counters().rateLimited);
        close(Wire::CloseCode::RateLimited, u"rate limit exceeded persistently"_s);
        return false;
    }
    return false;
}

void Session::authenticate(const Wire::Connect &command, const QJsonValue &id)
{
    const AuthResult auth = m_hub.verifyToken(command.token, m_transport);
    if (!auth.accepted) {
        close(Wire::CloseCode::AuthFailed, auth.reason);
        return;
    }
    m_record->identity = auth.identity; // not yet visible to other threads
    m_publishAllowed.clear();           // decided for the identity before
    m_member = Wire::Sender{auth.identity.userId, auth.identity.userName, m_record->id};
    m_expiresAtMs = auth.identity.expiresAtMs;
    m_authenticated = true;
    reply(Wire::OtherFrame{u"connected"_s,
                           QJsonObject{
                               {u"data"_s, QJsonObject{{u"connection_id"_s, m_record->id},
                                                       {u"user_id"_s, auth.identity.userId},
                                                       {u"user_name"_s, auth.identity.userName},
                                                       {u"tenant"_s, auth.identity.tenant}}}}},
          id);
    m_hub.admit(*this, m_transport.requestUrl());
}

void Session::refresh(const Wire::Refresh &command, const QJsonValue &id)
{
    const AuthResult auth = m_hub.verifyToken(command.token, m_transport);
    if (!auth.accepted) {
        replyError(Wire::ErrorCode::Forbidden, u"token refused: %1"_s.arg(auth.reason), id);
        return;
    }
    const Identity &current = m_record->identity;
    if (auth.identity.userId != current.userId || auth.identity.tenant != current.tenant) {
        replyError(Wire::ErrorCode::Forbidden, u"a refresh must be for the same user"_s, id);
        return;
    }
    m_expiresAtMs = auth.identity.expiresAtMs;
    QJsonObject data;
    if (m_expiresAtMs > 0)
        data.insert(u"expires_at"_s, Wire::Json::isoTimestamp(m_expiresAtMs));
    reply(Wire::OtherFrame{u"refreshed"_s, QJsonObject{{u"data"_s, data}}}, id);
}

QString Session::key(const QString &channel) const
{
    // The hub's own $sys channels are global; everything else, $tenant
    // included, lives in the tenant's namespace.
    if (m_record->identity.tenant.isEmpty() || channel.startsWith(u"$sys."))
        return channel;
    return TenantKey::toKey(m_record->identity.tenant, channel).value();
}

void Session::execute(const Wire::Request &request)
{
    std::visit(
        [this, &request](const auto &command) {
            using T = std::decay_t<decltype(command)>;
            if constexpr (std::is_same_v<T, Wire::Subscribe>)
                subscribe(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::Unsubscribe>)
                unsubscribe(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::Publish>)
                publish(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::HistoryQuery>)
                history(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::PresenceQuery>)
                presence(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::Ping>)
                reply(Wire::Pong{m_hub.now()}, request.id);
            else if constexpr (std::is_same_v<T, Wire::ListConnections>)
                listConnections(request.id);
            else if constexpr (std::is_same_v<T, Wire::Disconnect>)
                disconnect(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::Refresh>)
                refresh(command, request.id);
            else if constexpr (std::is_same_v<T, Wire::Connect>)
                replyError(Wire::ErrorCode::BadRequest, u"already authenticated"_s, request.id);
        },
        request.command);
}

std::optional<Wire::DecodeError> Session::check(const QString &channel, Action action,
                                                const QJsonValue &id) const
{
    if (channel.startsWith(u'$')) {
        // The hub's own channels: administrators may read them, nobody writes.
        const bool readable = channel == HubPrivate::kStatsChannel &&
                              (action == Action::Subscribe || action == Action::History);
        if (!readable || !isAdmin())
            return Wire::DecodeError{Wire::ErrorCode::Forbidden,
                                     u"channels starting with '$' belong to the hub"_s, id};
        return std::nullopt;
    }
    if (const Status valid = m_hub.validateChannelName(channel); !valid)
        return Wire::DecodeError{Wire::ErrorCode::BadRequest, valid.reason(), id};
    if (!m_hub.authorize(m_record->identity, action, channel))
        return Wire::DecodeError{Wire::ErrorCode::Forbidden,
                                 u"not allowed on channel '%1'"_s.arg(channel), id};
    return std::nullopt;
}

bool Session::isAdmin() const
{
    const Identity &identity = m_record->identity;
    if (identity.hasRole(u"admin"_s))
        return true;
    return identity.anonymous && m_hub.config.loopbackAdmin &&
           m_transport.peerAddress().isLoopback();
}

void Session::listConnections(const QJsonValue &id)
{
    if (!isAdmin()) {
        replyError(Wire::ErrorCode::Forbidden, u"admin requests need the admin role"_s, id);
        return;
    }
    QJsonObject data{{u"connections"_s, StatsJson::connections(m_hub.q->connectionStats())}};
    reply(Wire::OtherFrame{u"admin.connections"_s, QJsonObject{{u"data"_s, data}}}, id);
}

void Session::disconnect(const Wire::Disconnect &command, const QJsonValue &id)
{
    if (!isAdmin()) {
        replyError(Wire::ErrorCode::Forbidden, u"admin requests need the admin role"_s, id);
        return;
    }
    const QString reason =
        command.reason.isEmpty() ? u"closed by an administrator"_s : command.reason;
    if (!m_hub.q->disconnect(command.connectionId, command.code, reason)) {
        replyError(Wire::ErrorCode::NotFound, u"no connection '%1'"_s.arg(command.connectionId),
                   id);
        return;
    }
    reply(Wire::OtherFrame{u"admin.disconnected"_s,
                           QJsonObject{{u"data"_s,
                                        QJsonObject{{u"connection_id"_s, command.connectionId}}}}},
          id);
}

void Session::subscribe(const Wire::Subscribe &command, const QJsonValue &id)
{
    if (command.hidden && !isAdmin() && !m_trusted) {
        replyError(Wire::ErrorCode::Forbidden, u"only administrators may subscribe hidden"_s, id);
        return;
    }
    // All or nothing: a request naming one refused channel subscribes none.
    for (const QString &channel : command.channels) {
        if (m_trusted)
            break;
        if (const auto error = check(channel, Action::Subscribe, id)) {
            replyError(error->code, error->message, id);
            return;
        }
    }
    QStringList keys;
    int added = 0;
    for (const QString &channel : command.channels) {
        keys.append(key(channel));
        if (!m_subscriptions.contains(keys.last()))
            ++added;
    }
    const int limit = m_hub.config.security.maxSubscriptionsPerConnection;
    if (!m_trusted && limit > 0 && m_subscriptions.size() + added > limit) {
        replyError(Wire::ErrorCode::Forbidden,
                   u"at most %1 subscriptions per connection"_s.arg(limit), id);
        return;
    }
    // Backplane channels need their state from Redis first: wait for it.
    QStringList unready;
    for (const QString &channelKey : std::as_const(keys)) {
        if (!m_hub.broker.isReady(channelKey)) {
            m_hub.broker.prepare(channelKey);
            unready.append(channelKey);
        }
    }
    if (!unready.isEmpty()) {
        m_pending.push_back(
            PendingSubscribe{command, id, m_hub.now() + kBackplaneWaitMs, m_trusted});
        m_hub.whenReady(unready, &m_shard, connectionId());
        return;
    }

    Wire::Subscribed subscribed;
    subscribed.channels = command.channels;
    std::vector<std::pair<QString, Broker::Join>> joins;
    joins.reserve(std::size_t(command.channels.size()));
    for (qsizetype i = 0; i < command.channels.size(); ++i) {
        const QString &channel = command.channels.at(i);
        const QString &channelKey = keys.at(i);
        const auto mark = command.since.constFind(channel);
        auto join = m_hub.broker.subscribe(
            this, channelKey,
            mark == command.since.cend() ? std::nullopt : std::optional<Wire::SinceMark>(*mark),
            command.hidden);
        subscribed.positions.insert(channel, join.position);
        if (join.recovered)
            subscribed.recovered.insert(channel, *join.recovered);
        if (join.added) {
            m_subscriptions.append(channelKey);
            m_record->subscriptions = int(m_subscriptions.size());
            // Live events from here on; the replay below covers the rest.
            m_shard.addLocal(channelKey, this, join.position.seq, command.presence);
        }
        joins.emplace_back(channelKey, std::move(join));
    }
    // The reply, then what was missed, then presence: live events reach this
    // shard's queue and are only written once this returns.
    if (!m_trusted) // the hub's own follows are not the client's business
        reply(subscribed, id);
    for (const auto &[channel, join] : joins) {
        for (const EventPtr &event : join.replay)
            deliver(event);
    }
    for (const auto &[channel, join] : joins) {
        if (join.added)
            m_hub.broker.announceJoin(this, channel);
    }
}

void Session::follow(const QString &channel, bool hidden)
{
    Wire::Subscribe subscribe;
    subscribe.channels = {channel};
    subscribe.hidden = hidden;
    subscribe.presence = !hidden;
    m_trusted = true;
    this->subscribe(subscribe, QJsonValue());
    m_trusted = false;
}

void Session::resumePending()
{
    const qint64 current = m_hub.now();
    std::vector<PendingSubscribe> pending;
    pending.swap(m_pending);
    for (PendingSubscribe &entry : pending) {
        const bool ready =
            std::all_of(entry.command.channels.cbegin(), entry.command.channels.cend(),
                        [this](const QString &c) { return m_hub.broker.isReady(key(c)); });
        if (ready) {
            m_trusted = entry.trusted;
            subscribe(entry.command, entry.id);
            m_trusted = false;
        } else if (current >= entry.deadlineMs)
            replyError(Wire::ErrorCode::Internal,
                       u"the backplane did not provide the channel in time; retry"_s, entry.id);
        else
            m_pending.push_back(std::move(entry));
    }
}

void Session::unsubscribe(const Wire::Unsubscribe &command, const QJsonValue &id)
{
    for (const QString &channel : command.channels) {
        const QString channelKey = key(channel);
        if (m_subscriptions.removeOne(channelKey)) {
            leave(channelKey);
            m_record->subscriptions = int(m_subscriptions.size());
        }
    }
    reply(Wire::Unsubscribed{command.channels}, id);
}

void Session::publish(const Wire::Publish &command, const QJsonValue &id,
                      const QString &claimedSender)
{
    // Seed 003's publish names its sender; anonymous clients are taken at
    // their word, as that server did.
    Wire::Sender sender = m_member;
    if (!claimedSender.isEmpty() && m_record->identity.anonymous)
        sender.userId = sender.userName = claimedSender;
    // The channel rules are fixed while the hub runs and so is this
    // session's identity after its connect: a channel once allowed stays
    // allowed (~1 200 instructions a publish saved, profiled). Not so for an
    // embedding application's authorizer, which may change its mind; and a
    // reload of the rules, should one come, must clear m_publishAllowed.
    if (m_hub.authorizer || !m_publishAllowed.contains(command.channel)) {
        if (const auto error = check(command.channel, Action::Publish, id)) {
            replyError(error->code, error->message, id);
            return;
        }
        if (!m_hub.authorizer) {
            if (m_publishAllowed.size() >= kPublishAllowedKept)
                m_publishAllowed.clear(); // a client that roams: start again
            m_publishAllowed.insert(command.channel);
        }
    }
    Counters::add(m_shard.counters().publications);
    const QString channelKey = key(command.channel);
    if (m_hub.broker.isRemote(channelKey)) {
        // Redis assigns the seq; the answer comes back through the shard.
        m_hub.publishRemote(
            channelKey, command.event, command.dataValue(), sender,
            [shard = &m_shard, connection = connectionId(), channel = command.channel,
             id](const Result<quint64> &seq) {
                shard->withSession(connection, [channel, id, seq](Session &session) {
                    if (seq)
                        session.reply(Wire::Published{channel, *seq}, id);
                    else
                        session.replyError(Wire::ErrorCode::Internal,
                                           u"not published: %1"_s.arg(seq.reason()), id);
                });
            });
        return;
    }
    const EventPtr event =
        m_hub.broker.publish(channelKey, command.event, command.data, sender, command.dataJson);
    reply(Wire::Published{command.channel, event->seq()}, id);
}

void Session::history(const Wire::HistoryQuery &command, const QJsonValue &id)
{
    if (const auto error = check(command.channel, Action::History, id)) {
        replyError(error->code, error->message, id);
        return;
    }
    const QString channelKey = key(command.channel);
    if (!m_hub.broker.isReady(channelKey)) {
        // Not watched here: read it from the backplane.
        const int limit =
            std::min(command.limit.value_or(m_hub.config.historySize), m_hub.config.historySize);
        m_hub.readRemote(
            channelKey, command.since, limit,
            [shard = &m_shard, connection = connectionId(), channel = command.channel,
             id](const Result<RedisBackplane::History> &history) {
                shard->withSession(connection, [channel, id, history](Session &session) {
                    if (!history) {
                        session.replyError(Wire::ErrorCode::Internal,
                                           u"history unavailable: %1"_s.arg(history.reason()), id);
                        return;
                    }
                    QList<Wire::Publication> messages = history->publications;
                    for (Wire::Publication &message : messages)
                        message.channel = channel; // the client's name, not the tenant key
                    session.reply(Wire::HistoryReply{channel, messages}, id);
                });
            });
        return;
    }
    const auto events = m_hub.broker.history(channelKey, command.since, command.limit);
    if (m_dialect == Wire::Dialect::Rooms) {
        QList<Wire::Publication> messages;
        for (const EventPtr &event : events) {
            messages.append(event->publication());
            messages.last().channel = command.channel;
        }
        reply(Wire::HistoryReply{command.channel, messages}, id);
        return;
    }
    QList<QByteArrayView> rendered;
    rendered.reserve(qsizetype(events.size()));
    for (const EventPtr &event : events)
        rendered.append(event->payload(Wire::Dialect::Herald));
    send(Wire::Codec::encodeHistory(command.channel, rendered, id, m_hub.now()));
}

void Session::presence(const Wire::PresenceQuery &command, const QJsonValue &id)
{
    if (const auto error = check(command.channel, Action::Presence, id)) {
        replyError(error->code, error->message, id);
        return;
    }
    const QString channelKey = key(command.channel);
    if (m_hub.broker.isRemote(channelKey)) {
        // Members are cluster-wide: ask the backplane.
        m_hub.membersRemote(channelKey, [shard = &m_shard, connection = connectionId(),
                                         channel = command.channel,
                                         id](const Result<QList<Wire::MemberSummary>> &members) {
            shard->withSession(connection, [channel, id, members](Session &session) {
                if (members)
                    session.reply(Wire::PresenceReply{channel, *members}, id);
                else
                    session.replyError(Wire::ErrorCode::Internal,
                                       u"presence unavailable: %1"_s.arg(members.reason()), id);
            });
        });
        return;
    }
    reply(Wire::PresenceReply{command.channel, m_hub.broker.presence(channelKey)}, id);
}

void Session::leave(const QString &channel)
{
    m_shard.removeLocal(channel, this);
    m_hub.broker.unsubscribe(this, channel);
}

void Session::overflowed(int code)
{
    // Counted now, not when the socket is gone (up to the close deadline
    // later): the monitor and /metrics show a slow consumer at once. Nothing
    // more is queued for it.
    m_closing = true;
    m_closeCounted = true;
    m_shard.counters().closed(code);
}

void Session::closed(int code, const QString &reason)
{
    if (!m_closeCounted)
        m_shard.counters().closed(code);
    m_closing = true;
    for (const QString &channel : std::as_const(m_subscriptions))
        leave(channel);
    m_subscriptions.clear();
    m_hub.sessionClosed(this, code, reason);
}

void Session::detach()
{
    m_closing = true;
    for (const QString &channel : std::as_const(m_subscriptions))
        m_hub.broker.unsubscribe(this, channel);
    m_subscriptions.clear();
}

} // namespace Herald
