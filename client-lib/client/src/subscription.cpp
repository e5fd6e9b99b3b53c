#include "property_p.h"
#include "subscription_p.h"

#include <herald/client.h>

namespace Herald {

SubscriptionPrivate::SubscriptionPrivate(Subscription *subscription, QString channel,
                                         Subscription::Options options, Client *client)
    : q(subscription)
    , m_channel(std::move(channel))
    , m_options(options)
    , m_client(client)
{}

std::optional<Wire::SinceMark> SubscriptionPrivate::since() const
{
    if (!m_positioned)
        return std::nullopt;
    return Wire::SinceMark{m_lastSeq, m_epoch};
}

void SubscriptionPrivate::setState(Subscription::State state)
{
    assignProperty(q, m_state, state, &Subscription::stateChanged);
}

void SubscriptionPrivate::setPosition(quint64 seq, const QString &epoch)
{
    assignProperty(q, m_epoch, epoch, &Subscription::epochChanged);
    assignProperty(q, m_lastSeq, seq, &Subscription::lastSeqChanged);
}

void SubscriptionPrivate::confirm(const Wire::Position &position, std::optional<bool> recovered)
{
    // Resumed without loss only if the hub says so and the history is the
    // one our seq belongs to; the publications we missed follow this reply,
    // so lastSeq stays where we left off until they arrive.
    const bool resumed = recovered.value_or(false) && position.epoch == m_epoch;
    const bool lost = recovered.has_value() && !resumed;
    if (!resumed)
        setPosition(position.seq, position.epoch);
    m_positioned = true;
    setState(Subscription::State::Subscribed);
    emit q->subscribed(position.seq, resumed);
    if (lost)
        emit q->gap();
}

bool SubscriptionPrivate::deliver(const Message &message)
{
    if (m_state != Subscription::State::Subscribed)
        return false;
    if (message.epoch() != m_epoch) {
        // The hub lost the channel's history while we were subscribed.
        setPosition(message.seq() - 1, message.epoch());
        emit q->gap();
    } else if (message.seq() <= m_lastSeq) {
        return false; // seen already
    } else if (message.seq() > m_lastSeq + 1) {
        // The hub never skips a seq on a live connection; if one is missing
        // it is not coming back.
        emit q->gap();
    }
    m_lastSeq = message.seq();
    emit q->lastSeqChanged(m_lastSeq);
    emit q->messageReceived(message);
    return true;
}

void SubscriptionPrivate::suspend()
{
    if (m_state == Subscription::State::Subscribed)
        setState(Subscription::State::Pending);
}

void SubscriptionPrivate::end()
{
    setState(Subscription::State::Unsubscribed);
    emit q->unsubscribed();
}

Subscription::Subscription(const QString &channel, Options options, Client *client)
    : QObject(client)
    , d(std::make_unique<SubscriptionPrivate>(this, channel, options, client))
{}

Subscription::~Subscription() = default;

QString Subscription::channel() const
{
    return d->m_channel;
}

Subscription::State Subscription::state() const
{
    return d->m_state;
}

quint64 Subscription::lastSeq() const
{
    return d->m_lastSeq;
}

QString Subscription::epoch() const
{
    return d->m_epoch;
}

Subscription::Options Subscription::options() const
{
    return d->m_options;
}

Client *Subscription::client() const
{
    return d->m_client;
}

void Subscription::unsubscribe()
{
    d->m_client->unsubscribe(d->m_channel);
}

} // namespace Herald
