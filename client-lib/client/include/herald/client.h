#pragma once

#include <herald/client_export.h>
#include <herald/member.h>
#include <herald/message.h>
#include <herald/result.h>
#include <herald/subscription.h>

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <type_traits>

namespace Herald {

class ClientPrivate;

/// A connection to a Herald hub that keeps itself alive: it reconnects with
/// backoff, resubscribes from where each subscription left off, drops
/// duplicates, and queues publications while offline. See docs/client.md.
class HERALD_CLIENT_EXPORT Client : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(QString token READ token WRITE setToken NOTIFY tokenChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(int latency READ latency NOTIFY latencyChanged)
    Q_PROPERTY(
        int reconnectDelay READ reconnectDelay WRITE setReconnectDelay NOTIFY reconnectDelayChanged)
    Q_PROPERTY(int maxReconnectDelay READ maxReconnectDelay WRITE setMaxReconnectDelay NOTIFY
                   maxReconnectDelayChanged)
    Q_PROPERTY(int heartbeatInterval READ heartbeatInterval WRITE setHeartbeatInterval NOTIFY
                   heartbeatIntervalChanged)
    Q_PROPERTY(int heartbeatTimeout READ heartbeatTimeout WRITE setHeartbeatTimeout NOTIFY
                   heartbeatTimeoutChanged)
    Q_PROPERTY(int maxQueuedPublishes READ maxQueuedPublishes WRITE setMaxQueuedPublishes NOTIFY
                   maxQueuedPublishesChanged)
    Q_PROPERTY(int queuedPublishes READ queuedPublishes NOTIFY queuedPublishesChanged)

public:
    enum class State {
        Disconnected, // not opened, closed, or refused for good (4001)
        Connecting,   // open() called, first connection not up yet
        Connected,    // the hub answered on the current connection
        Reconnecting, // the connection was lost; retrying with backoff
    };
    Q_ENUM(State)

    explicit Client(QObject *parent = nullptr);
    ~Client() override;

    /// The hub's WebSocket URL, e.g. ws://127.0.0.1:8080/ws. Read at each
    /// connection attempt.
    QUrl url() const;
    void setUrl(const QUrl &url);
    /// Sent as ?token= at each connection attempt; empty: none.
    QString token() const;
    void setToken(const QString &token);

    State state() const;
    /// Round trip of the last heartbeat ping, in ms; -1 before the first.
    int latency() const;

    /// The first retry's delay in ms (default 1000). Each further attempt
    /// doubles it up to maxReconnectDelay; each delay is then jittered down
    /// by up to half, so clients dropped together do not return together.
    int reconnectDelay() const;
    void setReconnectDelay(int ms);
    /// The cap on the backoff delay in ms (default 60000).
    int maxReconnectDelay() const;
    void setMaxReconnectDelay(int ms);
    /// How often to ping the hub while connected, in ms (default 15000).
    int heartbeatInterval() const;
    void setHeartbeatInterval(int ms);
    /// How long the hub may stay silent after a ping, or during the opening
    /// handshake, before the connection counts as dead (default 10000 ms).
    int heartbeatTimeout() const;
    void setHeartbeatTimeout(int ms);
    /// How many publications may wait for a connection (default 1000).
    int maxQueuedPublishes() const;
    void setMaxQueuedPublishes(int count);
    /// How many publications wait for a connection right now.
    int queuedPublishes() const;

    /// Subscribes to a channel (at once if connected, else on connecting)
    /// and returns its Subscription; the same one if already subscribed.
    Subscription *subscribe(const QString &channel);
    /// The same, with options (hidden, no presence events). An existing
    /// subscription is returned as it is: its options do not change.
    Subscription *subscribe(const QString &channel, Subscription::Options options);
    /// Unsubscribes; the Subscription emits unsubscribed() and is deleted
    /// later. Does nothing if not subscribed.
    void unsubscribe(const QString &channel);
    /// The live subscription of a channel, or nullptr.
    Subscription *subscription(const QString &channel) const;
    QList<Subscription *> subscriptions() const;

    /// Publishes `data` as event `event` on `channel`. Returns the request id
    /// that published() or errorReceived() will carry, or why it could not
    /// be sent: a bad channel or event name, or a full offline queue. While
    /// not connected, the publication waits in a bounded queue and is sent,
    /// in order, once connected.
    Result<QString> publish(const QString &channel, const QJsonValue &data,
                            const QString &event = QStringLiteral("message"));
    /// Asks for stored publications after seq `since` (-1: the newest), at
    /// most `limit` (0: as many as the hub keeps). Answered by
    /// historyReceived() or errorReceived(); returns the request id, or why
    /// it could not be sent (not connected).
    Result<QString> history(const QString &channel, qint64 since = -1, int limit = 0);
    /// Asks who is on a channel; answered by presenceReceived().
    Result<QString> presence(const QString &channel);
    /// Sends a request the client has no method for: the hub's extensions,
    /// such as the admin requests "admin.connections" and "admin.disconnect"
    /// (docs/protocol.md). Answered by replyReceived() or errorReceived()
    /// with the returned id. Fails without sending when not connected, when
    /// `type` is one the client speaks itself (subscribe, publish, history,
    /// ...: use their methods), or when `data` is malformed for a type the
    /// codec knows. Types the codec does not know go out as given.
    Result<QString> request(const QString &type, const QJsonObject &data = {});

    /// Calls `functor` for every publication whose type is `eventType`
    /// (e.g. "memory.created") until `context` is destroyed or the returned
    /// connection is disconnected. The functor takes a const Message & or
    /// nothing; it may also be a member function of `context`.
    template<typename Context, typename Functor>
    QMetaObject::Connection on(const QString &eventType, const Context *context, Functor functor)
    {
        static_assert(std::is_base_of_v<QObject, Context>, "the context must be a QObject");
        return connect(
            this, &Client::messageReceived, context,
            [eventType, context, functor](const Herald::Message &message) {
                if (message.type() != eventType)
                    return;
                auto *target = const_cast<Context *>(context);
                if constexpr (std::is_member_function_pointer_v<Functor>) {
                    if constexpr (std::is_invocable_v<Functor, Context *, const Message &>)
                        std::invoke(functor, target, message);
                    else
                        std::invoke(functor, target);
                } else if constexpr (std::is_invocable_v<const Functor &, const Message &>) {
                    Q_UNUSED(target);
                    functor(message);
                } else {
                    Q_UNUSED(target);
                    functor();
                }
            });
    }

public Q_SLOTS:
    /// Connects, and keeps reconnecting until close() (or a 4001 refusal).
    void open();
    /// Closes the connection and stops reconnecting. Queued publications
    /// stay queued for the next open().
    void close();

Q_SIGNALS:
    void connected();
    /// A connection the hub had accepted ended: the hub's close code
    /// (PROTOCOL.md, "Close codes"), or 1006 when it just went away.
    void disconnected(int closeCode, const QString &reason);
    /// Retry number `attempt` starts in `delayMs`.
    void reconnecting(int attempt, int delayMs);
    void stateChanged(Herald::Client::State state);
    void urlChanged(const QUrl &url);
    void tokenChanged(const QString &token);
    void latencyChanged(int latency);
    void reconnectDelayChanged(int ms);
    void maxReconnectDelayChanged(int ms);
    void heartbeatIntervalChanged(int ms);
    void heartbeatTimeoutChanged(int ms);
    void maxQueuedPublishesChanged(int count);
    void queuedPublishesChanged(int count);

    /// A publication on any subscribed channel, once, in seq order per channel.
    void messageReceived(const Herald::Message &message);
    void presenceJoined(const QString &channel, const Herald::Member &member);
    void presenceLeft(const QString &channel, const Herald::Member &member);
    void historyReceived(const QString &channel, const QList<Herald::Message> &messages,
                         const QString &requestId);
    void presenceReceived(const QString &channel, const QList<Herald::Member> &members,
                          const QString &requestId);
    /// The hub acknowledged publish() request `requestId` with the seq it gave.
    void published(const QString &requestId, const QString &channel, quint64 seq);
    /// An `error` frame (code as in PROTOCOL.md, "Errors"), or
    /// "connection_lost" for a request whose answer was lost with its
    /// connection (a publish may or may not have been delivered then).
    void errorReceived(const QString &code, const QString &message, const QString &requestId);
    /// A hub frame that is neither a publication nor a standard reply: the
    /// answer to request() `requestId` (e.g. "admin.connections"), or, with
    /// an empty id, a frame the hub sent unasked that no subscription takes.
    void replyReceived(const QString &type, const QJsonObject &data, const QString &requestId);

private:
    friend class ClientPrivate;
    std::unique_ptr<ClientPrivate> d;
};

} // namespace Herald
