#include "client_p.h"
#include "subscription_p.h"

#include <herald/wire/closecode.h>
#include <herald/wire/errorcode.h>
#include <herald/wire/json.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <cmath>

Q_LOGGING_CATEGORY(lcClient, "herald.client", QtInfoMsg)

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

const QString kConnectionLost = u"connection_lost"_s;
// A close we start waits this long for the hub's answer before aborting.
constexpr int kCloseGraceMs = 1000;

Member toMember(const Wire::Sender &sender)
{
    return Member(sender.userId, sender.userName, sender.connectionId);
}

QDateTime toDateTime(qint64 msecs)
{
    return msecs ? QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC) : QDateTime();
}

Message toMessage(const Wire::Publication &publication)
{
    Message message;
    message.setChannel(publication.channel);
    message.setType(publication.event);
    message.setSeq(publication.seq);
    message.setEpoch(publication.epoch);
    message.setId(publication.id);
    message.setTimestamp(toDateTime(publication.timestampMs));
    message.setSender(toMember(publication.sender));
    message.setData(publication.data);
    return message;
}

QList<Message> toMessages(const QList<Wire::Publication> &publications)
{
    QList<Message> messages;
    messages.reserve(publications.size());
    for (const Wire::Publication &publication : publications)
        messages.append(toMessage(publication));
    return messages;
}

// Our request ids are decimal strings; the hub echoes them unchanged.
quint64 requestId(const QJsonValue &id)
{
    if (id.isString())
        return id.toString().toULongLong();
    return quint64(std::max<qint64>(0, Wire::Json::toInteger(id).value_or(0)));
}

QString idText(quint64 id)
{
    return id ? QString::number(id) : QString();
}

// The n-th retry waits a random time in (d/2, d], d = base * 2^(n-1) capped.
int backoffDelay(int attempt, int baseMs, int maxMs, double random)
{
    const double doubled = double(baseMs) * std::pow(2.0, std::min(attempt - 1, 30));
    const double full = std::min(double(maxMs), doubled);
    return int(std::lround(full - random * full / 2));
}

} // namespace

ClientPrivate::ClientPrivate(Client *client)
    : q(client)
{
    m_reconnectTimer.setSingleShot(true);
    m_deadlineTimer.setSingleShot(true);
    QObject::connect(&m_reconnectTimer, &QTimer::timeout, q, [this] { connectSocket(); });
    QObject::connect(&m_heartbeatTimer, &QTimer::timeout, q, [this] {
        if (!m_pingId)
            sendPing();
    });
    QObject::connect(&m_deadlineTimer, &QTimer::timeout, q, [this] { deadlinePassed(); });
}

ClientPrivate::~ClientPrivate()
{
    releaseSocket(false);
}

void ClientPrivate::setState(Client::State state)
{
    assignProperty(q, m_state, state, &Client::stateChanged);
}

void ClientPrivate::connectSocket()
{
    releaseSocket(false);
    QUrl url = m_url;
    if (!m_token.isEmpty()) {
        QUrlQuery query(url);
        query.removeAllQueryItems(u"token"_s);
        query.addQueryItem(u"token"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_token)));
        url.setQuery(query);
    }
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    m_socket = socket;
    m_socketOpen = false;
    m_closeFrameReceived = false;
    QObject::connect(socket, &QWebSocket::connected, q, [this, socket] {
        if (socket == m_socket)
            socketOpened();
    });
    // QWebSocket reports 1000 even when the peer just vanished; a close
    // frame from the hub is what makes its code real. We only hear of our
    // own closes after disconnecting from the socket, so this is the hub's.
    QObject::connect(socket, &QWebSocket::aboutToClose, q, [this, socket] {
        if (socket == m_socket)
            m_closeFrameReceived = true;
    });
    QObject::connect(socket, &QWebSocket::textMessageReceived, q,
                     [this, socket](const QString &text) {
                         if (socket == m_socket)
                             frameReceived(text);
                     });
    // A refused or failed attempt may end in an error without disconnected();
    // whichever comes first ends the socket, the other finds it gone.
    QObject::connect(socket, &QWebSocket::disconnected, q,
                     [this, socket] { socketClosed(socket); });
    QObject::connect(socket, &QWebSocket::stateChanged, q,
                     [this, socket](QAbstractSocket::SocketState state) {
                         if (state == QAbstractSocket::UnconnectedState)
                             socketClosed(socket);
                     });
    QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this, socket] {
                         if (socket->state() == QAbstractSocket::UnconnectedState)
                             socketClosed(socket);
                     });

    qCDebug(lcClient).noquote() << "connecting to" << m_url.toString();
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({u"herald.v1"_s});
    // The opening handshake gets the same allowance as a ping: a hub that
    // accepts TCP but never answers (stopped, overloaded) is not waited on.
    m_deadlineTimer.start(m_heartbeatTimeout);
    socket->open(url, options);
}

