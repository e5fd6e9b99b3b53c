#include "broker.h"
#include "subscriber.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>

namespace Herald {

namespace {

QString randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return QString::fromLatin1(raw.toHex());
}

} // namespace

Broker::Broker(Options options, Clock clock)
    : m_options(options)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
    , m_idPrefix(randomToken(8))
{}

Broker::~Broker() = default;

void Broker::setSinks(std::vector<EventSink *> sinks)
{
    std::lock_guard lock(m_mutex);
    m_sinks = std::move(sinks);
}

int Broker::channelCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_channels.size());
}

Wire::Position Broker::position(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    const Channel *channel = find(name);
    return channel ? Wire::Position{channel->lastSeq(), channel->epoch()} : Wire::Position{};
}

Channel *Broker::find(const QString &name) const
{
    const auto it = m_channels.constFind(name);
    return it == m_channels.cend() ? nullptr : it.value().get();
}

QStringList Broker::channelNames() const
{
    std::lock_guard lock(m_mutex);
    QStringList names = m_channels.keys();
    names.sort();
    return names;
}

Channel &Broker::ensure(const QString &name)
{
    auto it = m_channels.find(name);
    if (it != m_channels.end())
        return *it.value();
    // A fresh epoch says "this is not the history you knew", so a client
    // holding a seq from before can tell a reset from a gap.
    auto channel =
        std::make_shared<Channel>(name, randomToken(8), m_options.historySize, m_options.shards);
    channel->emptySinceMs = now();
    channel->lastActivityMs = channel->emptySinceMs;
    m_channels.insert(name, channel);
    m_idle.insert(name);
    if (onChannelCreated)
        onChannelCreated(name);
    if (isRemote(name)) {
        // Its seq and history live in the backplane: nothing can be
        // subscribed until they are here.
        channel->synced = false;
        if (onWatch)
            onWatch(name);
    }
    return *channel;
}

QString Broker::nextPublicationId()
{
    // "<prefix>-<counter in base 36>", built in place: once per publication,
    // where QString concatenation and QString::number cost ~1 300
    // instructions (profiled).
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char digits[16];
    int count = 0;
    for (quint64 value = ++m_idCounter; value || !count; value /= 36)
        digits[count++] = kDigits[value % 36];
    QString id(m_idPrefix.size() + 1 + count, Qt::Uninitialized);
    QChar *out = id.data();
    std::copy(m_idPrefix.cbegin(), m_idPrefix.cend(), out);
    out += m_idPrefix.size();
    *out++ = u'-';
    while (count)
        *out++ = QLatin1Char(digits[--count]);
    return id;
}

void Broker::dispatch(const Channel &channel, const EventPtr &event)
{
    const std::vector<int> &perShard = channel.subscribersPerShard();
    for (std::size_t shard = 0; shard < perShard.size() && shard < m_sinks.size(); ++shard) {
        if (perShard[shard] > 0)
            m_sinks[shard]->enqueue(event);
    }
}

EventPtr Broker::publish(const QString &name, const QString &event, const QJsonValue &data,
                         const Wire::Sender &sender, const QByteArray &dataJson)
{
    std::lock_guard lock(m_mutex);
    Channel &channel = ensure(name);
    Wire::Publication publication;
    // The channel's own copy of its name, shared: every event of the
    // channel then points at one string, and the publisher's, decoded from
    // its frame, is freed now while it is still in the cache, not a hundred
    // publications later when history lets the event go.
    publication.channel = channel.name();
    publication.event = event;
    publication.id = nextPublicationId();
    publication.epoch = channel.epoch();
    publication.seq = channel.nextSeq();
    publication.timestampMs = now();
    publication.sender = sender;
    if (dataJson.isEmpty())
        publication.data = data;
    else
        publication.dataJson = dataJson;
    EventPtr record = Event::publication(std::move(publication));
    channel.append(record);
    channel.lastActivityMs = record->publication().timestampMs;
    dispatch(channel, record);
    return record;
}

