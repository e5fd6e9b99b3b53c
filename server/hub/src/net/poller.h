#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>
#include <vector>

struct epoll_event;

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Herald::Net {

/// Readiness for every socket of one thread through a single epoll
/// descriptor, which is itself the only thing Qt's event dispatcher watches
/// for them (one QSocketNotifier). Qt's Unix dispatcher asks poll() about
/// each of its notifiers on every loop turn, so with one notifier per socket
/// a turn costs in proportion to the thread's connections, busy or not
/// (docs/performance.md); here it costs in proportion to the sockets that
/// are ready. Level-triggered, like the notifiers it replaces.
///
/// Used from the thread that made it only.
class Poller
{
public:
    /// A socket's owner; called from dispatch(), in the poller's thread.
    class Watcher
    {
    public:
        /// Readable, hung up or in error: a read will tell which. Returns
        /// how many bytes it took from the socket.
        virtual qint64 readable() = 0;
        virtual void writable() = 0;

    protected:
        ~Watcher() = default;
    };

    Poller();
    ~Poller();
    Poller(const Poller &) = delete;
    Poller &operator=(const Poller &) = delete;

    /// False if the kernel gave no epoll descriptor (errno says why).
    bool isValid() const { return m_epoll >= 0; }

    /// Watches `fd` for reading; false (errno says why) if the kernel
    /// refuses. The watcher must outlive the registration or remove() it.
    bool add(int fd, Watcher *watcher);
    /// Watches `fd` for writing too, or no longer: on while output waits
    /// for room in the socket, off once it is written.
    bool setWriteInterest(int fd, Watcher *watcher, bool on);
    /// Before the descriptor is closed: a socket another descriptor table
    /// still holds a copy of would otherwise stay registered.
    void remove(int fd);

    /// How many sockets are registered.
    int count() const { return m_count; }

    /// Called between two sockets' reads in one pass, with the bytes the
    /// first took: the owner may act on one socket's input before it reads
    /// the next one's (Shard: a big read is delivered and written first).
    /// Not after the last read of a pass, which the end of the turn and
    /// any later pass follow anyway.
    void setAfterRead(std::function<void(qint64 bytes)> afterRead)
    {
        m_afterRead = std::move(afterRead);
    }

private:
    void dispatch();

    int m_epoll = -1;
    int m_count = 0;
    std::vector<epoll_event> m_events;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::function<void(qint64)> m_afterRead;
};

} // namespace Herald::Net