void ClientPrivate::socketOpened()
{
    m_socketOpen = true;
    // Connected only once the hub answers: a hub that accepts the upgrade
    // and then refuses us (4001) never counts as a connection.
    sendPing();
}

void ClientPrivate::socketClosed(QWebSocket *socket)
{
    if (socket != m_socket)
        return;
    const bool wasOpen = m_socketOpen;
    int code = int(socket->closeCode());
    QString reason = socket->closeReason();
    if (!wasOpen || !m_closeFrameReceived) {
        code = QWebSocketProtocol::CloseCodeAbnormalDisconnection;
        reason = socket->errorString();
    }
    connectionLost(code, reason, wasOpen);
}

void ClientPrivate::deadlinePassed()
{
    if (!m_socket)
        return;
    const QString reason =
        m_socketOpen
            ? u"no answer from the hub within %1 ms"_s.arg(m_heartbeatTimeout)
            : u"the hub did not accept the connection within %1 ms"_s.arg(m_heartbeatTimeout);
    qCInfo(lcClient).noquote() << "giving up on the connection:" << reason;
    connectionLost(QWebSocketProtocol::CloseCodeAbnormalDisconnection, reason, m_socketOpen);
}

void ClientPrivate::sessionEstablished()
{
    m_attempt = 0;
    m_heartbeatTimer.start(m_heartbeatInterval);
    setState(Client::State::Connected);
    emit q->connected();
    // Slots on connected() may have closed us again.
    const auto subscriptions = m_subscriptions;
    for (Subscription *subscription : subscriptions)
        sendSubscribe(subscription);
    flushQueue();
}

void ClientPrivate::connectionLost(int closeCode, const QString &reason, bool wasOpen)
{
    releaseSocket(false);
    m_heartbeatTimer.stop();
    m_deadlineTimer.stop();
    m_pingId = 0;
    for (Subscription *subscription : std::as_const(m_subscriptions))
        SubscriptionPrivate::get(subscription)->suspend();

    const bool retry = m_wanted && closeCode != Wire::CloseCode::AuthFailed;
    if (!retry)
        m_wanted = false;
    const int delay = retry ? nextReconnectDelay() : 0;
    const QString next =
        retry ? u"retry %1 in %2 ms"_s.arg(m_attempt).arg(delay) : u"not retrying"_s;
    if (wasOpen)
        qCInfo(lcClient).noquote() << "connection to" << m_url.toString() << "closed with"
                                   << closeCode << reason << "-" << next;
    else
        qCInfo(lcClient).noquote()
            << "cannot connect to" << m_url.toString() << "-" << reason << "-" << next;
    setState(retry ? Client::State::Reconnecting : Client::State::Disconnected);
    if (retry)
        m_reconnectTimer.start(delay);
    failPending();
    if (wasOpen)
        emit q->disconnected(closeCode, reason);
    if (retry && m_reconnectTimer.isActive())
        emit q->reconnecting(m_attempt, delay);
}

int ClientPrivate::nextReconnectDelay()
{
    ++m_attempt;
    return backoffDelay(m_attempt, m_reconnectDelay, m_maxReconnectDelay,
                        QRandomGenerator::global()->generateDouble());
}

void ClientPrivate::releaseSocket(bool graceful)
{
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    m_socketOpen = false;
    QObject::disconnect(socket, nullptr, q, nullptr);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState) {
        // Let the close handshake finish, but not for ever.
        QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(kCloseGraceMs, socket, &QObject::deleteLater);
        socket->close(QWebSocketProtocol::CloseCodeNormal, u"client closed"_s);
    } else {
        socket->abort();
        socket->deleteLater();
    }
}

