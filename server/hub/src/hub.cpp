#include "hub_p.h"
#include "qwebsockettransport.h"
#include "session.h"

#include <herald/wire/closecode.h>
#include <herald/wire/codec.h>

#include <QRandomGenerator>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

Q_LOGGING_CATEGORY(lcHub, "herald.hub", QtInfoMsg)

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

QString randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &c : raw)
        c = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(raw.toHex());
}

Broker::Options brokerOptions(const HubConfig &config)
{
    return Broker::Options{config.historySize, qint64(config.historyTtl.count())};
}

// The housekeeping tick: fine enough to honour the shortest of the ping
// interval and idle timeout, coarse enough to cost nothing.
std::chrono::milliseconds tickFor(const HubConfig &config)
{
    using namespace std::chrono_literals;
    std::chrono::milliseconds shortest = 1000ms;
    for (const auto value : {config.pingInterval, config.idleTimeout}) {
        if (value > 0ms)
            shortest = std::min(shortest, value / 4);
    }
    return std::max(shortest, 20ms);
}

} // namespace

HubPrivate::HubPrivate(Hub *hub, const HubConfig &hubConfig)
    : q(hub)
    , config(hubConfig)
    , broker(brokerOptions(hubConfig))
    , instanceId(randomHex(4))
{
    broker.onChannelCreated = [this](const QString &name) {
        emit q->channelCreated(name);
        emit q->channelCountChanged(broker.channelCount());
    };
    broker.onChannelRemoved = [this](const QString &name) {
        emit q->channelRemoved(name);
        emit q->channelCountChanged(broker.channelCount());
    };

    housekeeping.setInterval(tickFor(config));
    QObject::connect(&housekeeping, &QTimer::timeout, q, [this] { housekeep(); });
    using namespace std::chrono_literals;
    sweeper.setInterval(std::clamp(config.historyTtl / 4, std::chrono::milliseconds(20),
                                   std::chrono::milliseconds(5s)));
    QObject::connect(&sweeper, &QTimer::timeout, q, [this] { broker.sweep(); });
    sweeper.start();
}

HubPrivate::~HubPrivate()
{
    // Sessions go first: they unsubscribe from the broker as they close.
    for (const auto &session : std::as_const(sessions))
        session->transport().setListener(nullptr);
    sessions.clear();
}

bool HubPrivate::authorize(const Identity &identity, Action action, const QString &channel) const
{
    return !authorizer || authorizer(identity, action, channel);
}

AuthResult HubPrivate::defaultAuthenticate(const ConnectionRequest &request) const
{
    const QUrlQuery query(request.url);
    Identity identity;
    identity.userId = query.queryItemValue(u"user_id"_s, QUrl::FullyDecoded);
    if (identity.userId.isEmpty())
        identity.userId = u"anon-"_s + randomHex(6);
    identity.userName = query.queryItemValue(u"user_name"_s, QUrl::FullyDecoded);
    if (identity.userName.isEmpty())
        identity.userName = identity.userId;
    identity.anonymous = true;
    return AuthResult::accept(identity);
}

void HubPrivate::acceptConnection()
{
    while (QWebSocket *socket = server->nextPendingConnection()) {
        // Refused sockets are closed here and free themselves once gone.
        auto refuse = [socket](int code, const QString &reason) {
            QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            socket->close(QWebSocketProtocol::CloseCode(code), reason);
        };
        if (shuttingDown) {
            refuse(Wire::CloseCode::GoingAway, u"hub shutting down"_s);
            continue;
        }
        ConnectionRequest request;
        request.url = socket->requestUrl();
        request.peerAddress = socket->peerAddress();
        request.origin = socket->origin();
        const QUrlQuery query(request.url);
        request.token = query.queryItemValue(u"token"_s, QUrl::FullyDecoded);

        const AuthResult auth =
            authenticator ? authenticator(request) : defaultAuthenticate(request);
        if (!auth.accepted) {
            qCInfo(lcHub).noquote()
                << "refused" << request.peerAddress.toString() << "reason:" << auth.reason;
            refuse(Wire::CloseCode::AuthFailed, auth.reason);
            continue;
        }

        Wire::Dialect dialect = Wire::Dialect::Herald;
        if (query.queryItemValue(u"protocol"_s) == "raw"_L1)
            dialect = Wire::Dialect::Raw;

        const QString connectionId = instanceId + u'-' + QString::number(++connectionCounter, 36);
        auto session = std::make_shared<Session>(
            *this, std::make_unique<QWebSocketTransport>(socket, config.maxMessageSize),
            auth.identity, connectionId, dialect);
        sessions.insert(session.get(), session);
        qCInfo(lcHub).noquote() << "connect" << connectionId << "user" << auth.identity.userId
                                << "peer" << request.peerAddress.toString();
        emit q->clientConnected(connectionId, auth.identity);
        emit q->connectionCountChanged(int(sessions.size()));

        // ?c=a&c=b subscribes at once, as seed 000's clients expect.
        Wire::Subscribe subscribe;
        for (const QString &channel : query.allQueryItemValues(u"c"_s, QUrl::FullyDecoded)) {
            if (!channel.isEmpty() && !subscribe.channels.contains(channel))
                subscribe.channels.append(channel);
        }
        if (!subscribe.channels.isEmpty())
            session->execute(Wire::Request{QJsonValue(), subscribe});
    }
}