Broker::Join Broker::subscribe(Subscriber *subscriber, const QString &name,
                               const std::optional<Wire::SinceMark> &since, bool hidden)
{
    std::lock_guard lock(m_mutex);
    Channel &channel = ensure(name);
    Join join;
    join.added = channel.addSubscriber(subscriber, hidden);
    if (join.added && channel.subscribers().size() == 1)
        m_idle.remove(name);
    join.position = Wire::Position{channel.lastSeq(), channel.epoch()};
    if (!since)
        return join;

    const quint64 from = since->seq;
    const bool sameEpoch = since->epoch.isEmpty() || since->epoch == channel.epoch();
    if (!sameEpoch || from > channel.lastSeq()) {
        // A seq from another epoch, or one this channel never reached: the
        // state the client knew is gone.
        join.recovered = false;
    } else if (from == channel.lastSeq()) {
        join.recovered = true;
    } else if (from + 1 >= channel.oldestSeq() && !channel.history().empty()) {
        join.recovered = true;
        const auto &history = channel.history();
        const auto first = history.size() - std::size_t(channel.lastSeq() - from);
        join.replay.assign(history.begin() + qsizetype(first), history.end());
    } else {
        join.recovered = false;
    }
    return join;
}

bool Broker::announcesPresence(const Channel &channel) const
{
    const int limit = m_options.maxPresenceEventSubscribers;
    return limit <= 0 || channel.subscribers().size() <= std::size_t(limit);
}

int Broker::subscriberCount(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    const Channel *channel = find(name);
    return channel ? int(channel->subscribers().size()) : 0;
}

bool Broker::isReady(const QString &name) const
{
    if (!isRemote(name))
        return true;
    std::lock_guard lock(m_mutex);
    const Channel *channel = find(name);
    return channel && channel->synced;
}

void Broker::prepare(const QString &name)
{
    std::lock_guard lock(m_mutex);
    ensure(name);
}

QString Broker::newPublicationId()
{
    std::lock_guard lock(m_mutex);
    return nextPublicationId();
}

void Broker::sync(const QString &name, const Wire::Position &position,
                  const QList<Wire::Publication> &history)
{
    std::lock_guard lock(m_mutex);
    Channel &channel = ensure(name);
    std::deque<EventPtr> events;
    for (const Wire::Publication &publication : history)
        events.push_back(Event::publication(publication));
    channel.reset(position.epoch, position.seq, std::move(events));
}

void Broker::receive(const Wire::Publication &publication)
{
    std::lock_guard lock(m_mutex);
    Channel *channel = find(publication.channel);
    if (!channel || !channel->synced || publication.seq <= channel->lastSeq())
        return; // not watched here (any more), or already had it
    if (publication.seq != channel->lastSeq() + 1 || publication.epoch != channel->epoch()) {
        // The backplane reports holes with lose(); anything else out of line
        // means this history cannot vouch for what came before.
        channel->dropHistory();
    }
    EventPtr event = Event::publication(publication);
    channel->append(event);
    channel->lastActivityMs = publication.timestampMs;
    dispatch(*channel, event);
}

void Broker::lose(const QString &name, quint64, quint64)
{
    std::lock_guard lock(m_mutex);
    if (Channel *channel = find(name))
        channel->dropHistory();
}

void Broker::presenceChanged(const QString &name, bool joined, const Wire::Sender &member)
{
    std::lock_guard lock(m_mutex);
    Channel *channel = find(name);
    if (!channel || !announcesPresence(*channel))
        return;
    dispatch(*channel, Event::presence(joined ? Event::Kind::Joined : Event::Kind::Left, name,
                                       member, now()));
}

void Broker::announceJoin(Subscriber *subscriber, const QString &name)
{
    std::lock_guard lock(m_mutex);
    Channel *channel = find(name);
    if (!channel || channel->isHidden(subscriber))
        return;
    if (isRemote(name)) {
        if (onPresence)
            onPresence(name, subscriber->member(), true);
        return;
    }
    if (!announcesPresence(*channel))
        return;
    dispatch(*channel, Event::presence(Event::Kind::Joined, name, subscriber->member(), now()));
}