void ClientPrivate::sendPing()
{
    m_pingId = sendRequest(Wire::Ping{}, PendingRequest{PendingRequest::Kind::Ping, {}, {}, false});
    m_pingClock.start();
    m_deadlineTimer.start(m_heartbeatTimeout);
}

void ClientPrivate::sendFrame(quint64 id, const Wire::Command &command)
{
    const QJsonValue idValue = id ? QJsonValue(idText(id)) : QJsonValue();
    m_socket->sendTextMessage(
        QString::fromUtf8(Wire::Codec::encodeRequest(Wire::Request{idValue, command})));
}

quint64 ClientPrivate::sendExtension(const QString &type, const QJsonObject &data)
{
    const quint64 id = ++m_lastRequestId;
    m_pending.emplace(id, PendingRequest{PendingRequest::Kind::Extension, {}, {}, false});
    QJsonObject frame{{"type"_L1, type}, {"id"_L1, idText(id)}};
    if (!data.isEmpty())
        frame.insert("data"_L1, data);
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    return id;
}

quint64 ClientPrivate::sendRequest(const Wire::Command &command, PendingRequest request, quint64 id)
{
    if (!id)
        id = ++m_lastRequestId;
    m_pending.emplace(id, std::move(request));
    sendFrame(id, command);
    return id;
}

void ClientPrivate::sendSubscribe(Subscription *subscription)
{
    if (m_state != Client::State::Connected || !subscription)
        return;
    SubscriptionPrivate *sub = SubscriptionPrivate::get(subscription);
    if (sub->m_state == Subscription::State::Unsubscribed)
        return;
    // One frame per channel: the hub refuses a whole request if it refuses
    // one channel in it, and one forbidden channel must not cost the others.
    Wire::Subscribe command;
    command.channels = {sub->m_channel};
    command.presence = !sub->m_options.testFlag(Subscription::Option::NoPresenceEvents);
    command.hidden = sub->m_options.testFlag(Subscription::Option::Hidden);
    const auto since = sub->since();
    if (since)
        command.since.insert(sub->m_channel, *since);
    sendRequest(command, PendingRequest{PendingRequest::Kind::Subscribe, sub->m_channel,
                                        subscription, since.has_value()});
}

void ClientPrivate::flushQueue()
{
    if (m_queue.isEmpty())
        return;
    while (!m_queue.isEmpty() && m_state == Client::State::Connected && m_socket) {
        // Sent under the id publish() handed out for it.
        const QueuedPublish item = m_queue.takeFirst();
        sendRequest(item.publish,
                    PendingRequest{PendingRequest::Kind::Publish, item.publish.channel, {}, false},
                    item.id);
    }
    emit q->queuedPublishesChanged(int(m_queue.size()));
}

void ClientPrivate::failPending()
{
    // Every request gets one answer: if its reply went down with the
    // connection, say so. Subscribes and pings are redone, not reported.
    std::map<quint64, PendingRequest> pending;
    pending.swap(m_pending);
    for (const auto &[id, request] : pending) {
        if (request.kind == PendingRequest::Kind::Subscribe ||
            request.kind == PendingRequest::Kind::Ping)
            continue;
        emit q->errorReceived(kConnectionLost, u"the connection was lost before the hub answered"_s,
                              idText(id));
    }
}

Subscription *ClientPrivate::addSubscription(const QString &channel, Subscription::Options options)
{
    auto *subscription = new Subscription(channel, options, q);
    m_subscriptions.insert(channel, subscription);
    sendSubscribe(subscription);
    return subscription;
}

void ClientPrivate::removeSubscription(Subscription *subscription)
{
    SubscriptionPrivate *sub = SubscriptionPrivate::get(subscription);
    if (m_subscriptions.value(sub->m_channel) == subscription)
        m_subscriptions.remove(sub->m_channel);
    sub->end();
    subscription->deleteLater();
}

