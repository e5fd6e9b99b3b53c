#include "descriptortable.h"

#include <QByteArray>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#ifdef Q_OS_LINUX
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace Herald::Net::DescriptorTable {

#ifdef Q_OS_LINUX

namespace {

// /proc/self is the process, whose table is the main thread's; a thread
// with a table of its own sees it under /proc/thread-self.
constexpr char kFdDir[] = "/proc/thread-self/fd";

QByteArray readSmallFile(const QByteArray &path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return {};
    QByteArray text(4096, Qt::Uninitialized);
    qsizetype size = 0;
    while (size < text.size()) {
        const ssize_t got = ::read(fd, text.data() + size, size_t(text.size() - size));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size += got;
    }
    ::close(fd);
    text.truncate(size);
    return text;
}

// The value of "key:" in an fdinfo text, or empty.
QByteArray field(const QByteArray &text, const QByteArray &key)
{
    qsizetype at = 0;
    while (at < text.size()) {
        qsizetype end = text.indexOf('\n', at);
        if (end < 0)
            end = text.size();
        const QByteArray line = text.mid(at, end - at);
        if (line.startsWith(key) && line.size() > key.size() && line.at(key.size()) == ':')
            return line.mid(key.size() + 1).trimmed();
        at = end + 1;
    }
    return {};
}

bool eventFdAt(int fd, EventFd &out)
{
    char link[64] = {};
    const QByteArray path = QByteArray(kFdDir) + '/' + QByteArray::number(fd);
    const ssize_t length = ::readlink(path.constData(), link, sizeof link - 1);
    if (length <= 0 || QByteArray(link, length) != "anon_inode:[eventfd]")
        return false;
    const QByteArray info =
        readSmallFile(QByteArrayLiteral("/proc/thread-self/fdinfo/") + QByteArray::number(fd));
    bool idOk = false;
    bool countOk = false;
    const int id = field(info, "eventfd-id").toInt(&idOk);
    const quint64 count = field(info, "eventfd-count").toULongLong(&countOk, 16);
    if (!idOk || !countOk)
        return false;
    out = EventFd{fd, id, count};
    return true;
}

} // namespace

bool supported()
{
    return ::access(kFdDir, R_OK) == 0;
}

std::vector<int> descriptors()
{
    std::vector<int> result;
    DIR *dir = ::opendir(kFdDir);
    if (!dir)
        return result;
    const int own = ::dirfd(dir);
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        const int fd = std::atoi(entry->d_name);
        if (fd != own)
            result.push_back(fd);
    }
    ::closedir(dir);
    return result;
}

std::vector<EventFd> eventFds()
{
    std::vector<EventFd> result;
    for (const int fd : descriptors()) {
        EventFd found;
        if (eventFdAt(fd, found))
            result.push_back(found);
    }
    return result;
}

bool isEventFd(int fd, int id)
{
    EventFd found;
    return fd >= 0 && eventFdAt(fd, found) && found.id == id;
}

int makePrivate(int keep)
{
    if (::unshare(CLONE_FILES) != 0)
        return -1;
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    int closed = 0;
    for (const int fd : descriptors()) {
        if (fd <= STDERR_FILENO || fd == keep || fd == null)
            continue;
        struct stat status = {};
        if (::fstat(fd, &status) != 0 || !(S_ISSOCK(status.st_mode) || S_ISFIFO(status.st_mode)))
            continue;
        // dup3() closes the copy and leaves /dev/null in its place.
        if (null >= 0 && ::dup3(null, fd, O_CLOEXEC) == fd) {
            ++closed;
        } else if (::close(fd) == 0) {
            ++closed;
        }
    }
    if (null >= 0)
        ::close(null);
    return closed;
}

bool handoffPair(int pair[2])
{
    return ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) == 0;
}

namespace {

// One byte of data with room for one descriptor beside it: what a handoff
// message is, both ways.
struct HandoffMessage
{
    char byte = 0;
    iovec data{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr message{};

    HandoffMessage()
    {
        message.msg_iov = &data;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
    }
    HandoffMessage(const HandoffMessage &) = delete; // points into itself
    HandoffMessage &operator=(const HandoffMessage &) = delete;
};

} // namespace

int send(int channel, int fd)
{
    HandoffMessage out;
    cmsghdr *header = CMSG_FIRSTHDR(&out.message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
    ssize_t sent;
    do {
        sent = ::sendmsg(channel, &out.message, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    return sent < 0 ? errno : 0;
}

Received receive(int channel)
{
    HandoffMessage in;
    msghdr &message = in.message;
    ssize_t got;
    do {
        got = ::recvmsg(channel, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    Received result;
    if (got < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return result; // Empty
        result.kind = Received::Kind::Failed;
        result.error = errno;
        return result;
    }
    if (got == 0) {
        result.kind = Received::Kind::Closed;
        return result;
    }
    for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS)
            continue;
        const std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof fd);
            if (result.kind == Received::Kind::Descriptor)
                ::close(fd); // one per message is all we send
            else
                result = Received{Received::Kind::Descriptor, fd, 0};
        }
    }
    if (result.kind != Received::Kind::Descriptor)
        result.kind = Received::Kind::Dropped; // MSG_CTRUNC: no room in this table
    return result;
}

#else

bool supported()
{
    return false;
}
std::vector<int> descriptors()
{
    return {};
}
std::vector<EventFd> eventFds()
{
    return {};
}
bool isEventFd(int, int)
{
    return false;
}
int makePrivate(int)
{
    errno = ENOSYS;
    return -1;
}
bool handoffPair(int[2])
{
    errno = ENOSYS;
    return false;
}
int send(int, int)
{
    return ENOSYS;
}
Received receive(int)
{
    return Received{Received::Kind::Failed, -1, ENOSYS};
}

#endif

} // namespace Herald::Net::DescriptorTable