bool Broker::unsubscribe(Subscriber *subscriber, const QString &name)
{
    std::lock_guard lock(m_mutex);
    Channel *channel = find(name);
    const bool hidden = channel && channel->isHidden(subscriber);
    if (!channel || !channel->removeSubscriber(subscriber))
        return false;
    if (!hidden && isRemote(name)) {
        if (onPresence)
            onPresence(name, subscriber->member(), false);
    }
    if (channel->subscribers().empty()) {
        channel->emptySinceMs = now();
        m_idle.insert(name);
    } else if (!hidden && !isRemote(name) && announcesPresence(*channel)) {
        dispatch(*channel, Event::presence(Event::Kind::Left, name, subscriber->member(), now()));
    }
    return true;
}

std::vector<EventPtr> Broker::history(const QString &name, std::optional<quint64> since,
                                      std::optional<int> limit) const
{
    std::lock_guard lock(m_mutex);
    std::vector<EventPtr> result;
    const Channel *channel = find(name);
    if (!channel)
        return result;
    const auto &history = channel->history();
    const std::size_t cap = std::size_t(
        std::max(0, std::min(limit.value_or(m_options.historySize), m_options.historySize)));
    if (since) {
        // History seqs are contiguous, so the first one after `since` is found
        // by arithmetic, not a search.
        if (*since >= channel->lastSeq())
            return result;
        const quint64 firstWanted = std::max(*since + 1, channel->oldestSeq());
        auto begin = history.begin() + qsizetype(firstWanted - channel->oldestSeq());
        const std::size_t count = std::min(cap, std::size_t(history.end() - begin));
        result.assign(begin, begin + qsizetype(count));
    } else {
        const std::size_t count = std::min(cap, history.size());
        result.assign(history.end() - qsizetype(count), history.end());
    }
    return result;
}

QList<Wire::MemberSummary> Broker::presence(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    QList<Wire::MemberSummary> members;
    const Channel *channel = find(name);
    if (!channel)
        return members;
    QHash<QString, qsizetype> byUser;
    for (Subscriber *subscriber : channel->subscribers()) {
        if (channel->isHidden(subscriber))
            continue;
        const Wire::Sender &member = subscriber->member();
        const auto it = byUser.constFind(member.userId);
        if (it != byUser.cend()) {
            ++members[it.value()].connections;
        } else {
            byUser.insert(member.userId, members.size());
            members.append(Wire::MemberSummary{member.userId, member.userName, 1});
        }
    }
    std::sort(members.begin(), members.end(),
              [](const auto &a, const auto &b) { return a.userId < b.userId; });
    return members;
}

QList<ChannelStats> Broker::channelStats() const
{
    std::lock_guard lock(m_mutex);
    QList<ChannelStats> result;
    result.reserve(m_channels.size());
    for (const auto &channel : m_channels) {
        result.append(ChannelStats{channel->name(), channel->epoch(), channel->visibleSubscribers(),
                                   channel->lastSeq(), channel->publishedCount,
                                   channel->lastActivityMs});
    }
    std::sort(result.begin(), result.end(),
              [](const ChannelStats &a, const ChannelStats &b) { return a.name < b.name; });
    return result;
}

QStringList Broker::sweep()
{
    std::lock_guard lock(m_mutex);
    QStringList removed;
    const qint64 current = now();
    for (auto it = m_idle.begin(); it != m_idle.end();) {
        const auto channel = m_channels.constFind(*it);
        if (channel == m_channels.cend()) {
            it = m_idle.erase(it);
            continue;
        }
        if (channel.value()->subscribers().empty() &&
            current - channel.value()->emptySinceMs >= m_options.historyTtlMs) {
            removed.append(*it);
            m_channels.erase(channel);
            it = m_idle.erase(it);
        } else {
            ++it;
        }
    }
    for (const QString &name : removed) {
        if (onChannelRemoved)
            onChannelRemoved(name);
    }
    return removed;
}

} // namespace Herald
