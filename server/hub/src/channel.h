#pragma once

#include "event.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <deque>
#include <vector>

namespace Herald {

class Subscriber;

/// One channel's state: its seq and epoch, the bounded history, and who is
/// subscribed. Pure data, no I/O.
class Channel
{
public:
    Channel(QString name, QString epoch, int historySize, int shardCount);

    const QString &name() const { return m_name; }
    const QString &epoch() const { return m_epoch; }
    quint64 lastSeq() const { return m_lastSeq; }
    quint64 nextSeq() const { return m_lastSeq + 1; }
    /// The oldest seq still in history, or nextSeq() when history is empty.
    quint64 oldestSeq() const;
    const std::deque<EventPtr> &history() const { return m_history; }
    void append(EventPtr publication);
    /// Takes a state from elsewhere (a backplane): position and history.
    void reset(const QString &epoch, quint64 lastSeq, std::deque<EventPtr> history);
    /// Forgets the history (seqs were lost: recovery across them must fail).
    void dropHistory() { m_history.clear(); }

    /// False while a backplane channel waits for its state.
    bool synced = true;

    const std::vector<Subscriber *> &subscribers() const { return m_subscribers; }
    bool hasSubscriber(Subscriber *subscriber) const { return m_index.contains(subscriber); }
    /// A hidden subscriber (an administrator's tail) receives everything but
    /// is not listed in presence and its comings and goings are not announced.
    bool addSubscriber(Subscriber *subscriber, bool hidden = false);
    bool removeSubscriber(Subscriber *subscriber);
    bool isHidden(Subscriber *subscriber) const { return m_hidden.contains(subscriber); }
    int visibleSubscribers() const { return int(m_subscribers.size()) - int(m_hidden.size()); }
    /// Subscribers held by each shard: a shard with none gets no events.
    const std::vector<int> &subscribersPerShard() const { return m_perShard; }

    qint64 emptySinceMs = 0; // when the last subscriber left (or creation)
    qint64 lastActivityMs = 0;
    quint64 publishedCount = 0;

private:
    QString m_name;
    QString m_epoch;
    int m_historySize;
    quint64 m_lastSeq = 0;
    std::deque<EventPtr> m_history;
    std::vector<Subscriber *> m_subscribers;
    QHash<Subscriber *, std::size_t> m_index; // position in m_subscribers
    QSet<Subscriber *> m_hidden;
    std::vector<int> m_perShard;
};

} // namespace Herald
