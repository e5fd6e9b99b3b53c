#pragma once

#include <herald/client_export.h>
#include <herald/member.h>
#include <herald/message.h>

#include <QObject>
#include <QString>

#include <memory>

namespace Herald {

class Client;
class ClientPrivate;
class SubscriptionPrivate;

/// One channel a Client is subscribed to. Owned by the client: made by
/// Client::subscribe(), deleted (later) once unsubscribed, so keep it in a
/// QPointer if you hold on to it.
///
/// While it lives, messageReceived() sees every publication of the channel
/// exactly once and in seq order, across reconnects. When the hub can no
/// longer replay what was missed, gap() says so: resync from history().
class HERALD_CLIENT_EXPORT Subscription : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString channel READ channel CONSTANT)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(quint64 lastSeq READ lastSeq NOTIFY lastSeqChanged)
    Q_PROPERTY(QString epoch READ epoch NOTIFY epochChanged)
    Q_PROPERTY(Options options READ options CONSTANT)

public:
    enum class State {
        Pending,      // asked for, or being resubscribed after a reconnect
        Subscribed,   // the hub confirmed it on the current connection
        Unsubscribed, // unsubscribe() was called or the hub refused it
    };
    Q_ENUM(State)

    /// How the hub treats this subscription (PROTOCOL.md, "subscribe").
    enum class Option {
        /// No presence.joined/left events for the channel; the connection is
        /// still present and listed in presence() replies.
        NoPresenceEvents = 0x1,
        /// Admin only: receives the channel but is not listed in presence and
        /// its join and leave are not announced, so watching changes nothing.
        Hidden = 0x2,
    };
    Q_DECLARE_FLAGS(Options, Option)
    Q_FLAG(Options)

    ~Subscription() override;

    QString channel() const;
    State state() const;
    /// The seq of the newest publication seen (or, before any, the channel's
    /// position when it was subscribed); the `since` of a resubscribe.
    quint64 lastSeq() const;
    QString epoch() const;
    /// The options it was subscribed with; they hold for every resubscribe.
    Options options() const;
    Client *client() const;

    /// Same as client()->unsubscribe(channel()).
    void unsubscribe();

Q_SIGNALS:
    /// The hub confirmed the subscription: `seq` is the channel's newest seq;
    /// `recovered` is true when missed publications follow (a resubscribe
    /// that lost nothing), false on a first subscribe or after a gap.
    void subscribed(quint64 seq, bool recovered);
    void messageReceived(const Herald::Message &message);
    void presenceJoined(const Herald::Member &member);
    void presenceLeft(const Herald::Member &member);
    /// Publications were lost for good (the hub restarted, or its history
    /// no longer reaches back far enough): resync, e.g. with history().
    void gap();
    /// The hub refused the subscription (code as in errorReceived()).
    void errorReceived(const QString &code, const QString &message);
    void unsubscribed();
    void stateChanged(Herald::Subscription::State state);
    void lastSeqChanged(quint64 lastSeq);
    void epochChanged(const QString &epoch);

private:
    friend class ClientPrivate;
    friend class SubscriptionPrivate;
    Subscription(const QString &channel, Options options, Client *client);
    std::unique_ptr<SubscriptionPrivate> d;
};

} // namespace Herald

Q_DECLARE_OPERATORS_FOR_FLAGS(Herald::Subscription::Options)