void ClientPrivate::frameReceived(const QString &text)
{
    // Any frame proves the connection alive; a pong may queue behind a burst.
    if (m_deadlineTimer.isActive())
        m_deadlineTimer.start(m_heartbeatTimeout);
    QString error;
    const auto frame = Wire::Codec::decodeServerFrame(text.toUtf8(), &error);
    if (!frame) {
        qCWarning(lcClient).noquote() << "ignoring a frame that cannot be read:" << error;
        return;
    }
    const quint64 id = requestId(frame->id);
    std::visit([this, id](const auto &body) { handle(body, id); }, frame->body);
}

void ClientPrivate::handle(const Wire::Publication &publication, quint64)
{
    Subscription *subscription = m_subscriptions.value(publication.channel);
    if (!subscription)
        return; // in flight when we unsubscribed
    const Message message = toMessage(publication);
    if (SubscriptionPrivate::get(subscription)->deliver(message))
        emit q->messageReceived(message);
}

void ClientPrivate::handle(const Wire::Subscribed &reply, quint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end() || it->second.kind != PendingRequest::Kind::Subscribe)
        return;
    const PendingRequest request = it->second;
    m_pending.erase(it);
    if (!request.subscription)
        return;
    SubscriptionPrivate *sub = SubscriptionPrivate::get(request.subscription);
    if (sub->m_state == Subscription::State::Unsubscribed)
        return;
    std::optional<bool> recovered;
    if (request.resuming) // no answer counts as not recovered
        recovered = reply.recovered.value(request.channel, false);
    sub->confirm(reply.positions.value(request.channel), recovered);
}

void ClientPrivate::handle(const Wire::Unsubscribed &, quint64) {}

void ClientPrivate::handle(const Wire::Published &reply, quint64 id)
{
    if (m_pending.erase(id))
        emit q->published(idText(id), reply.channel, reply.seq);
}

void ClientPrivate::handle(const Wire::HistoryReply &reply, quint64 id)
{
    m_pending.erase(id);
    emit q->historyReceived(reply.channel, toMessages(reply.messages), idText(id));
}

void ClientPrivate::handle(const Wire::PresenceReply &reply, quint64 id)
{
    m_pending.erase(id);
    QList<Member> members;
    members.reserve(reply.members.size());
    for (const Wire::MemberSummary &summary : reply.members) {
        Member member(summary.userId, summary.userName);
        member.setConnectionCount(summary.connections);
        members.append(member);
    }
    emit q->presenceReceived(reply.channel, members, idText(id));
}

void ClientPrivate::handle(const Wire::Pong &, quint64 id)
{
    m_pending.erase(id);
    if (!id || id != m_pingId)
        return;
    m_pingId = 0;
    m_deadlineTimer.stop();
    assignProperty(q, m_latency, int(m_pingClock.elapsed()), &Client::latencyChanged);
    if (m_state != Client::State::Connected)
        sessionEstablished();
}

void ClientPrivate::handle(const Wire::PresenceChange &change, quint64)
{
    Subscription *subscription = m_subscriptions.value(change.channel);
    if (!subscription || subscription->state() != Subscription::State::Subscribed)
        return;
    const Member member = toMember(change.member);
    const bool joined = change.kind == Wire::PresenceChange::Kind::Joined;
    if (joined) {
        emit subscription->presenceJoined(member);
        emit q->presenceJoined(change.channel, member);
    } else {
        emit subscription->presenceLeft(member);
        emit q->presenceLeft(change.channel, member);
    }
}

void ClientPrivate::handle(const Wire::ErrorReply &error, quint64 id)
{
    const QString code = Wire::errorCodeName(error.code);
    const auto it = m_pending.find(id);
    if (it != m_pending.end()) {
        const PendingRequest request = it->second;
        m_pending.erase(it);
        if (request.kind == PendingRequest::Kind::Subscribe && request.subscription) {
            Subscription *subscription = request.subscription;
            emit subscription->errorReceived(code, error.message);
            removeSubscription(subscription);
        }
    }
    emit q->errorReceived(code, error.message, idText(id));
}

