#pragma once

#include "counters.h"
#include "event.h"
#include "net/connection.h"
#include "subscriber.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <unordered_map>

#include <memory>
#include <mutex>
#include <vector>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Herald {

class HubPrivate;
class Session;

/// One event loop's worth of connections. Owns its sockets and sessions; a
/// publication crosses to it once (enqueue()), and inside it each event is
/// written to every local subscriber, all writes batched per loop turn.
class Shard final : public QObject, public EventSink, public Net::ConnectionHost
{
public:
    Shard(HubPrivate &hub, int index);
    ~Shard() override;

    int index() const { return m_index; }
    Counters &counters() { return m_counters; }
    const Counters &counters() const { return m_counters; }
    /// Closes one session by connection id; false if this shard has none.
    bool closeSession(const QString &connectionId, int code, const QString &reason);
    /// Runs `work` on a session in this shard's thread, if it still exists
    /// by then (an answer that arrives after an asynchronous step). Any thread.
    void withSession(const QString &connectionId, std::function<void(Session &)> work);

    /// Takes a freshly accepted socket (in this shard's thread).
    void adopt(qintptr descriptor);
    /// In this shard's thread: gives the thread a descriptor table of its own
    /// (Net::DescriptorTable::makePrivate()); from then on its sockets come
    /// over `handoff`, one end of a socketpair the hub writes them to.
    /// False if the table could not be made (the thread keeps sharing).
    bool takePrivateTable(int handoff);
    /// Whether this shard's thread has a table of its own.
    bool hasPrivateTable() const { return m_handoff >= 0; }
    /// Closes every session with 1001 (in this shard's thread).
    void shutdown();
    /// Drops every connection at once, quietly (the hub is being destroyed).
    void teardown();
    int connectionCount() const { return int(m_connections.size()); }
    /// Calls `visit` for every session (in this shard's thread).
    void forEachSession(const std::function<void(Session &)> &visit) const;

    // EventSink: from any thread, with the broker's lock held.
    void enqueue(const EventPtr &event) override;

    // The local index: which of this shard's sessions get a channel's events.
    // `fromSeq`: publications up to it reached the session another way.
    void addLocal(const QString &channel, Session *session, quint64 fromSeq, bool presence);
    void removeLocal(const QString &channel, Session *session);

    // Net::ConnectionHost
    const Net::ConnectionLimits &limits() const override { return m_limits; }
    qint64 now() const override;
    QByteArray &scratch() override { return m_scratch; }
    void markDirty(Net::Connection *connection) override;
    bool acceptUpgrade(Net::Connection *connection, const Net::HttpRequest &request) override;
    void upgraded(Net::Connection *connection, const Net::HttpRequest &request) override;
    void httpRequest(Net::Connection *connection, const Net::HttpRequest &request) override;
    void finished(Net::Connection *connection) override;
    void transferred(qint64 in, qint64 out) override;
    Net::Poller &poller() override { return *m_poller; }
    ssl_ctx_st *tlsContext() const override;

private:
    struct Local
    {
        Session *session;
        quint64 fromSeq;
        bool presence; // wants presence.joined/left events
    };
    struct Entry
    {
        std::unique_ptr<Net::Connection> connection;
        std::unique_ptr<Session> session;
    };

    /// Delivers the queued events, writes, frees closed connections.
    void drain();
    /// Delivers the queued events and writes every connection's output.
    void deliverQueued();
    /// From the poller, between two sockets' reads (Poller::setAfterRead()).
    void afterRead(qint64 bytes);
    /// The end of a turn: writes every connection's output, then frees
    /// closed connections.
    void flushAll();
    /// Writes every connection's output (nothing is freed).
    void flushDirty();
    void scheduleFlush();
    void housekeep();
    void reap();
    void receiveHandoff();

    HubPrivate &m_hub;
    int m_index;
    Net::ConnectionLimits m_limits;
    Counters m_counters;
    QByteArray m_scratch;
    // Made in this shard's thread with its first socket (after the thread
    // has its own descriptor table); outlives every connection.
    std::unique_ptr<Net::Poller> m_poller;
    std::unordered_map<Net::Connection *, Entry> m_connections;
    std::vector<Entry> m_finished; // freed at the end of the turn
    QHash<QString, std::vector<Local>> m_local;
    QHash<QString, Session *> m_sessions; // by connection id
    std::vector<Net::Connection *> m_dirty;
    bool m_flushScheduled = false;

    std::mutex m_queueMutex;
    std::vector<EventPtr> m_queue;
    bool m_drainScheduled = false;

    QTimer *m_housekeeping;
    int m_handoff = -1; // with a private table: where the hub sends the sockets
    QSocketNotifier *m_handoffNotifier = nullptr;
};

} // namespace Herald