void HubPrivate::sessionClosed(Session *session, int code, const QString &reason)
{
    const auto it = sessions.find(session);
    if (it == sessions.end())
        return;
    std::shared_ptr<Session> keep = it.value();
    sessions.erase(it);
    qCInfo(lcHub).noquote() << "disconnect" << session->connectionId() << "user"
                            << session->identity().userId << "code" << code
                            << (reason.isEmpty() ? QString() : u"reason: "_s + reason);
    emit q->clientDisconnected(session->connectionId(), code);
    emit q->connectionCountChanged(int(sessions.size()));
    // We are inside the transport's own signal: free the session later.
    QMetaObject::invokeMethod(
        q, [keep] {}, Qt::QueuedConnection);
    if (shuttingDown && sessions.isEmpty())
        QMetaObject::invokeMethod(q, &Hub::shutdownFinished, Qt::QueuedConnection);
}

void HubPrivate::housekeep()
{
    const qint64 current = now();
    for (const auto &session : std::as_const(sessions))
        session->housekeep(current);
}

Hub::Hub(const HubConfig &config, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<HubPrivate>(this, config))
{
    qRegisterMetaType<Herald::Identity>();
}

Hub::~Hub() = default;

const HubConfig &Hub::config() const
{
    return d->config;
}

Status Hub::listen(const QHostAddress &address, quint16 port)
{
    if (const QString problem = d->config.validate(); !problem.isEmpty())
        return Status::failure(problem);
    if (d->server && d->server->isListening())
        return Status::failure(u"already listening on port %1"_s.arg(d->server->serverPort()));
    if (!d->server) {
        d->server = new QWebSocketServer(u"Herald/" HERALD_VERSION ""_s,
                                         QWebSocketServer::NonSecureMode, this);
        d->server->setHandshakeTimeout(d->config.handshakeTimeout);
        d->server->setSupportedSubprotocols({u"herald.v1"_s});
        connect(d->server, &QWebSocketServer::newConnection, this,
                [this] { d->acceptConnection(); });
    }
    if (!d->server->listen(address, port))
        return Status::failure(u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                                   .arg(port)
                                   .arg(d->server->errorString()));
    d->shuttingDown = false;
    d->housekeeping.start();
    qCInfo(lcHub).noquote() << "listening on" << url().toString();
    return Status::success();
}

bool Hub::isListening() const
{
    return d->server && d->server->isListening();
}

quint16 Hub::serverPort() const
{
    return d->server ? d->server->serverPort() : 0;
}

QHostAddress Hub::serverAddress() const
{
    return d->server ? d->server->serverAddress() : QHostAddress();
}

QUrl Hub::url() const
{
    QUrl url;
    url.setScheme(u"ws"_s);
    const QHostAddress address = serverAddress();
    url.setHost(address == QHostAddress::Any || address == QHostAddress::AnyIPv4
                    ? u"127.0.0.1"_s
                    : address.toString());
    url.setPort(serverPort());
    url.setPath(u"/ws"_s);
    return url;
}

void Hub::shutdown()
{
    d->shuttingDown = true;
    if (d->server)
        d->server->close();
    d->housekeeping.stop();
    qCInfo(lcHub) << "shutting down," << d->sessions.size() << "clients to close";
    if (d->sessions.isEmpty()) {
        QMetaObject::invokeMethod(this, &Hub::shutdownFinished, Qt::QueuedConnection);
        return;
    }
    const auto sessions = d->sessions;
    for (const auto &session : sessions)
        session->close(Wire::CloseCode::GoingAway, u"hub shutting down"_s);
}

Result<quint64> Hub::publish(const QString &channel, const QString &event, const QJsonValue &data)
{
    if (channel.isEmpty())
        return Result<quint64>::failure(u"channel name must not be empty"_s);
    if (event.isEmpty() || Wire::Codec::isReservedEvent(event))
        return Result<quint64>::failure(u"'%1' cannot be used as an event name"_s.arg(event));
    return d->broker.publish(channel, event, data, Wire::Sender())->seq();
}

int Hub::connectionCount() const
{
    return int(d->sessions.size());
}

int Hub::channelCount() const
{
    return d->broker.channelCount();
}

QStringList Hub::channels() const
{
    return d->broker.channelNames();
}

quint64 Hub::lastSeq(const QString &channel) const
{
    const Channel *found = d->broker.find(channel);
    return found ? found->lastSeq() : 0;
}

void Hub::setAuthenticator(Authenticator authenticator)
{
    d->authenticator = std::move(authenticator);
}

void Hub::setAuthorizer(Authorizer authorizer)
{
    d->authorizer = std::move(authorizer);
}

} // namespace Herald