void ClientPrivate::handle(const Wire::OtherFrame &frame, quint64 id)
{
    const QJsonObject data = frame.object.value("data"_L1).toObject();
    const auto it = m_pending.find(id);
    if (it != m_pending.end() && it->second.kind == PendingRequest::Kind::Extension) {
        m_pending.erase(it);
        emit q->replyReceived(frame.type, data, idText(id));
        return;
    }
    // Hub events that are not publications (tenant.user_joined, ...) still
    // reach messageReceived() and on(), without a seq. One for a channel we
    // left was in flight when we unsubscribed.
    const QString channel = frame.object.value("channel"_L1).toString();
    if (channel.isEmpty()) {
        emit q->replyReceived(frame.type, data, idText(id));
        return;
    }
    if (!m_subscriptions.contains(channel))
        return;
    Message message;
    message.setChannel(channel);
    message.setType(frame.type);
    message.setId(frame.object.value("id"_L1).toString());
    message.setTimestamp(
        toDateTime(Wire::Json::parseTimestamp(frame.object.value("timestamp"_L1).toString())));
    message.setData(frame.object.value("data"_L1));
    emit q->messageReceived(message);
}

Client::Client(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ClientPrivate>(this))
{
    qRegisterMetaType<Herald::Message>();
    qRegisterMetaType<Herald::Member>();
}

Client::~Client()
{
    // Subscriptions are our children; they go with QObject's cleanup.
}

QUrl Client::url() const
{
    return d->m_url;
}

void Client::setUrl(const QUrl &url)
{
    assignProperty(this, d->m_url, url, &Client::urlChanged);
}

QString Client::token() const
{
    return d->m_token;
}

void Client::setToken(const QString &token)
{
    assignProperty(this, d->m_token, token, &Client::tokenChanged);
}

Client::State Client::state() const
{
    return d->m_state;
}

int Client::latency() const
{
    return d->m_latency;
}

int Client::reconnectDelay() const
{
    return d->m_reconnectDelay;
}

void Client::setReconnectDelay(int ms)
{
    assignProperty(this, d->m_reconnectDelay, std::max(1, ms), &Client::reconnectDelayChanged);
}

int Client::maxReconnectDelay() const
{
    return d->m_maxReconnectDelay;
}

void Client::setMaxReconnectDelay(int ms)
{
    assignProperty(this, d->m_maxReconnectDelay, std::max(1, ms),
                   &Client::maxReconnectDelayChanged);
}

int Client::heartbeatInterval() const
{
    return d->m_heartbeatInterval;
}

void Client::setHeartbeatInterval(int ms)
{
    if (assignProperty(this, d->m_heartbeatInterval, std::max(1, ms),
                       &Client::heartbeatIntervalChanged) &&
        d->m_heartbeatTimer.isActive())
        d->m_heartbeatTimer.start(d->m_heartbeatInterval);
}

int Client::heartbeatTimeout() const
{
    return d->m_heartbeatTimeout;
}

void Client::setHeartbeatTimeout(int ms)
{
    assignProperty(this, d->m_heartbeatTimeout, std::max(1, ms), &Client::heartbeatTimeoutChanged);
}

int Client::maxQueuedPublishes() const
{
    return d->m_maxQueuedPublishes;
}

void Client::setMaxQueuedPublishes(int count)
{
    assignProperty(this, d->m_maxQueuedPublishes, std::max(0, count),
                   &Client::maxQueuedPublishesChanged);
}

int Client::queuedPublishes() const
{
    return int(d->m_queue.size());
}

Subscription *Client::subscribe(const QString &channel)
{
    return subscribe(channel, {});
}

Subscription *Client::subscribe(const QString &channel, Subscription::Options options)
{
    if (Subscription *existing = d->m_subscriptions.value(channel))
        return existing;
    return d->addSubscription(channel, options);
}

void Client::unsubscribe(const QString &channel)
{
    Subscription *subscription = d->m_subscriptions.value(channel);
    if (!subscription)
        return;
    if (d->m_state == State::Connected) {
        d->sendFrame(0, Wire::Unsubscribe{{channel}});
    }
    d->removeSubscription(subscription);
}

Subscription *Client::subscription(const QString &channel) const
{
    return d->m_subscriptions.value(channel);
}

QList<Subscription *> Client::subscriptions() const
{
    return d->m_subscriptions.values();
}

