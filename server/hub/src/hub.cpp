#include "hub_p.h"
#include "security/tenantkey.h"
#include "session.h"
#include "shard.h"
#include "statsjson.h"

#include <herald/wire/closecode.h>
#include <herald/wire/codec.h>

#include <QAbstractEventDispatcher>
#include <QFile>
#include <QJsonDocument>

#include <QJsonObject>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QThread>
#include <QUrlQuery>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>

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
    return Broker::Options{config.historySize, qint64(config.historyTtl.count()),
                           std::max(1, config.threads), config.maxPresenceEventSubscribers,
                           !config.redisUrl.isEmpty()};
}

using Net::DescriptorTable::EventFd;

// In a shard thread whose event dispatcher was just made: the dispatcher's
// wake-up eventfd, the one other threads write to when they post to this
// thread. `known`: the eventfds there were before the thread started. Qt
// says not which it is; it is the one eventfd that is new and, right after
// wakeUp(), non-zero (nothing reads it until this thread polls again).
// fd -1 when that is not exactly one (another thread made one meanwhile).
EventFd findWakeUp(const std::vector<EventFd> &known)
{
    QAbstractEventDispatcher::instance()->wakeUp();
    std::vector<EventFd> found;
    for (const EventFd &candidate : Net::DescriptorTable::eventFds()) {
        const bool old = std::any_of(known.begin(), known.end(), [&](const EventFd &k) {
            return k.fd == candidate.fd && k.id == candidate.id;
        });
        if (!old && candidate.count > 0)
            found.push_back(candidate);
    }
    return found.size() == 1 ? found.front() : EventFd{};
}

} // namespace

HubPrivate::HubPrivate(Hub *hub, const HubConfig &hubConfig)
    : q(hub)
    , config(hubConfig)
    , broker(brokerOptions(hubConfig))
    , startedAtMs(broker.now())
    , instanceId(randomHex(4))
{
    // Called under the broker's lock, from any thread: always queue.
    broker.onChannelCreated = [this](const QString &name) {
        QMetaObject::invokeMethod(
            q,
            [this, name] {
                emit q->channelCreated(name);
                emit q->channelCountChanged(broker.channelCount());
            },
            Qt::QueuedConnection);
    };
    broker.onChannelRemoved = [this](const QString &name) {
        QMetaObject::invokeMethod(
            q,
            [this, name] {
                if (backplane && broker.isRemote(name))
                    backplane->unwatch(name);
                emit q->channelRemoved(name);
                emit q->channelCountChanged(broker.channelCount());
            },
            Qt::QueuedConnection);
    };
    // Remote mode: the broker asks, under its lock; the backplane, which
    // lives in the hub's thread, acts on it there.
    broker.onWatch = [this](const QString &name) {
        QMetaObject::invokeMethod(
            q,
            [this, name] {
                if (backplane)
                    backplane->watch(name);
            },
            Qt::QueuedConnection);
    };
    broker.onPresence = [this](const QString &name, const Wire::Sender &member, bool joined) {
        QMetaObject::invokeMethod(
            q,
            [this, name, member, joined] {
                if (!backplane)
                    return;
                if (joined)
                    backplane->join(name, member);
                else
                    backplane->leave(name, member.connectionId);
            },
            Qt::QueuedConnection);
    };
    using namespace std::chrono_literals;
    sweeper.setInterval(std::clamp(config.historyTtl / 4, std::chrono::milliseconds(20),
                                   std::chrono::milliseconds(5s)));
    QObject::connect(&sweeper, &QTimer::timeout, q, [this] { broker.sweep(); });
    sweeper.start();
    statsTimer.setInterval(config.statsInterval);
    QObject::connect(&statsTimer, &QTimer::timeout, q, [this] { publishStats(); });
    statsTimer.start();
}

HubPrivate::~HubPrivate()
{
    stopShards();
}

std::chrono::milliseconds HubPrivate::housekeepingInterval() const
{
    // Fine enough for the shortest of the ping interval, idle timeout and
    // handshake timeout; coarse enough to cost nothing.
    using namespace std::chrono_literals;
    std::chrono::milliseconds shortest = 1000ms;
    for (const auto value : {config.pingInterval, config.idleTimeout, config.handshakeTimeout}) {
        if (value > 0ms)
            shortest = std::min(shortest, value / 4);
    }
    return std::max(shortest, 20ms);
}

