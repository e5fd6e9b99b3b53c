#pragma once

#include "channel.h"
#include "event.h"

#include <herald/wire/command.h>
#include <herald/wire/reply.h>

#include <QHash>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Herald {

class Subscriber;

/// Channels, sequence numbers, history, recovery and presence: the hub's
/// state with no sockets in it. Subscribers are handed events through
/// Subscriber::deliver(), which must not call back into the broker.
class Broker
{
public:
    struct Options
    {
        int historySize = 100;
        qint64 historyTtlMs = 300000;
    };
    using Clock = std::function<qint64()>; // milliseconds since the Unix epoch

    explicit Broker(Options options, Clock clock = {});
    ~Broker();

    std::function<void(const QString &)> onChannelCreated;
    std::function<void(const QString &)> onChannelRemoved;

    qint64 now() const { return m_clock(); }
    const Options &options() const { return m_options; }

    Channel *find(const QString &name) const;
    int channelCount() const { return int(m_channels.size()); }
    QStringList channelNames() const;

    /// Assigns the next seq, keeps the publication in history and hands it
    /// to every subscriber of the channel.
    EventPtr publish(const QString &channel, const QString &event, const QJsonValue &data,
                     const Wire::Sender &sender);

    struct Join
    {
        Wire::Position position;       // the channel's newest seq and epoch
        std::optional<bool> recovered; // set when the subscriber asked to recover
        std::vector<EventPtr> replay;  // what it missed, oldest first
        bool added = false;            // false if it was subscribed already
    };
    /// Adds a subscriber and works out what it missed since `since`. Does
    /// not announce presence: call announceJoin() once the caller has sent
    /// its reply and the replay, so they come first.
    Join subscribe(Subscriber *subscriber, const QString &channel,
                   const std::optional<Wire::SinceMark> &since);
    void announceJoin(Subscriber *subscriber, const QString &channel);
    /// Removes a subscriber and tells the others it left.
    bool unsubscribe(Subscriber *subscriber, const QString &channel);

    /// Publications after `since` (the first `limit` of them), or the newest
    /// `limit` when there is no `since`; oldest first.
    std::vector<EventPtr> history(const QString &channel, std::optional<quint64> since,
                                  std::optional<int> limit) const;
    /// Members of a channel, one entry per user with its connection count.
    QList<Wire::MemberSummary> presence(const QString &channel) const;

    /// Drops channels that have had no subscribers for the history TTL.
    QStringList sweep();

private:
    Channel &ensure(const QString &name);
    void dispatch(Channel &channel, const EventPtr &event);
    QString nextPublicationId();

    Options m_options;
    Clock m_clock;
    QHash<QString, std::shared_ptr<Channel>> m_channels;
    QSet<QString> m_idle; // channels with no subscribers
    QString m_idPrefix;
    quint64 m_idCounter = 0;
};

} // namespace Herald