Result<QString> Client::publish(const QString &channel, const QJsonValue &data,
                                const QString &event)
{
    if (channel.isEmpty())
        return Result<QString>::failure(u"the channel name must not be empty"_s);
    if (event.isEmpty() || Wire::Codec::isReservedEvent(event))
        return Result<QString>::failure(u"'%1' cannot be used as an event name"_s.arg(event));
    Wire::Publish command{channel, event, data.isUndefined() ? QJsonValue() : data};
    if (d->m_state == State::Connected) {
        return idText(d->sendRequest(
            command, PendingRequest{PendingRequest::Kind::Publish, channel, {}, false}));
    }
    if (d->m_queue.size() >= d->m_maxQueuedPublishes) {
        return Result<QString>::failure(
            u"not connected, and the offline queue is full (%1 publications waiting)"_s.arg(
                d->m_queue.size()));
    }
    const quint64 id = ++d->m_lastRequestId;
    d->m_queue.append(QueuedPublish{id, command});
    emit queuedPublishesChanged(int(d->m_queue.size()));
    return idText(id);
}

Result<QString> Client::history(const QString &channel, qint64 since, int limit)
{
    if (d->m_state != State::Connected)
        return Result<QString>::failure(u"not connected"_s);
    Wire::HistoryQuery query;
    query.channel = channel;
    if (since >= 0)
        query.since = quint64(since);
    if (limit > 0)
        query.limit = limit;
    return idText(
        d->sendRequest(query, PendingRequest{PendingRequest::Kind::History, channel, {}, false}));
}

Result<QString> Client::presence(const QString &channel)
{
    if (d->m_state != State::Connected)
        return Result<QString>::failure(u"not connected"_s);
    return idText(
        d->sendRequest(Wire::PresenceQuery{channel},
                       PendingRequest{PendingRequest::Kind::Presence, channel, {}, false}));
}

Result<QString> Client::request(const QString &type, const QJsonObject &data)
{
    if (d->m_state != State::Connected)
        return Result<QString>::failure(u"not connected"_s);
    if (type.isEmpty())
        return Result<QString>::failure(u"the request type must not be empty"_s);
    // Read it as the hub will: a type the codec knows is checked and encoded
    // by it; one it does not know (a newer hub's extension) goes out as given.
    const auto decoded =
        Wire::Codec::decodeRequest(QJsonObject{{"type"_L1, type}, {"data"_L1, data}});
    if (const auto *error = std::get_if<Wire::DecodeError>(&decoded)) {
        if (error->code != Wire::ErrorCode::UnknownType)
            return Result<QString>::failure(error->message);
        return idText(d->sendExtension(type, data));
    }
    const Wire::Command &command = std::get<Wire::Request>(decoded).command;
    // Their answers drive the client's own state and signals.
    const bool ours = std::visit(
        [](const auto &c) {
            using T = std::decay_t<decltype(c)>;
            return std::is_same_v<T, Wire::Subscribe> || std::is_same_v<T, Wire::Unsubscribe> ||
                   std::is_same_v<T, Wire::Publish> || std::is_same_v<T, Wire::HistoryQuery> ||
                   std::is_same_v<T, Wire::PresenceQuery> || std::is_same_v<T, Wire::Ping>;
        },
        command);
    if (ours)
        return Result<QString>::failure(
            u"'%1' requests go through their own Client method"_s.arg(type));
    return idText(
        d->sendRequest(command, PendingRequest{PendingRequest::Kind::Extension, {}, {}, false}));
}

void Client::open()
{
    d->m_wanted = true;
    if (d->m_socket)
        return; // already connecting or connected
    if (d->m_reconnectTimer.isActive()) {
        // Waiting out a backoff: try now instead.
        d->m_reconnectTimer.stop();
        d->connectSocket();
        return;
    }
    d->m_attempt = 0;
    d->setState(State::Connecting);
    d->connectSocket();
}

void Client::close()
{
    d->m_wanted = false;
    d->m_reconnectTimer.stop();
    const bool wasOpen = d->m_socketOpen;
    if (!d->m_socket) {
        d->setState(State::Disconnected);
        return;
    }
    d->releaseSocket(true);
    d->connectionLost(QWebSocketProtocol::CloseCodeNormal, u"closed by the client"_s, wasOpen);
}

} // namespace Herald
