#pragma once

#include "channel.h"
#include "event.h"

#include <herald/hubstats.h>
#include <herald/wire/command.h>
#include <herald/wire/reply.h>

#include <QHash>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace Herald {

class EventSink;
class Subscriber;

/// Channels, sequence numbers, history, recovery and presence: the hub's
/// state with no sockets in it. Safe to call from any thread: one lock
/// orders everything, and each channel's events reach each shard's sink in
/// seq order, under that lock.
class Broker
{
public:
    struct Options
    {
        int historySize = 100;
        qint64 historyTtlMs = 300000;
        int shards = 1;
        int maxPresenceEventSubscribers = 0; // 0: no limit
        /// Seqs, history and presence come from a backplane (Redis) rather
        /// than from this broker; channels starting with '$' stay local.
        bool remote = false;
    };
    using Clock = std::function<qint64()>; // milliseconds since the Unix epoch

    explicit Broker(Options options, Clock clock = {});
    ~Broker();

    /// One sink per shard, indexed by Subscriber::shard(); set before use.
    void setSinks(std::vector<EventSink *> sinks);
    /// Called with the lock held: must not call back into the broker.
    std::function<void(const QString &)> onChannelCreated;
    std::function<void(const QString &)> onChannelRemoved;
    /// Remote mode, called with the lock held: a channel needs its state
    /// from the backplane (watch it).
    std::function<void(const QString &)> onWatch;
    /// Remote mode, called with the lock held: announce a member's joining
    /// or leaving through the backplane (every hub, this one included, then
    /// gets it back through presenceChanged()).
    std::function<void(const QString &, const Wire::Sender &, bool joined)> onPresence;

    /// Whether a channel's seqs come from the backplane.
    bool isRemote(const QString &channel) const
    {
        return m_options.remote && !channel.startsWith(u'$');
    }
    /// Whether a channel can be subscribed now: always, except a backplane
    /// channel still waiting for its state.
    bool isReady(const QString &channel) const;
    /// Remote mode: makes sure the channel is being fetched and watched.
    void prepare(const QString &channel);
    /// Remote mode: the channel's state as the backplane has it.
    void sync(const QString &channel, const Wire::Position &position,
              const QList<Wire::Publication> &history);
    /// Remote mode: the next publication of a watched channel, in seq order.
    void receive(const Wire::Publication &publication);
    /// Remote mode: these seqs are gone; recovery across them must fail.
    void lose(const QString &channel, quint64 firstSeq, quint64 lastSeq);
    /// Remote mode: a member joined or left, anywhere in the cluster.
    void presenceChanged(const QString &channel, bool joined, const Wire::Sender &member);
    /// An id for a publication made here (unique across hubs).
    QString newPublicationId();

    qint64 now() const { return m_clock(); }
    const Options &options() const { return m_options; }

    int channelCount() const;
    QStringList channelNames() const;
    /// A channel's position: newest seq and epoch (seq 0 and no epoch if it
    /// does not exist).
    Wire::Position position(const QString &channel) const;

    /// Assigns the next seq, keeps the publication in history and hands it
    /// to every shard holding subscribers of the channel. `dataJson`, when
    /// set, is the data's JSON text and `data` is not looked at.
    EventPtr publish(const QString &channel, const QString &event, const QJsonValue &data,
                     const Wire::Sender &sender, const QByteArray &dataJson = {});

    struct Join
    {
        Wire::Position position;       // the channel's newest seq and epoch
        std::optional<bool> recovered; // set when the subscriber asked to recover
        std::vector<EventPtr> replay;  // what it missed, oldest first
        bool added = false;            // false if it was subscribed already
    };
    /// Adds a subscriber and works out what it missed since `since`. Events
    /// after `position.seq` reach its shard from now on; the caller sends
    /// the replay itself, then calls announceJoin().
    Join subscribe(Subscriber *subscriber, const QString &channel,
                   const std::optional<Wire::SinceMark> &since, bool hidden = false);
    /// Subscribers of a channel (0 if it does not exist).
    int subscriberCount(const QString &channel) const;
    void announceJoin(Subscriber *subscriber, const QString &channel);
    /// Removes a subscriber and tells the others it left.
    bool unsubscribe(Subscriber *subscriber, const QString &channel);

    /// Publications after `since` (the first `limit` of them), or the newest
    /// `limit` when there is no `since`; oldest first.
    std::vector<EventPtr> history(const QString &channel, std::optional<quint64> since,
                                  std::optional<int> limit) const;
    /// Members of a channel, one entry per user with its connection count.
    QList<Wire::MemberSummary> presence(const QString &channel) const;

    /// Every channel's numbers, sorted by name.
    QList<ChannelStats> channelStats() const;

    /// Drops channels that have had no subscribers for the history TTL.
    QStringList sweep();

    // Without the lock: for single-threaded tests and the broker itself.
    Channel *find(const QString &name) const;

private:
    Channel &ensure(const QString &name);
    void dispatch(const Channel &channel, const EventPtr &event);
    bool announcesPresence(const Channel &channel) const;
    QString nextPublicationId();

    Options m_options;
    Clock m_clock;
    mutable std::mutex m_mutex;
    std::vector<EventSink *> m_sinks;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    QSet<QString> m_idle; // channels with no subscribers
    QString m_idPrefix;
    quint64 m_idCounter = 0;
};

} // namespace Herald
