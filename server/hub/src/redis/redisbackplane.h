#pragma once

#include "rediscodec.h"
#include "redisconnection.h"
#include "redisscript.h"

#include <herald/result.h>
#include <herald/wire/publication.h>
#include <herald/wire/reply.h>

#include <QElapsedTimer>
#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace Herald {

/// What several hubs share through Redis: sequence numbers, epochs and
/// history per channel, the fan-out of publications, and presence.
///
/// One per hub; it and everything it calls back live in the thread it
/// belongs to, and every signal and callback arrives there, from that
/// thread's event loop (never inside the call that asked for it).
///
/// Delivery: for each watched channel, channelSynced() first gives a
/// position and the history up to it; then publicationReceived() brings
/// every later seq exactly once, in order, gaps (a link that was down) filled
/// from the stream. Seqs that can no longer be filled are named by
/// publicationsLost(); a channel whose state Redis lost (restart without
/// persistence, expiry) starts again with channelSynced() at seq 0 and its
/// new epoch. Presence changes come in the same stream, in order with the
/// publications around them.
class RedisBackplane : public QObject
{
    Q_OBJECT
public:
    enum class State { Down, Up };
    Q_ENUM(State)

    struct Options
    {
        /// Where Redis is, timeouts, backoff; both links use it. The
        /// subscriber link PINGs after heartbeatIntervalMs of silence (0 here
        /// means 1000 ms), so a dead link is noticed without traffic.
        RedisConnection::Options link;
        QString keyPrefix = QStringLiteral("herald");
        QString hubId;                // names this hub's presence entries; random if empty
        int historySize = 100;        // stream length per channel (exact)
        qint64 historyTtlMs = 300000; // keys of a channel nobody publishes to or watches; 0: keep
        int presenceHeartbeatMs = 5000;
        int presenceTtlMs = 0; // a dead hub's members go after this; 0: 3 heartbeats
        bool required = false; // the first failure to reach Redis is final: startFailed()
    };

    struct History
    {
        Wire::Position position; // the channel's newest seq and epoch, read with the range
        QList<Wire::Publication> publications; // oldest first
    };

    struct Stats
    {
        State state = State::Down;
        qint64 lagMs = -1;  // publish to receipt of our own publication, last seen
        qint64 pingMs = -1; // round trip of the subscriber link's last PING
        quint64 published = 0;
        quint64 publishFailed = 0;
        quint64 received = 0; // publications emitted by publicationReceived()
        quint64 filled = 0;   // of which read back from the streams to fill a gap
        quint64 lost = 0;     // seqs reported by publicationsLost()
        quint64 reconnects = 0;
        int watched = 0;
    };

    using PositionCallback = std::function<void(const Result<Wire::Position> &)>;
    using HistoryCallback = std::function<void(const Result<History> &)>;
    using MembersCallback = std::function<void(const Result<QList<Wire::MemberSummary>> &)>;
    using StatusCallback = std::function<void(const Status &)>;

    explicit RedisBackplane(Options options, QObject *parent = nullptr);
    ~RedisBackplane() override;

    const Options &options() const { return m_options; }
    QString hubId() const { return m_hubId; }
    State state() const { return m_state; }
    bool isUp() const { return m_state == State::Up; }
    QString errorString() const { return m_errorString; }
    Stats stats() const;

    /// Connects, and keeps reconnecting until destroyed.
    void start();

    /// Gives the publication the channel's next seq, keeps it in the
    /// channel's history and sends it to every hub watching the channel
    /// (this one included), in one atomic step. The callback gets the seq
    /// and epoch, or the reason it failed; a failure after the command was
    /// sent says the outcome is unknown (it may still be delivered).
    void publish(const QString &channel, const QString &event, const QJsonValue &data,
                 const Wire::Sender &sender, const QString &id, PositionCallback callback = {});

    /// Starts or stops receiving a channel's publications and presence
    /// changes. Watch the channels this hub has local subscribers on.
    void watch(const QString &channel);
    void unwatch(const QString &channel);
    bool isWatching(const QString &channel) const { return m_watches.contains(channel); }
    /// Whether channelSynced() has come for a watched channel.
    bool isSynced(const QString &channel) const;

    /// History: with `since`, the first `limit` publications after it; without,
    /// the newest `limit`; oldest first, with the position read at the same
    /// instant. A channel Redis has no state for gets one (seq 0, new epoch).
    void read(const QString &channel, std::optional<quint64> since, int limit,
              HistoryCallback callback);
    void position(const QString &channel, PositionCallback callback);

