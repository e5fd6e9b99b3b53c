#include "shard.h"
#include "hub_p.h"
#include "net/descriptortable.h"
#include "session.h"

#include <QSocketNotifier>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kCloseDeadlineMs = 2000;     // for a client that never answers our close
constexpr qint64 kResponseDeadlineMs = 30000; // for an HTTP answer the backplane owes
constexpr qsizetype kScratchSize = 64 * 1024;
// A read at least this big is delivered and written before the next ready
// socket is read (Shard::afterRead()): about a hundred small publications.
constexpr qint64 kWriteAfterReadBytes = 16 * 1024;

QHostAddress peerOf(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}

} // namespace

Shard::Shard(HubPrivate &hub, int index)
    : m_hub(hub)
    , m_index(index)
    , m_housekeeping(new QTimer(this))
{
    m_limits.maxMessageSize = hub.config.maxMessageSize;
    m_limits.maxOutbox = hub.config.security.outboxBytes;
    m_limits.maxRequestBody =
        std::max<qsizetype>(hub.config.maxMessageSize, hub.config.http.apiBodyLimit);
    m_limits.subprotocols = {u"herald.v1"_s};
    m_scratch.resize(kScratchSize);
    m_housekeeping->setInterval(hub.housekeepingInterval());
    connect(m_housekeeping, &QTimer::timeout, this, [this] { housekeep(); });
}

Shard::~Shard()
{
    teardown();
}

void Shard::teardown()
{
    m_housekeeping->stop();
    delete m_handoffNotifier;
    m_handoffNotifier = nullptr;
    if (m_handoff >= 0) {
        ::close(m_handoff); // sockets still in it are closed with it
        m_handoff = -1;
    }
    for (auto &[key, entry] : m_connections) {
        entry.connection->setListener(nullptr);
        if (entry.session)
            entry.session->detach();
    }
    m_connections.clear();
    m_finished.clear();
    m_local.clear();
    m_sessions.clear();
    m_dirty.clear();
    m_poller.reset(); // in this thread: it holds a socket notifier
}

qint64 Shard::now() const
{
    return m_hub.now();
}

void Shard::adopt(qintptr descriptor)
{
    if (!m_housekeeping->isActive())
        m_housekeeping->start();
    const int fd = int(descriptor);
    if (m_hub.shuttingDown) {
        ::close(fd);
        return;
    }
    // What the kernel refuses (an epoll set, or a place in it) is logged
    // with its reason and counted like a socket a full table dropped.
    const auto drop = [this](const char *what) {
        qCWarning(lcHub).noquote() << "shard" << m_index << what << qt_error_string(errno);
        Counters::add(m_counters.dropped);
    };
    if (!m_poller || !m_poller->isValid()) {
        m_poller = std::make_unique<Net::Poller>();
        m_poller->setAfterRead([this](qint64 bytes) { afterRead(bytes); });
    }
    if (!m_poller->isValid()) {
        drop("cannot watch sockets:");
        ::close(fd);
        return;
    }
    auto connection = std::make_unique<Net::Connection>(*this, fd, peerOf(fd));
    if (!connection->isWatched()) {
        drop("cannot watch a socket:");
        return; // the connection closes its socket
    }
    Counters::add(m_counters.accepted);
    Net::Connection *key = connection.get();
    m_connections.emplace(key, Entry{std::move(connection), nullptr});
}

bool Shard::takePrivateTable(int handoff)
{
    // A signal sent to the process must go to a thread that shares the
    // process's table: a handler that writes to a descriptor (herald-hub's
    // signal pipe) would reach only /dev/null here. Faults stay deliverable.
    sigset_t asynchronous;
    sigfillset(&asynchronous);
    for (const int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS})
        sigdelset(&asynchronous, fault);
    sigset_t before;
    pthread_sigmask(SIG_BLOCK, &asynchronous, &before);

    const int closed = Net::DescriptorTable::makePrivate(handoff);
    if (closed < 0) {
        pthread_sigmask(SIG_SETMASK, &before, nullptr);
        qCWarning(lcHub).noquote()
            << "shard" << m_index << "keeps the shared descriptor table:" << qt_error_string(errno);
        return false;
    }
    qCDebug(lcHub).noquote() << "shard" << m_index << "has a descriptor table of its own;" << closed
                             << "copies of sockets and pipes closed in it";
    m_handoff = handoff;
    m_handoffNotifier = new QSocketNotifier(handoff, QSocketNotifier::Read, this);
    connect(m_handoffNotifier, &QSocketNotifier::activated, this, [this] { receiveHandoff(); });
    return true;
}

