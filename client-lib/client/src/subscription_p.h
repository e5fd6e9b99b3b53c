#pragma once

#include <herald/subscription.h>
#include <herald/wire/command.h>
#include <herald/wire/reply.h>

#include <optional>

namespace Herald {

/// A subscription's position on its channel and the rules that keep its
/// stream exact: confirm against the hub's position, deliver each seq once
/// and in order, and report what cannot be recovered as a gap.
class SubscriptionPrivate
{
public:
    SubscriptionPrivate(Subscription *q, QString channel, Subscription::Options options,
                        Client *client);

    static SubscriptionPrivate *get(Subscription *subscription) { return subscription->d.get(); }

    /// Where to resume from on a resubscribe; none before the first confirmation.
    std::optional<Wire::SinceMark> since() const;
    /// The hub's `subscribed` reply for this channel. `recovered` is set when
    /// we asked to resume (since() had a value).
    void confirm(const Wire::Position &position, std::optional<bool> recovered);
    /// A publication from the current connection. False if it was not
    /// delivered: a duplicate, or not subscribed yet.
    bool deliver(const Message &message);
    /// The connection went away; the next one resubscribes.
    void suspend();
    /// Unsubscribed by the user or refused by the hub: the end of its life.
    void end();

    void setState(Subscription::State state);

    Subscription *q;
    QString m_channel;
    Subscription::Options m_options;
    Client *m_client;
    Subscription::State m_state = Subscription::State::Pending;
    quint64 m_lastSeq = 0;
    QString m_epoch;
    bool m_positioned = false; // the hub confirmed it at least once

private:
    void setPosition(quint64 seq, const QString &epoch);
};

} // namespace Herald
