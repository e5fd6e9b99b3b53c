#pragma once

#include "broker.h"
#include "http/httpapi.h"
#include "net/descriptortable.h"
#include "net/httprequest.h"
#include "redis/redisbackplane.h"
#include "security/accessrules.h"
#include "security/channelnamevalidator.h"
#include "security/connectionauthenticator.h"
#include "security/connectionlimits.h"
#include "security/originpolicy.h"
#include "sessionrecord.h"

#include <herald/hub.h>

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTimer>
#include <QUrlQuery>

#include <QHash>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
class QThread;
QT_END_NAMESPACE

struct ssl_ctx_st;

Q_DECLARE_LOGGING_CATEGORY(lcHub)

namespace Herald {

class Session;
class Transport;
class Shard;
namespace Net {
class Connection;
}

/// Accepts sockets in the hub's thread and hands each to a shard.
class Listener final : public QTcpServer
{
public:
    explicit Listener(std::function<void(qintptr)> dispatch, QObject *parent)
        : QTcpServer(parent)
        , m_dispatch(std::move(dispatch))
    {}

protected:
    void incomingConnection(qintptr descriptor) override { m_dispatch(descriptor); }

private:
    std::function<void(qintptr)> m_dispatch;
};

class HubPrivate
{
public:
    static inline const QString kStatsChannel = QStringLiteral("$sys.stats");
    /// Where a tenant's members hear tenant.user_joined/left (seed 001):
    /// every connection of the tenant is on it, hidden, from the start.
    static inline const QString kTenantChannel = QStringLiteral("$tenant");

    HubPrivate(Hub *hub, const HubConfig &config);
    ~HubPrivate();

    qint64 now() const { return broker.now(); }
    std::chrono::milliseconds housekeepingInterval() const;
    bool authorize(const Identity &identity, Action action, const QString &channel) const;
    AuthResult authenticate(const ConnectionRequest &request) const;
    /// A token from a connect or refresh frame, checked like ?token=.
    AuthResult verifyToken(const QString &token, const Transport &transport) const;
    Status validateChannelName(const QString &channel) const;
    /// Counts a session in once it has an identity: limits, registry,
    /// signals, tenant events, ?c= channels. May close it (4004).
    void admit(Session &session, const QUrl &url);
    void announceTenant(const Session &session, bool joined);
    bool rawUserRouted(const QUrlQuery &query) const;
    Status buildSecurity();

    // Called from shard threads.
    /// Why an upgrade may not proceed (e.g. its Origin), or empty.
    QString refuseUpgrade(const Net::HttpRequest &request, const QHostAddress &peer) const;
    std::unique_ptr<Session> openSession(Shard &shard, Net::Connection &connection,
                                         const Net::HttpRequest &request);
    void sessionClosed(Session *session, int code, const QString &reason);
    QByteArray handleHttp(const Net::HttpRequest &request, const QHostAddress &peer,
                          HttpApi::Respond later);

    /// Runs `emitter` in the hub's thread: at once if that is this thread.
    void notify(std::function<void()> emitter);

    // The Redis backplane (remote mode). Callable from any thread; the
    // callbacks run in the hub's thread.
    bool remote() const { return broker.options().remote; }
    using SeqCallback = std::function<void(const Result<quint64> &)>;
    void publishRemote(const QString &channel, const QString &event, const QJsonValue &data,
                       const Wire::Sender &sender, SeqCallback done);
    void readRemote(const QString &channel, std::optional<quint64> since, int limit,
                    RedisBackplane::HistoryCallback done);
    void membersRemote(const QString &channel, RedisBackplane::MembersCallback done);
    /// Tells the session once every channel it waits for can be subscribed.
    void whenReady(const QStringList &channels, Shard *shard, const QString &connectionId);
    void startBackplane();
    void dispatchConnection(qintptr descriptor);
    void startShards();
    void stopShards();
    /// A shard's table was full and a connection was dropped: says so once.
    /// Any thread.
    void reportTableFull(int shard);
    /// Closes the sockets still waiting to be handed to a shard.
    void dropQueuedHandoffs();

    Hub *q;
    HubConfig config;
    Broker broker;
    Listener *listener = nullptr;
    std::vector<std::unique_ptr<Shard>> shards;
    std::vector<QThread *> threads;
    /// How the hub's thread hands accepted sockets to a shard thread that has
    /// a descriptor table of its own (HubConfig::threadDescriptorTables): as
    /// SCM_RIGHTS messages over a socketpair, since a descriptor's number
    /// means nothing in another table. Hub thread only.
    struct Handoff
    {
        int socket = -1;       // the hub's end; -1: the shard shares this table
        std::deque<int> queue; // accepted, waiting for room in the socket
        std::unique_ptr<QSocketNotifier> writable;
        bool retryScheduled = false;
        /// The shard thread's wake-up eventfd: made in the shared table, so
        /// this table keeps a copy after the thread ends, closed then.
        Net::DescriptorTable::EventFd wakeUp;
    };
    std::vector<Handoff> handoffs; // by shard index
    std::atomic<quint64> handoffsDropped{0};
    std::atomic<bool> tableFullReported{false};
    std::size_t nextShard = 0;
    std::atomic<int> sessions{0};
    std::atomic<quint64> connectionCounter{0};
    std::atomic<bool> shuttingDown{false};
    std::atomic<quint64> apiPublications{0};
    qint64 startedAtMs = 0;
    mutable std::mutex registryMutex;
    QHash<QString, std::shared_ptr<SessionRecord>> registry; // by connection id
    Authenticator authenticator;                             // the embedding application's, if set
    Authorizer authorizer;
    /// Built from config.security when the hub starts listening.
    struct Security
    {
        Security(ConnectionAuthenticator a, AccessRules r, ChannelNameValidator n, OriginPolicy o,
                 const ConnectionLimits::Limits &l)
            : authenticator(std::move(a))
            , rules(std::move(r))
            , names(std::move(n))
            , origins(std::move(o))
            , limits(l)
        {}
        ConnectionAuthenticator authenticator;
        AccessRules rules;
        ChannelNameValidator names;
        OriginPolicy origins;
        ConnectionLimits limits; // shared by the shards; locks itself
    };
    std::unique_ptr<Security> security;
    /// wss://: the OpenSSL server context, when a certificate and key are set.
    std::shared_ptr<ssl_ctx_st> tls;
    QTimer sweeper;
    QTimer statsTimer;
    std::unique_ptr<RedisBackplane> backplane; // lives in the hub's thread
    // Mirrors of the backplane's state that any thread may read.
    std::atomic<bool> backplaneUp{false};
    std::atomic<qint64> backplaneLagMs{0};
    struct Waiter
    {
        Shard *shard;
        QString connectionId;
    };
    QHash<QString, QList<Waiter>> waiting; // hub thread: channels being synced
    QString instanceId;
    HttpApi http{*this};

private:
    void publishStats();
    void giveTablesToShards(const std::vector<Net::DescriptorTable::EventFd> &wakeUps);
    void handOff(std::size_t shard, int descriptor);
    void flushHandoff(std::size_t shard);
    void closeHandoff(Handoff &handoff);
    AuthResult defaultAuthenticate(const ConnectionRequest &request) const;
};

} // namespace Herald