void HubPrivate::startShards()
{
    if (!shards.empty())
        return;
    const int count = std::max(1, config.threads);
    // A table of its own per shard thread (docs/architecture.md). Whoever
    // posts to a thread writes to that thread's wake-up eventfd by number, in
    // its own table: so every shard thread is started, and its dispatcher
    // made, while all share one table; only then does each take its copy.
    // The hub's thread must have its dispatcher already, for the same reason.
    const bool ownTables = count > 1 && config.threadDescriptorTables &&
                           Net::DescriptorTable::supported() &&
                           QAbstractEventDispatcher::instance(q->thread()) != nullptr;
    std::vector<EventFd> wakeUps;
    std::vector<EventSink *> sinks;
    for (int i = 0; i < count; ++i) {
        auto shard = std::make_unique<Shard>(*this, i);
        if (count > 1) {
            const std::vector<EventFd> known =
                ownTables ? Net::DescriptorTable::eventFds() : std::vector<EventFd>{};
            // Each shard owns a thread and every socket it is given.
            auto *thread = new QThread;
            thread->setObjectName(u"herald-shard-%1"_s.arg(i));
            shard->moveToThread(thread);
            thread->start();
            threads.push_back(thread);
            if (ownTables) {
                EventFd wakeUp;
                QMetaObject::invokeMethod(
                    shard.get(), [&wakeUp, &known] { wakeUp = findWakeUp(known); },
                    Qt::BlockingQueuedConnection);
                wakeUps.push_back(wakeUp);
            }
        }
        sinks.push_back(shard.get());
        shards.push_back(std::move(shard));
    }
    if (ownTables)
        giveTablesToShards(wakeUps);
    broker.setSinks(std::move(sinks));
}

void HubPrivate::giveTablesToShards(const std::vector<EventFd> &wakeUps)
{
    handoffs.resize(shards.size());
    for (std::size_t i = 0; i < shards.size(); ++i) {
        Shard *shard = shards[i].get();
        if (wakeUps[i].fd < 0) {
            // Its copy in this table could not be closed when it stops.
            qCWarning(lcHub).noquote() << "shard" << i
                                       << "shares the hub's descriptor table: its wake-up "
                                          "descriptor could not be told apart";
            continue;
        }
        int pair[2] = {-1, -1};
        if (!Net::DescriptorTable::handoffPair(pair)) {
            qCWarning(lcHub).noquote()
                << "shard" << i << "shares the hub's descriptor table:" << qt_error_string(errno);
            continue;
        }
        bool taken = false;
        QMetaObject::invokeMethod(
            shard, [&taken, shard, end = pair[1]] { taken = shard->takePrivateTable(end); },
            Qt::BlockingQueuedConnection);
        ::close(pair[1]); // the shard has its own copy now (or does not need it)
        if (!taken) {
            ::close(pair[0]);
            continue;
        }
        Handoff &handoff = handoffs[i];
        handoff.socket = pair[0];
        handoff.wakeUp = wakeUps[i];
        handoff.writable = std::make_unique<QSocketNotifier>(pair[0], QSocketNotifier::Write);
        handoff.writable->setEnabled(false);
        QObject::connect(handoff.writable.get(), &QSocketNotifier::activated, q,
                         [this, i] { flushHandoff(i); });
    }
}

void HubPrivate::stopShards()
{
    // No event may reach a shard that is going away.
    broker.setSinks({});
    for (std::size_t i = 0; i < shards.size(); ++i) {
        Shard *shard = shards[i].get();
        if (i < handoffs.size())
            closeHandoff(handoffs[i]); // what is still in flight goes with the shard's end
        if (i < threads.size()) {
            QMetaObject::invokeMethod(
                shard, [shard] { shard->teardown(); }, Qt::BlockingQueuedConnection);
            threads[i]->quit();
            threads[i]->wait();
            delete threads[i];
        } else {
            shard->teardown();
        }
        // The thread closed its wake-up eventfd in its own table; this
        // table's copy has no other use now.
        if (i < handoffs.size()) {
            const EventFd &wakeUp = handoffs[i].wakeUp;
            if (Net::DescriptorTable::isEventFd(wakeUp.fd, wakeUp.id))
                ::close(wakeUp.fd);
        }
    }
    handoffs.clear();
    threads.clear();
    shards.clear();
}

