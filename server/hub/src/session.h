#pragma once

#include "security/ratelimiter.h"
#include "sessionrecord.h"
#include "subscriber.h"
#include "transport.h"

#include <herald/hubhooks.h>
#include <herald/identity.h>
#include <herald/wire/codec.h>
#include <herald/wire/dialect.h>

#include <QSet>
#include <QStringList>

#include <deque>
#include <memory>

namespace Herald {

class HubPrivate;
class Shard;

/// One client connection: decodes its frames into commands, checks them,
/// carries them out against the broker and renders the replies. Lives in
/// its shard's thread.
class Session final : public Subscriber, private Transport::Listener
{
public:
    /// An unauthenticated session (`identity` unset) waits for a `connect`
    /// frame; anything else closes it with 4001.
    Session(HubPrivate &hub, Shard &shard, Transport &transport,
            std::shared_ptr<SessionRecord> record, Wire::Dialect dialect, bool authenticated);
    ~Session() override;

    const QString &connectionId() const { return m_member.connectionId; }
    const Identity &identity() const { return m_record->identity; }
    const std::shared_ptr<SessionRecord> &record() const { return m_record; }
    Wire::Dialect dialect() const { return m_dialect; }
    const QStringList &subscriptions() const { return m_subscriptions; }
    Transport &transport() { return m_transport; }
    bool isClosing() const { return m_closing; }

    /// Sends an event of one of its channels (called by its shard).
    /// Queues an event's frame. `borrowed`: the caller keeps the event alive
    /// until the shard's flush (Shard::drain), so the frame need not be copied.
    void deliver(const EventPtr &event, bool borrowed = false);

    // Subscriber
    const Wire::Sender &member() const override { return m_member; }
    int shard() const override;

    /// Carries out a command as if the client had sent it (used for ?c=).
    void execute(const Wire::Request &request);
    /// Sends a close frame; the session is removed once the socket is gone.
    void close(int code, const QString &reason);
    /// Pings or closes for idleness, by the hub's clock.
    void housekeep(qint64 nowMs);
    /// Leaves every channel without telling anyone (the hub is going away).
    void detach();
    /// Retries subscribes that waited for a backplane channel's state.
    void resumePending();
    bool isAuthenticated() const { return m_authenticated; }
    /// Whether the hub counted it in (registry, limits, signals).
    bool isAdmitted() const { return m_admitted; }
    void setAdmitted() { m_admitted = true; }

private:
    // Transport::Listener
    void textReceived(QByteArrayView utf8) override;
    void binaryReceived() override;
    void activity() override;
    void overflowed(int code) override;
    void closed(int code, const QString &reason) override;

    void send(QByteArrayView payload);
    void countOut();
    void leave(const QString &channel);
    void reply(const Wire::Reply &body, const QJsonValue &id);
    void replyError(Wire::ErrorCode code, const QString &message, const QJsonValue &id);
    /// Counts a bad frame; too many within the window closes with 4003.
    void badFrame();
    /// Empty if the channel may be used for `action`; otherwise the error.
    std::optional<Wire::DecodeError> check(const QString &channel, Action action,
                                           const QJsonValue &id) const;

    void subscribe(const Wire::Subscribe &command, const QJsonValue &id);

public:
    /// Subscribes to a channel the operator chose for it (a raw user route),
    /// without the channel rules: the configuration is the authority.
    void follow(const QString &channel, bool hidden = false);

private:
    void unsubscribe(const Wire::Unsubscribe &command, const QJsonValue &id);
    void publish(const Wire::Publish &command, const QJsonValue &id,
                 const QString &claimedSender = {});
    void history(const Wire::HistoryQuery &command, const QJsonValue &id);
    void presence(const Wire::PresenceQuery &command, const QJsonValue &id);
    void listConnections(const QJsonValue &id);
    void disconnect(const Wire::Disconnect &command, const QJsonValue &id);
    bool isAdmin() const;
    void authenticate(const Wire::Connect &command, const QJsonValue &id);
    /// The rate limit: false if the frame is refused (or the connection closed).
    bool admitFrame();
    void refresh(const Wire::Refresh &command, const QJsonValue &id);
    /// The broker's name for a channel: the tenant's own namespace.
    QString key(const QString &channel) const;

    HubPrivate &m_hub;
    Shard &m_shard;
    Transport &m_transport;
    std::shared_ptr<SessionRecord> m_record;
    Wire::Sender m_member;
    Wire::Dialect m_dialect;
    QStringList m_subscriptions;
    std::deque<qint64> m_badFrames; // times of recent bad frames
    struct PendingSubscribe
    {
        Wire::Subscribe command;
        QJsonValue id;
        qint64 deadlineMs;
        bool trusted; // from follow()
    };
    std::vector<PendingSubscribe> m_pending; // waiting for backplane channels
    RateLimiter m_rateLimiter;
    qint64 m_expiresAtMs = 0; // the token's exp; 0: never
    bool m_authenticated;
    bool m_admitted = false;
    bool m_dialectSettled = false; // the first frame decides herald or rooms
    bool m_trusted = false;        // follow(): skip the channel rules
    qint64 m_lastActivityMs = 0;
    qint64 m_lastPingMs = 0;
    bool m_closing = false;
    bool m_closeCounted = false; // at overflowed(), before the socket is gone
    // Channels check() let it publish to, up to kPublishAllowedKept.
    static constexpr qsizetype kPublishAllowedKept = 64;
    QSet<QString> m_publishAllowed;
};

} // namespace Herald