void Shard::receiveHandoff()
{
    using Received = Net::DescriptorTable::Received;
    // A bounded batch per turn; the notifier fires again for the rest.
    for (int i = 0; i < 256; ++i) {
        const Received received = Net::DescriptorTable::receive(m_handoff);
        switch (received.kind) {
        case Received::Kind::Descriptor:
            adopt(received.fd);
            break;
        case Received::Kind::Dropped:
            // The kernel closed it: this table had no room (RLIMIT_NOFILE).
            Counters::add(m_counters.dropped);
            m_hub.reportTableFull(m_index);
            break;
        case Received::Kind::Empty:
            return;
        case Received::Kind::Closed:
        case Received::Kind::Failed:
            // The hub closed its end (stopping): nothing more will come.
            m_handoffNotifier->setEnabled(false);
            return;
        }
    }
}

bool Shard::acceptUpgrade(Net::Connection *connection, const Net::HttpRequest &request)
{
    const QString refusal = m_hub.refuseUpgrade(request, connection->peerAddress());
    if (refusal.isEmpty())
        return true;
    connection->respond(
        Net::httpResponse(403, "text/plain; charset=utf-8", refusal.toUtf8() + '\n'));
    return false;
}

void Shard::upgraded(Net::Connection *connection, const Net::HttpRequest &request)
{
    auto it = m_connections.find(connection);
    if (it == m_connections.end())
        return;
    it->second.session = m_hub.openSession(*this, *connection, request);
    if (it->second.session)
        m_sessions.insert(it->second.session->connectionId(), it->second.session.get());
}

void Shard::httpRequest(Net::Connection *connection, const Net::HttpRequest &request)
{
    // An answer that comes later (from the backplane) finds its connection
    // again in this thread, if the client has not gone meanwhile.
    const quint64 serial = connection->serial();
    auto later = [this, connection, serial](const QByteArray &response) {
        QMetaObject::invokeMethod(
            this,
            [this, connection, serial, response] {
                const auto it = m_connections.find(connection);
                if (it != m_connections.end() && connection->serial() == serial)
                    connection->respond(response);
            },
            Qt::QueuedConnection);
    };
    const QByteArray response = m_hub.handleHttp(request, connection->peerAddress(), later);
    if (!response.isEmpty())
        connection->respond(response);
}

void Shard::finished(Net::Connection *connection)
{
    auto it = m_connections.find(connection);
    if (it == m_connections.end())
        return;
    // The session has already cleaned up (Transport::Listener::closed); the
    // objects go at the end of this turn, when no call is using them.
    if (it->second.session)
        m_sessions.remove(it->second.session->connectionId());
    m_finished.push_back(std::move(it->second));
    m_connections.erase(it);
    scheduleFlush();
}

ssl_ctx_st *Shard::tlsContext() const
{
    return m_hub.tls.get();
}

void Shard::transferred(qint64 in, qint64 out)
{
    if (in)
        Counters::add(m_counters.bytesIn, quint64(in));
    if (out)
        Counters::add(m_counters.bytesOut, quint64(out));
}

bool Shard::closeSession(const QString &connectionId, int code, const QString &reason)
{
    Session *session = m_sessions.value(connectionId);
    if (!session)
        return false;
    session->close(code, reason);
    return true;
}

void Shard::withSession(const QString &connectionId, std::function<void(Session &)> work)
{
    QMetaObject::invokeMethod(
        this,
        [this, connectionId, work = std::move(work)] {
            if (Session *session = m_sessions.value(connectionId); session && !session->isClosing())
                work(*session);
        },
        Qt::QueuedConnection);
}

void Shard::forEachSession(const std::function<void(Session &)> &visit) const
{
    for (const auto &[key, entry] : m_connections) {
        if (entry.session)
            visit(*entry.session);
    }
}

void Shard::enqueue(const EventPtr &event)
{
    std::lock_guard lock(m_queueMutex);
    m_queue.push_back(event);
    if (!m_drainScheduled) {
        m_drainScheduled = true;
        QMetaObject::invokeMethod(
            this, [this] { drain(); }, Qt::QueuedConnection);
    }
}