void HubPrivate::dispatchConnection(qintptr descriptor)
{
    if (shuttingDown || shards.empty()) {
        ::close(int(descriptor));
        return;
    }
    const std::size_t index = nextShard++ % shards.size();
    if (index < handoffs.size() && handoffs[index].socket >= 0) {
        handOff(index, int(descriptor));
        return;
    }
    Shard *shard = shards[index].get();
    if (shard->thread() == QThread::currentThread())
        shard->adopt(descriptor);
    else
        QMetaObject::invokeMethod(
            shard, [shard, descriptor] { shard->adopt(descriptor); }, Qt::QueuedConnection);
}

void HubPrivate::handOff(std::size_t index, int descriptor)
{
    Handoff &handoff = handoffs[index];
    handoff.queue.push_back(descriptor);
    // Waiting for room already: the queue keeps the order.
    if (!handoff.writable->isEnabled() && !handoff.retryScheduled)
        flushHandoff(index);
}

void HubPrivate::flushHandoff(std::size_t index)
{
    if (index >= handoffs.size())
        return;
    Handoff &handoff = handoffs[index];
    if (handoff.writable)
        handoff.writable->setEnabled(false);
    while (!handoff.queue.empty() && handoff.socket >= 0) {
        const int descriptor = handoff.queue.front();
        const int error = Net::DescriptorTable::send(handoff.socket, descriptor);
        if (error == EAGAIN || error == EWOULDBLOCK) {
            handoff.writable->setEnabled(true); // a burst: the shard is behind
            return;
        }
        if (error == ETOOMANYREFS || error == ENOBUFS || error == ENOMEM) {
            // More descriptors in flight than RLIMIT_NOFILE, or no memory
            // for the message: nothing will say when, so try again soon.
            if (!handoff.retryScheduled) {
                handoff.retryScheduled = true;
                QTimer::singleShot(10, q, [this, index] {
                    if (index < handoffs.size()) {
                        handoffs[index].retryScheduled = false;
                        flushHandoff(index);
                    }
                });
            }
            return;
        }
        handoff.queue.pop_front();
        ::close(descriptor); // sent: the shard's table has its own copy
        if (error != 0) {
            handoffsDropped.fetch_add(1, std::memory_order_relaxed);
            qCWarning(lcHub).noquote()
                << "cannot hand a connection to shard" << index << ":" << qt_error_string(error);
        }
    }
}

void HubPrivate::closeHandoff(Handoff &handoff)
{
    for (const int descriptor : handoff.queue)
        ::close(descriptor);
    handoff.queue.clear();
    handoff.writable.reset();
    if (handoff.socket >= 0) {
        ::close(handoff.socket);
        handoff.socket = -1;
    }
}

void HubPrivate::dropQueuedHandoffs()
{
    for (Handoff &handoff : handoffs) {
        for (const int descriptor : handoff.queue)
            ::close(descriptor);
        handoff.queue.clear();
    }
}

void HubPrivate::reportTableFull(int shard)
{
    if (tableFullReported.exchange(true))
        return;
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    qCWarning(lcHub).noquote()
        << "shard" << shard << "has no room for another descriptor (at most"
        << quint64(limit.rlim_cur) << "per table): connections are being dropped "
        << "(connections_dropped in /status); raise the limit or use more threads";
}

void HubPrivate::notify(std::function<void()> emitter)
{
    if (QThread::currentThread() == q->thread())
        emitter();
    else
        QMetaObject::invokeMethod(q, std::move(emitter), Qt::QueuedConnection);
}

bool HubPrivate::authorize(const Identity &identity, Action action, const QString &channel) const
{
    if (authorizer)
        return authorizer(identity, action, channel); // the embedding application decides
    return !security || security->rules.decide(identity, action, channel).allowed;
}

