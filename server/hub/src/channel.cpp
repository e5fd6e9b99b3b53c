#include "channel.h"
#include "subscriber.h"

#include <algorithm>

namespace Herald {

Channel::Channel(QString name, QString epoch, int historySize, int shardCount)
    : m_name(std::move(name))
    , m_epoch(std::move(epoch))
    , m_historySize(historySize)
    , m_perShard(std::size_t(std::max(shardCount, 1)), 0)
{}

quint64 Channel::oldestSeq() const
{
    return m_history.empty() ? nextSeq() : m_history.front()->seq();
}

void Channel::append(EventPtr publication)
{
    m_lastSeq = publication->seq();
    ++publishedCount;
    if (m_historySize <= 0)
        return;
    m_history.push_back(std::move(publication));
    while (m_history.size() > std::size_t(m_historySize))
        m_history.pop_front();
}

void Channel::reset(const QString &epoch, quint64 lastSeq, std::deque<EventPtr> history)
{
    m_epoch = epoch;
    m_lastSeq = lastSeq;
    m_history = std::move(history);
    while (m_history.size() > std::size_t(std::max(m_historySize, 0)))
        m_history.pop_front();
    synced = true;
}

bool Channel::addSubscriber(Subscriber *subscriber, bool hidden)
{
    if (m_index.contains(subscriber))
        return false;
    m_index.insert(subscriber, m_subscribers.size());
    m_subscribers.push_back(subscriber);
    if (hidden)
        m_hidden.insert(subscriber);
    ++m_perShard.at(std::size_t(subscriber->shard()));
    return true;
}

bool Channel::removeSubscriber(Subscriber *subscriber)
{
    const auto it = m_index.constFind(subscriber);
    if (it == m_index.cend())
        return false;
    // Swap-remove: delivery order among subscribers carries no meaning.
    const std::size_t position = it.value();
    m_index.erase(it);
    m_hidden.remove(subscriber);
    --m_perShard.at(std::size_t(subscriber->shard()));
    Subscriber *last = m_subscribers.back();
    m_subscribers.pop_back();
    if (last != subscriber) {
        m_subscribers[position] = last;
        m_index[last] = position;
    }
    return true;
}

} // namespace Herald