void Shard::drain()
{
    deliverQueued();
    reap();
}

void Shard::afterRead(qint64 bytes)
{
    // One socket brought a lot at once (a publisher's window) and others
    // are waiting to be read: its deliveries are written first. Under load
    // each publisher's window then travels as one piece, read whole and
    // written whole, instead of every publisher's trickle being read in
    // the same pass and written a few frames at a time (herald-bench
    // channels: 109 frames per sendmsg instead of 32, docs/performance.md).
    // Small reads, such as a burst of subscribes, still wait for the end of
    // the turn, so a channel's presence events go out in one write per member.
    if (bytes >= kWriteAfterReadBytes)
        deliverQueued(); // no reap: the poller's batch may name a connection closed in it
}

void Shard::deliverQueued()
{
    std::vector<EventPtr> events;
    {
        std::lock_guard lock(m_queueMutex);
        events.swap(m_queue);
        m_drainScheduled = false;
    }
    for (const EventPtr &event : events) {
        const auto it = m_local.constFind(event->channel());
        if (it == m_local.cend())
            continue;
        const bool publication = event->kind() == Event::Kind::Publication;
        for (const Local &local : it.value()) {
            if (publication ? event->seq() <= local.fromSeq : !local.presence)
                continue; // already in its replay or from before it joined; or not wanted
            local.session->deliver(event, true);
        }
    }
    // `events` keeps every frame alive until it is written or copied.
    flushDirty();
}

void Shard::addLocal(const QString &channel, Session *session, quint64 fromSeq, bool presence)
{
    m_local[channel].push_back(Local{session, fromSeq, presence});
}

void Shard::removeLocal(const QString &channel, Session *session)
{
    const auto it = m_local.find(channel);
    if (it == m_local.end())
        return;
    auto &locals = it.value();
    for (std::size_t i = 0; i < locals.size(); ++i) {
        if (locals[i].session == session) {
            locals[i] = locals.back();
            locals.pop_back();
            break;
        }
    }
    if (locals.empty())
        m_local.erase(it);
}

void Shard::markDirty(Net::Connection *connection)
{
    m_dirty.push_back(connection);
    scheduleFlush();
}

void Shard::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    // Runs before the event loop next waits: everything queued during this
    // turn goes out in one write per connection.
    QMetaObject::invokeMethod(
        this, [this] { flushAll(); }, Qt::QueuedConnection);
}

void Shard::flushAll()
{
    m_flushScheduled = false;
    flushDirty();
    reap();
}

void Shard::flushDirty()
{
    std::vector<Net::Connection *> dirty;
    dirty.swap(m_dirty);
    for (Net::Connection *connection : dirty)
        connection->flush();
}

void Shard::reap()
{
    if (!m_dirty.empty())
        return; // a flush above queued more: reap after the next one
    m_finished.clear();
}

void Shard::housekeep()
{
    const qint64 current = now();
    const qint64 handshakeTimeout = m_hub.config.handshakeTimeout.count();
    std::vector<Net::Connection *> overdue;
    for (const auto &[key, entry] : m_connections) {
        Net::Connection &connection = *entry.connection;
        switch (connection.state()) {
        case Net::Connection::State::Request:
            if (current - connection.stateSinceMs() >= handshakeTimeout)
                overdue.push_back(&connection);
            break;
        case Net::Connection::State::Closing:
            if (current - connection.stateSinceMs() >= kCloseDeadlineMs)
                overdue.push_back(&connection);
            break;
        case Net::Connection::State::Responding:
            if (current - connection.stateSinceMs() >= kResponseDeadlineMs)
                overdue.push_back(&connection);
            break;
        case Net::Connection::State::Open:
            connection.trimOutbox();
            if (entry.session)
                entry.session->housekeep(current);
            break;
        case Net::Connection::State::Closed:
            break;
        }
    }
    for (Net::Connection *connection : overdue)
        connection->abort(u"timed out"_s);
}

void Shard::shutdown()
{
    std::vector<Net::Connection *> pending;
    for (const auto &[key, entry] : m_connections) {
        if (entry.session)
            entry.session->close(1001, u"hub shutting down"_s);
        else
            pending.push_back(entry.connection.get());
    }
    for (Net::Connection *connection : pending)
        connection->abort(u"hub shutting down"_s);
}

} // namespace Herald