    /// Presence: `member.connectionId` names the entry. This hub refreshes
    /// its entries every heartbeat; if it stops (killed), every hub sees
    /// them leave within presenceTtlMs plus one heartbeat.
    void join(const QString &channel, const Wire::Sender &member, StatusCallback callback = {});
    void leave(const QString &channel, const QString &connectionId, StatusCallback callback = {});
    /// Members cluster-wide, one entry per user with its connection count.
    void members(const QString &channel, MembersCallback callback);

signals:
    void stateChanged(RedisBackplane::State state);
    void errorOccurred(const QString &reason);
    /// Required mode only: Redis could not be reached at start; give up.
    void startFailed(const QString &reason);

    /// A watched channel's state to start from: everything up to `position`
    /// is in `history` (its newest publications, oldest first, as far as
    /// kept); publicationReceived() continues at position.seq + 1.
    void channelSynced(const QString &channel, const Herald::Wire::Position &position,
                       const QList<Herald::Wire::Publication> &history);
    void publicationReceived(const Herald::Wire::Publication &publication);
    /// Seqs [firstSeq, lastSeq] of the current epoch were published but are
    /// gone from history before this hub could fetch them.
    void publicationsLost(const QString &channel, quint64 firstSeq, quint64 lastSeq);
    void memberJoined(const QString &channel, const Herald::Wire::Sender &member);
    void memberLeft(const QString &channel, const Herald::Wire::Sender &member);

private:
    struct Held
    {
        RedisCodec::Message message;
        quint64 arrival = 0; // order of arrival, to tell what a finished read already saw
    };
    struct Watch
    {
        enum class Phase { Subscribing, Syncing, Live };
        QString channel;
        QByteArray topic; // the pub/sub channel
        Phase phase = Phase::Subscribing;
        bool removed = false;    // unwatched while a read was in flight
        bool subscribed = false; // confirmed since the subscriber link last came up
        bool fetching = false;
        bool needsFetch = false;
        quint64 fetchArrival = 0; // arrivals before this were seen by the read in flight
        QString epoch;
        quint64 delivered = 0; // last seq emitted
        std::deque<Held> held; // arrived while a read was in flight, or behind a gap
    };
    using WatchPtr = std::shared_ptr<Watch>;

    QByteArray key(const QString &channel, const char *suffix) const;
    QByteArray topic(const QString &channel) const { return key(channel, "events"); }
    QByteArray memberId(const QString &connectionId) const;
    static QByteArray newEpoch();

    void updateState();
    void onCommandsConnected();
    void onLinkError(const QString &reason);
    void onSubscribed(const QByteArray &topic);
    void onSubscriberDown();
    void onMessage(const QByteArray &topic, const QByteArray &payload);
    void onHeartbeat();
    void refreshPresence(const QString &channel);
    void keepWatchedAlive();

    void readRange(const QString &channel, const QByteArray &since, int limit,
                   const QString &knownEpoch, HistoryCallback callback);
    void fetch(const WatchPtr &watch);
    void onFetched(const WatchPtr &watch, bool initial, int limit, const Result<History> &result);
    void drain(const WatchPtr &watch);
    bool accept(const WatchPtr &watch, const RedisCodec::Message &message);
    void deliver(const WatchPtr &watch, const Wire::Publication &publication, bool filled);
    void reportLost(const WatchPtr &watch, quint64 first, quint64 last);
    void kickWatches();

    struct PresenceOp
    {
        QByteArray op;
        QByteArray id;
        QByteArray value;
    };
    void runPresence(const QString &channel, const QList<PresenceOp> &ops, bool wantMembers,
                     RedisConnection::Callback callback);

    Options m_options;
    QString m_hubId;
    RedisConnection *m_commands = nullptr;
    RedisConnection *m_subscriber = nullptr;
    QTimer *m_heartbeat = nullptr;
    RedisScript m_publishScript;
    RedisScript m_readScript;
    RedisScript m_presenceScript;

    State m_state = State::Down;
    QString m_errorString;
    bool m_started = false;
    bool m_everUp = false;
    bool m_failed = false;

    QHash<QString, WatchPtr> m_watches;
    QHash<QByteArray, WatchPtr> m_byTopic;
    quint64 m_arrivals = 0;
    QElapsedTimer m_keepAlive; // since watched channels' keys were last given their TTL

    QHash<QString, QHash<QString, Wire::Sender>> m_members; // channel -> connection -> member
    QHash<QString, QSet<QString>> m_pendingLeaves;          // leaves Redis has not taken yet

    Stats m_stats;
};

} // namespace Herald