Status HubPrivate::buildSecurity()
{
    auto authenticator = ConnectionAuthenticator::create(config.security);
    if (!authenticator)
        return Status::failure(authenticator.reason());
    auto rules = AccessRules::create(config.security);
    if (!rules)
        return Status::failure(rules.reason());
    auto names = ChannelNameValidator::create(config.security);
    if (!names)
        return Status::failure(names.reason());
    auto origins = OriginPolicy::create(config.security);
    if (!origins)
        return Status::failure(origins.reason());
    const SecurityConfig &sc = config.security;
    if (!sc.tlsCertificateFile.isEmpty() || !sc.tlsKeyFile.isEmpty()) {
        // OpenSSL directly, as for the tokens: the sockets are ours, not
        // QSslSocket's (docs/architecture.md).
        if (sc.tlsCertificateFile.isEmpty() || sc.tlsKeyFile.isEmpty())
            return Status::failure(u"TLS needs both a certificate and a key"_s);
        std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
        SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
        SSL_CTX_set_mode(context.get(),
                         SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        const QByteArray certificate = QFile::encodeName(sc.tlsCertificateFile);
        const QByteArray key = QFile::encodeName(sc.tlsKeyFile);
        if (SSL_CTX_use_certificate_chain_file(context.get(), certificate.constData()) != 1)
            return Status::failure(u"cannot use TLS certificate '%1'"_s.arg(sc.tlsCertificateFile));
        if (SSL_CTX_use_PrivateKey_file(context.get(), key.constData(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(context.get()) != 1)
            return Status::failure(
                u"cannot use TLS key '%1' with that certificate"_s.arg(sc.tlsKeyFile));
        tls = context;
    }
    security = std::make_unique<Security>(*authenticator, *rules, *names, *origins,
                                          ConnectionLimits::Limits::from(config.security));
    return Status::success();
}

QString HubPrivate::refuseUpgrade(const Net::HttpRequest &request, const QHostAddress &) const
{
    const QString origin = QString::fromUtf8(request.header("origin"));
    if (security && !origin.isEmpty() && !security->origins.allows(origin))
        return u"origin '%1' is not allowed"_s.arg(origin);
    return {};
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

AuthResult HubPrivate::authenticate(const ConnectionRequest &request) const
{
    if (authenticator)
        return authenticator(request); // the embedding application decides
    if (security)
        return security->authenticator.authenticate(request);
    return defaultAuthenticate(request);
}

AuthResult HubPrivate::verifyToken(const QString &token, const Transport &transport) const
{
    ConnectionRequest request;
    request.url = transport.requestUrl();
    request.peerAddress = transport.peerAddress();
    request.origin = transport.origin();
    request.token = token;
    return authenticate(request);
}

Status HubPrivate::validateChannelName(const QString &channel) const
{
    return security ? security->names.validate(channel) : Status::success();
}

std::unique_ptr<Session> HubPrivate::openSession(Shard &shard, Net::Connection &connection,
                                                 const Net::HttpRequest &)
{
    ConnectionRequest request;
    request.url = connection.requestUrl();
    request.peerAddress = connection.peerAddress();
    request.origin = connection.origin();
    const QUrlQuery query(request.url);
    request.token = query.queryItemValue(u"token"_s, QUrl::FullyDecoded);

    const AuthResult auth = authenticate(request);
    // No token in the URL: it may still come in a first `connect` frame.
    const bool awaitConnect = !auth.accepted && request.token.isEmpty();
    if (!auth.accepted && !awaitConnect) {
        // Tokens are never logged, only why they were refused.
        qCInfo(lcHub).noquote() << "refused" << request.peerAddress.toString()
                                << "reason:" << auth.reason;
        shard.counters().closed(Wire::CloseCode::AuthFailed);
        connection.close(Wire::CloseCode::AuthFailed, auth.reason);
        return nullptr;
    }

    Wire::Dialect dialect = Wire::Dialect::Herald;
    const QString protocol = query.queryItemValue(u"protocol"_s);
    if (protocol == "raw"_L1 || rawUserRouted(query))
        dialect = Wire::Dialect::Raw;
    else if (protocol == "rooms"_L1)
        dialect = Wire::Dialect::Rooms;

    auto record = std::make_shared<SessionRecord>();
    record->id = instanceId + u'-' + QString::number(++connectionCounter, 36);
    record->identity = auth.identity;
    record->peer = request.peerAddress.toString();
    record->dialect = dialect == Wire::Dialect::Raw     ? u"raw"_s
                      : dialect == Wire::Dialect::Rooms ? u"rooms"_s
                                                        : u"herald"_s;
    record->connectedAtMs = now();
    record->shard = shard.index();
    auto session =
        std::make_unique<Session>(*this, shard, connection, record, dialect, auth.accepted);
    if (auth.accepted)
        admit(*session, request.url);
    return session;
}

void HubPrivate::admit(Session &session, const QUrl &url)
{
    const std::shared_ptr<SessionRecord> &record = session.record();
    const Identity &identity = record->identity;
    if (security) {
        if (const Status admitted = security->limits.admit(identity); !admitted) {
            qCInfo(lcHub).noquote() << "refused" << record->id << "user" << identity.userId
                                    << "reason:" << admitted.reason();
            session.close(Wire::CloseCode::TooManyConnections, admitted.reason());
            return;
        }
    }
    session.setAdmitted();
    {
        std::lock_guard lock(registryMutex);
        registry.insert(record->id, record);
    }
    const int count = ++sessions;
    qCInfo(lcHub).noquote() << "connect" << record->id << "user" << identity.userId << "peer"
                            << record->peer;
    notify([this, connectionId = record->id, identity, count] {
        emit q->clientConnected(connectionId, identity);
        emit q->connectionCountChanged(count);
    });
    if (!identity.tenant.isEmpty())
        session.follow(kTenantChannel, true);
    announceTenant(session, true);
    if (shuttingDown) {
        session.close(Wire::CloseCode::GoingAway, u"hub shutting down"_s);
        return;
    }
    // ?c=a&c=b subscribes at once, as seed 000's clients expect.
    Wire::Subscribe subscribe;
    const QUrlQuery query(url);
    for (const QString &channel : query.allQueryItemValues(u"c"_s, QUrl::FullyDecoded)) {
        if (!channel.isEmpty() && !subscribe.channels.contains(channel))
            subscribe.channels.append(channel);
    }
    if (!subscribe.channels.isEmpty())
        session.execute(Wire::Request{QJsonValue(), subscribe});
    if (rawUserRouted(query)) {
        // Seed 004: the connection gets its user's events, nothing else.
        QString channel = config.rawUserRoute;
        session.follow(channel.replace(u"{user_id}"_s, identity.userId));
    }
}

bool HubPrivate::rawUserRouted(const QUrlQuery &query) const
{
    return !config.rawUserRoute.isEmpty() && query.hasQueryItem(u"user_id"_s) &&
           !query.hasQueryItem(u"c"_s) && !query.hasQueryItem(u"protocol"_s);
}

void HubPrivate::announceTenant(const Session &session, bool joined)
{
    // Seed 001: a tenant's members hear of each other on the tenant's own
    // channel. A publication, so it crosses hubs like any other.
    const Identity &identity = session.identity();
    if (identity.tenant.isEmpty())
        return;
    const auto channel = TenantKey::toKey(identity.tenant, kTenantChannel);
    if (!channel)
        return;
    const QJsonObject data{{u"user_id"_s, identity.userId},
                           {u"user_name"_s, identity.userName},
                           {u"connection_id"_s, session.connectionId()}};
    const QString event = joined ? u"tenant.user_joined"_s : u"tenant.user_left"_s;
    if (broker.isRemote(*channel))
        publishRemote(*channel, event, data, Wire::Sender(), {});
    else
        broker.publish(*channel, event, data, Wire::Sender());
}

void HubPrivate::sessionClosed(Session *session, int code, const QString &reason)
{
    if (!session->isAdmitted())
        return; // never counted in: refused, or no connect frame came
    {
        std::lock_guard lock(registryMutex);
        registry.remove(session->connectionId());
    }
    if (security)
        security->limits.release(session->identity());
    announceTenant(*session, false);
    const int count = --sessions;
    qCInfo(lcHub).noquote() << "disconnect" << session->connectionId() << "user"
                            << session->identity().userId << "code" << code
                            << (reason.isEmpty() ? QString() : u"reason: "_s + reason);
    notify([this, connectionId = session->connectionId(), code, count] {
        emit q->clientDisconnected(connectionId, code);
        emit q->connectionCountChanged(count);
        if (shuttingDown && count == 0)
            emit q->shutdownFinished();
    });
}

void HubPrivate::startBackplane()
{
    if (backplane || config.redisUrl.isEmpty())
        return;
    RedisBackplane::Options options;
    options.link.url = *RedisUrl::parse(config.redisUrl); // checked by HubConfig::validate()
    options.link.clientName = "herald-hub";
    options.hubId = instanceId;
    options.historySize = config.historySize;
    options.historyTtlMs = config.historyTtl.count();
    options.required = config.redisRequired;
    options.presenceHeartbeatMs = int(config.presenceHeartbeat.count());
    backplane = std::make_unique<RedisBackplane>(options);
    RedisBackplane *b = backplane.get();
    QObject::connect(b, &RedisBackplane::channelSynced, q,
                     [this](const QString &channel, const Wire::Position &position,
                            const QList<Wire::Publication> &history) {
                         broker.sync(channel, position, history);
                         for (const Waiter &waiter : waiting.take(channel)) {
                             waiter.shard->withSession(waiter.connectionId,
                                                       [](Session &s) { s.resumePending(); });
                         }
                     });
    QObject::connect(b, &RedisBackplane::publicationReceived, q,
                     [this](const Wire::Publication &publication) { broker.receive(publication); });
    QObject::connect(b, &RedisBackplane::publicationsLost, q,
                     [this](const QString &channel, quint64 first, quint64 last) {
                         qCWarning(lcHub).noquote()
                             << "backplane lost seqs" << first << "to" << last << "of" << channel;
                         broker.lose(channel, first, last);
                     });
    QObject::connect(b, &RedisBackplane::memberJoined, q,
                     [this](const QString &channel, const Wire::Sender &member) {
                         broker.presenceChanged(channel, true, member);
                     });
    QObject::connect(b, &RedisBackplane::memberLeft, q,
                     [this](const QString &channel, const Wire::Sender &member) {
                         broker.presenceChanged(channel, false, member);
                     });
    QObject::connect(b, &RedisBackplane::stateChanged, q, [this](RedisBackplane::State state) {
        const bool up = state == RedisBackplane::State::Up;
        backplaneUp = up;
        if (up)
            qCInfo(lcHub).noquote()
                << "backplane up:" << RedisUrl::parse(config.redisUrl)->toDisplayString();
        else
            qCWarning(lcHub).noquote() << "backplane down:" << backplane->errorString();
        emit q->backplaneStateChanged(up);
    });
    QObject::connect(b, &RedisBackplane::startFailed, q, [this](const QString &reason) {
        qCCritical(lcHub).noquote() << "backplane required but unavailable:" << reason;
        emit q->backplaneFailed(reason);
    });
    backplane->start();
}

void HubPrivate::publishRemote(const QString &channel, const QString &event, const QJsonValue &data,
                               const Wire::Sender &sender, SeqCallback done)
{
    const QString id = broker.newPublicationId();
    QMetaObject::invokeMethod(
        q,
        [this, channel, event, data, sender, id, done = std::move(done)] {
            backplane->publish(channel, event, data, sender, id,
                               [done](const Result<Wire::Position> &position) {
                                   if (!done)
                                       return;
                                   if (position)
                                       done(position->seq);
                                   else
                                       done(Result<quint64>::failure(position.reason()));
                               });
        },
        Qt::QueuedConnection);
}

void HubPrivate::readRemote(const QString &channel, std::optional<quint64> since, int limit,
                            RedisBackplane::HistoryCallback done)
{
    QMetaObject::invokeMethod(
        q,
        [this, channel, since, limit, done = std::move(done)] {
            backplane->read(channel, since, limit, done);
        },
        Qt::QueuedConnection);
}

void HubPrivate::membersRemote(const QString &channel, RedisBackplane::MembersCallback done)
{
    QMetaObject::invokeMethod(
        q, [this, channel, done = std::move(done)] { backplane->members(channel, done); },
        Qt::QueuedConnection);
}

void HubPrivate::whenReady(const QStringList &channels, Shard *shard, const QString &connectionId)
{
    QMetaObject::invokeMethod(
        q,
        [this, channels, shard, connectionId] {
            bool all = true;
            for (const QString &channel : channels) {
                if (!broker.isReady(channel)) {
                    waiting[channel].append(Waiter{shard, connectionId});
                    all = false;
                }
            }
            if (all)
                shard->withSession(connectionId, [](Session &s) { s.resumePending(); });
        },
        Qt::QueuedConnection);
}

void HubPrivate::publishStats()
{
    if (backplane)
        backplaneLagMs = std::max<qint64>(0, backplane->stats().lagMs);
    // Only while an administrator listens: the snapshot is not free.
    if (broker.subscriberCount(kStatsChannel) == 0)
        return;
    constexpr int kChannelLimit = 2000;
    const QList<ChannelStats> channels = broker.channelStats();
    QJsonObject snapshot{{u"hub"_s, StatsJson::hub(q->stats(), now())},
                         {u"channels"_s, StatsJson::channels(channels, kChannelLimit)}};
    if (channels.size() > kChannelLimit)
        snapshot.insert(u"channels_truncated"_s, true);
    broker.publish(kStatsChannel, u"stats"_s, snapshot, Wire::Sender());
}

QByteArray HubPrivate::handleHttp(const Net::HttpRequest &request, const QHostAddress &peer,
                                  HttpApi::Respond later)
{
    return http.handle(request, peer, std::move(later));
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
    if (d->listener && d->listener->isListening())
        return Status::failure(u"already listening on port %1"_s.arg(d->listener->serverPort()));
    if (!d->listener) {
        d->listener = new Listener([this](qintptr fd) { d->dispatchConnection(fd); }, this);
        // Bursts of connections must not overflow the kernel's accept queue.
        d->listener->setListenBacklogSize(4096);
        d->listener->setMaxPendingConnections(1024);
    }
    if (!d->security) {
        if (const Status built = d->buildSecurity(); !built)
            return built;
    }
    d->startShards();
    d->startBackplane();
    if (!d->listener->listen(address, port))
        return Status::failure(u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                                   .arg(port)
                                   .arg(d->listener->errorString()));
    d->shuttingDown = false;
    const bool ownTables = std::any_of(d->handoffs.begin(), d->handoffs.end(),
                                       [](const HubPrivate::Handoff &h) { return h.socket >= 0; });
    qCInfo(lcHub).noquote() << "listening on" << url().toString() << "with" << d->shards.size()
                            << (d->shards.size() == 1 ? u"thread"_s
                                : ownTables           ? u"threads, a descriptor table each"_s
                                                      : u"threads"_s);
    return Status::success();
}

bool Hub::isListening() const
{
    return d->listener && d->listener->isListening();
}

quint16 Hub::serverPort() const
{
    return d->listener ? d->listener->serverPort() : 0;
}

QHostAddress Hub::serverAddress() const
{
    return d->listener ? d->listener->serverAddress() : QHostAddress();
}

QUrl Hub::url() const
{
    QUrl url;
    url.setScheme(d->tls ? u"wss"_s : u"ws"_s);
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
    if (d->listener)
        d->listener->close();
    d->dropQueuedHandoffs();
    qCInfo(lcHub) << "shutting down," << d->sessions.load() << "clients to close";
    if (d->sessions == 0)
        QMetaObject::invokeMethod(this, &Hub::shutdownFinished, Qt::QueuedConnection);
    for (const auto &shard : d->shards) {
        Shard *target = shard.get();
        QMetaObject::invokeMethod(
            target, [target] { target->shutdown(); }, Qt::AutoConnection);
    }
}

Result<quint64> Hub::publish(const QString &channel, const QString &event, const QJsonValue &data)
{
    if (channel.isEmpty())
        return Result<quint64>::failure(u"channel name must not be empty"_s);
    if (event.isEmpty() || Wire::Codec::isReservedEvent(event))
        return Result<quint64>::failure(u"'%1' cannot be used as an event name"_s.arg(event));
    ++d->apiPublications;
    if (d->remote() && d->broker.isRemote(channel)) {
        d->publishRemote(channel, event, data, Wire::Sender(), {});
        return quint64(0);
    }
    return d->broker.publish(channel, event, data, Wire::Sender())->seq();
}

void Hub::publish(const QString &channel, const QString &event, const QJsonValue &data,
                  std::function<void(const Result<quint64> &)> done)
{
    if (channel.isEmpty() || event.isEmpty() || Wire::Codec::isReservedEvent(event)) {
        const auto refusal = publish(channel, event, data); // says why
        QMetaObject::invokeMethod(
            this, [done, refusal] { done(refusal); }, Qt::QueuedConnection);
        return;
    }
    ++d->apiPublications;
    if (d->remote() && d->broker.isRemote(channel)) {
        d->publishRemote(channel, event, data, Wire::Sender(), std::move(done));
        return;
    }
    const Result<quint64> seq = d->broker.publish(channel, event, data, Wire::Sender())->seq();
    QMetaObject::invokeMethod(
        this, [done, seq] { done(seq); }, Qt::QueuedConnection);
}

HubStats Hub::stats() const
{
    HubStats stats;
    stats.version = QStringLiteral(HERALD_VERSION);
    stats.startedAtMs = d->startedAtMs;
    stats.connections = d->sessions;
    stats.channels = d->broker.channelCount();
    stats.threads = int(std::max<std::size_t>(1, d->shards.size()));
    stats.publications = d->apiPublications;
    auto load = [](const Counters::Count &count) { return count.load(std::memory_order_relaxed); };
    stats.messageSizeBounds = {Counters::kSizeBounds.begin(), Counters::kSizeBounds.end()};
    stats.messageSizeCounts.fill(0, qsizetype(Counters::kSizeBounds.size() + 1));
    for (const auto &shard : d->shards) {
        const Counters &c = shard->counters();
        stats.connectionsAccepted += load(c.accepted);
        stats.connectionsDropped += load(c.dropped);
        stats.messagesIn += load(c.messagesIn);
        stats.messagesOut += load(c.messagesOut);
        stats.bytesIn += load(c.bytesIn);
        stats.bytesOut += load(c.bytesOut);
        stats.publications += load(c.publications);
        stats.deliveries += load(c.deliveries);
        stats.rateLimited += load(c.rateLimited);
        for (int i = 0; i < Counters::kErrorCodes; ++i) {
            if (const quint64 n = load(c.errors[std::size_t(i)]))
                stats.errorsByCode[Wire::errorCodeName(Wire::ErrorCode(i))] += n;
        }
        for (std::size_t i = 0; i < c.closes.size(); ++i) {
            if (const quint64 n = load(c.closes[i]))
                stats.closesByCode[i < Counters::kCloseCodes.size() ? Counters::kCloseCodes[i]
                                                                    : 0] += n;
        }
        for (std::size_t i = 0; i < c.sizes.size(); ++i)
            stats.messageSizeCounts[qsizetype(i)] += load(c.sizes[i]);
        stats.messageSizeSum += load(c.sizeSum);
    }
    stats.connectionsDropped += d->handoffsDropped.load(std::memory_order_relaxed);
    stats.slowConsumers = stats.closesByCode.value(Wire::CloseCode::SlowConsumer);
    if (d->remote()) {
        stats.backplane = u"redis"_s;
        stats.backplaneUp = d->backplaneUp;
        stats.backplaneLagMs = d->backplaneLagMs;
    }
    return stats;
}

QList<ChannelStats> Hub::channelStats() const
{
    return d->broker.channelStats();
}

QList<ConnectionStats> Hub::connectionStats() const
{
    QList<ConnectionStats> result;
    std::lock_guard lock(d->registryMutex);
    result.reserve(d->registry.size());
    for (const auto &record : std::as_const(d->registry)) {
        result.append(ConnectionStats{
            record->id, record->identity.userId, record->identity.userName, record->identity.tenant,
            record->peer, record->dialect, record->subscriptions.load(), record->messagesIn.load(),
            record->messagesOut.load(), record->connectedAtMs});
    }
    std::sort(result.begin(), result.end(), [](const ConnectionStats &a, const ConnectionStats &b) {
        return a.connectedAtMs != b.connectedAtMs ? a.connectedAtMs < b.connectedAtMs : a.id < b.id;
    });
    return result;
}

bool Hub::disconnect(const QString &connectionId, int closeCode, const QString &reason)
{
    int shardIndex = -1;
    {
        std::lock_guard lock(d->registryMutex);
        if (const auto record = d->registry.value(connectionId))
            shardIndex = record->shard;
    }
    if (shardIndex < 0 || std::size_t(shardIndex) >= d->shards.size())
        return false;
    Shard *shard = d->shards[std::size_t(shardIndex)].get();
    QMetaObject::invokeMethod(
        shard,
        [shard, connectionId, closeCode, reason] {
            shard->closeSession(connectionId, closeCode, reason);
        },
        Qt::AutoConnection);
    return true;
}

int Hub::connectionCount() const
{
    return d->sessions;
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
    return d->broker.position(channel).seq;
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
