#pragma once

#include "redisreply.h"
#include "redisurl.h"

#include <herald/result.h>

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <utility>
#include <vector>

class QTcpSocket;
class QTimer;
struct redisReader;

namespace Herald {

/// One connection to Redis, driven by the event loop of the thread it lives
/// in: hiredis parses the replies, Qt does the I/O and the timers (connect
/// and command timeouts, heartbeat PINGs, reconnects with backoff).
///
/// Commands issued during one event-loop turn go out in one write, and
/// their callbacks run in the order the commands were issued. A callback
/// never runs inside command(): it runs later, from the event loop, with
/// the reply or with the reason there is none (a Redis error reply, the
/// link being down, lost or timed out). Destroying the connection drops the
/// callbacks still pending without calling them.
class RedisConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)
    /// A subscriber connection also takes (P)SUBSCRIBE and delivers pushed
    /// messages; Redis allows nothing but those and PING on it.
    enum class Mode { Commands, Subscriber };
    Q_ENUM(Mode)

    struct Options
    {
        RedisUrl url;
        Mode mode = Mode::Commands;
        QByteArray clientName;        // CLIENT SETNAME, so operators see who is who
        int connectTimeoutMs = 2000;  // TCP connect plus AUTH, SELECT and a first PING
        int commandTimeoutMs = 2000;  // the oldest unanswered command; then the link is dropped
        int heartbeatIntervalMs = 0;  // PING after this long with nothing read; 0: never
        int reconnectInitialMs = 100; // first retry delay, doubled per failure, with jitter
        int reconnectMaxMs = 5000;
        bool reconnect = true;
    };

    using Callback = std::function<void(const Result<RedisReply> &)>;

    explicit RedisConnection(Options options, QObject *parent = nullptr);
    ~RedisConnection() override;

    const Options &options() const { return m_options; }
    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected; }
    /// Why the connection last went down or failed to come up.
    QString errorString() const { return m_errorString; }

    /// Connects, and keeps reconnecting after failures until close().
    void open();
    /// Disconnects for good; pending callbacks fail before this returns.
    void close();

    /// Sends one command. While not connected it fails at once (through
    /// the event loop), so a caller learns about an outage instead of
    /// waiting for it to end.
    void command(const QByteArrayList &arguments, Callback callback = {});

    /// Subscriber mode: the sets are kept across reconnects and subscribed
    /// again each time the link comes up; subscribed() confirms each.
    void subscribe(const QByteArrayList &channels);
    void unsubscribe(const QByteArrayList &channels);
    void psubscribe(const QByteArrayList &patterns);
    void punsubscribe(const QByteArrayList &patterns);
    QSet<QByteArray> channels() const { return m_channels; }
    QSet<QByteArray> patterns() const { return m_patterns; }

    /// How many times commands were written to the socket: one per
    /// event-loop turn that issued any, however many it issued.
    quint64 writeCount() const { return m_writeCount; }
    int pendingCount() const { return int(m_pending.size()); }
    /// The round trip of the last PING (handshake or heartbeat); -1 before.
    qint64 roundTripMs() const { return m_roundTripMs; }

signals:
    void stateChanged(RedisConnection::State state);
    void connected();
    void disconnected();
    void errorOccurred(const QString &reason);
    void subscribed(const QByteArray &channel);
    void unsubscribed(const QByteArray &channel);
    void patternSubscribed(const QByteArray &pattern);
    void patternUnsubscribed(const QByteArray &pattern);
    /// Pushed messages, in the order Redis sent them.
    void messageReceived(const QByteArray &channel, const QByteArray &message);
    void patternMessageReceived(const QByteArray &pattern, const QByteArray &channel,
                                const QByteArray &message);

private:
    enum class Kind {
        Command,
        Handshake,
        HandshakeDone, // the handshake's last PING: the link is up once it answers
        Heartbeat,
        Subscribe,
        Unsubscribe,
        PSubscribe,
        PUnsubscribe
    };
    struct Pending
    {
        Kind kind = Kind::Command;
        Callback callback;
        QByteArray name; // channel or pattern for the (un)subscribe kinds, command otherwise
        qint64 issuedMs = 0;
    };

    struct Subscription
    {
        const char *command;
        const char *reply;
        void (RedisConnection::*confirmed)(const QByteArray &);
    };
    static const Subscription &subscription(Kind kind);

    void connectNow();
    void onSocketConnected();
    void onReadyRead();
    void dispatch(const RedisReply &reply);
    void becomeConnected();
    void drop(const QString &reason, bool failure);
    void scheduleReconnect();
    void onTick();
    void setState(State state);

    void enqueue(Kind kind, const QByteArrayList &arguments, Callback callback = {});
    void enqueueSubscription(Kind kind, const QByteArrayList &names);
    void scheduleFlush();
    void flush();
    void failLater(Callback callback, const QString &reason);
    void changeSubscriptions(QSet<QByteArray> &set, const QByteArrayList &names, Kind kind);
    qint64 now() const { return m_clock.elapsed(); }

    Options m_options;
    State m_state = State::Disconnected;
    QString m_errorString;
    bool m_wantOpen = false;

    QTcpSocket *m_socket = nullptr;
    redisReader *m_reader = nullptr;
    QByteArray m_out;
    bool m_flushScheduled = false;
    std::deque<Pending> m_pending;
    std::vector<std::pair<Callback, QString>> m_deferred;
    quint64 m_generation = 0; // bumped on every drop, so stale loops stop

    QSet<QByteArray> m_channels;
    QSet<QByteArray> m_patterns;

    QTimer *m_tick = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QElapsedTimer m_clock;
    qint64 m_connectStartedMs = 0;
    qint64 m_lastReadMs = 0;
    bool m_heartbeatPending = false;
    int m_attempt = 0;

    quint64 m_writeCount = 0;
    qint64 m_roundTripMs = -1;
};

} // namespace Herald
