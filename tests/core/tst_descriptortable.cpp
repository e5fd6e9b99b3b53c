// Net::DescriptorTable, the system calls under the hub's per-thread tables:
// a thread's own table and what is closed in it, eventfds found by id, and
// descriptors passed over the handoff socket without loss: a full socket
// says EAGAIN, a full table drops (and closes) what it cannot take.

#include "net/descriptortable.h"

#include <QTest>

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

using namespace Herald::Net;

namespace {

ino_t inodeOf(int fd)
{
    struct stat status = {};
    return ::fstat(fd, &status) == 0 ? status.st_ino : 0;
}

bool isSocket(int fd)
{
    struct stat status = {};
    return ::fstat(fd, &status) == 0 && S_ISSOCK(status.st_mode);
}

bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) != -1;
}

/// Whether `fd`'s peer has closed (a read gives end of file at once).
bool peerClosed(int fd)
{
    char byte;
    return ::recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

} // namespace

class TestDescriptorTable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eventFdsAreFoundById();
    void aPrivateTableClosesSocketsAndPipesOnly();
    void descriptorsCrossTheHandoffSocket();
    void aFullSocketSaysAgainAndLosesNothing();
    void aFullTableDropsAndClosesWhatItCannotTake();
};

void TestDescriptorTable::initTestCase()
{
    if (!DescriptorTable::supported())
        QSKIP("no /proc/thread-self here: threads share one descriptor table");
}

void TestDescriptorTable::eventFdsAreFoundById()
{
    const int a = ::eventfd(0, EFD_CLOEXEC);
    const int b = ::eventfd(3, EFD_CLOEXEC);
    QVERIFY(a >= 0 && b >= 0);
    DescriptorTable::EventFd foundA, foundB;
    for (const DescriptorTable::EventFd &e : DescriptorTable::eventFds()) {
        if (e.fd == a)
            foundA = e;
        if (e.fd == b)
            foundB = e;
    }
    QCOMPARE(foundA.fd, a);
    QCOMPARE(foundB.fd, b);
    QVERIFY(foundA.id != foundB.id);
    QCOMPARE(foundA.count, quint64(0));
    QCOMPARE(foundB.count, quint64(3));
    QVERIFY(DescriptorTable::isEventFd(a, foundA.id));
    QVERIFY(!DescriptorTable::isEventFd(a, foundB.id));
    ::close(a);
    QVERIFY(!DescriptorTable::isEventFd(a, foundA.id));
    ::close(b);
    int pipe[2];
    QVERIFY(::pipe2(pipe, O_CLOEXEC) == 0);
    QVERIFY(!DescriptorTable::isEventFd(pipe[0], foundA.id));
    ::close(pipe[0]);
    ::close(pipe[1]);
}

void TestDescriptorTable::aPrivateTableClosesSocketsAndPipesOnly()
{
    int pair[2], keep[2], pipe[2];
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, keep) == 0);
    QVERIFY(::pipe2(pipe, O_CLOEXEC) == 0);
    const int event = ::eventfd(0, EFD_CLOEXEC);
    const int file = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    QVERIFY(event >= 0 && file >= 0);

    int closed = -1;
    bool pairGone = false, pipeGone = false, kept = false, eventKept = false, fileKept = false;
    bool keptHereAfterwards = false;
    std::thread([&] {
        closed = DescriptorTable::makePrivate(keep[1]);
        // In this thread's table: the copies are /dev/null now, the rest is as it was.
        pairGone = isOpen(pair[0]) && !isSocket(pair[0]) && !isSocket(pair[1]);
        pipeGone = inodeOf(pipe[0]) == inodeOf(pair[0]); // both /dev/null
        kept = isSocket(keep[1]) && !isSocket(keep[0]);
        eventKept = DescriptorTable::eventFds().size() >= 1 && isOpen(event);
        fileKept = isOpen(file) && !isSocket(file);
        // A descriptor opened here stays here.
        const int own = ::eventfd(0, EFD_CLOEXEC);
        keptHereAfterwards = own >= 0;
    }).join();
    QVERIFY(closed >= 4);
    QVERIFY(pairGone);
    QVERIFY(pipeGone);
    QVERIFY(kept);
    QVERIFY(eventKept);
    QVERIFY(fileKept);
    QVERIFY(keptHereAfterwards);

    // The thread's copies go with it (the kernel drops its table a moment
    // after join() returns): closing here ends them.
    QVERIFY(isSocket(pair[0]) && isSocket(keep[0]));
    ::close(pair[1]);
    QVERIFY(peerClosed(pair[0]));
    ::close(keep[1]);
    QTRY_VERIFY(peerClosed(keep[0]));
    for (const int fd : {pair[0], keep[0], pipe[0], pipe[1], event, file})
        ::close(fd);
}

void TestDescriptorTable::descriptorsCrossTheHandoffSocket()
{
    int channel[2], payload[2];
    QVERIFY(DescriptorTable::handoffPair(channel));
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, payload) == 0);
    QCOMPARE(DescriptorTable::receive(channel[1]).kind, DescriptorTable::Received::Kind::Empty);
    QCOMPARE(DescriptorTable::send(channel[0], payload[0]), 0);
    ::close(payload[0]); // the copy in flight keeps it open
    QVERIFY(!peerClosed(payload[1]));
    const DescriptorTable::Received received = DescriptorTable::receive(channel[1]);
    QCOMPARE(received.kind, DescriptorTable::Received::Kind::Descriptor);
    QVERIFY(received.fd >= 0);
    QVERIFY(::fcntl(received.fd, F_GETFD) & FD_CLOEXEC);
    QCOMPARE(::write(received.fd, "x", 1), 1);
    char byte = 0;
    QCOMPARE(::read(payload[1], &byte, 1), 1);
    QCOMPARE(byte, 'x');
    ::close(received.fd);
    QVERIFY(peerClosed(payload[1]));

    ::close(channel[0]);
    QCOMPARE(DescriptorTable::receive(channel[1]).kind, DescriptorTable::Received::Kind::Closed);
    ::close(channel[1]);
    ::close(payload[1]);
}

void TestDescriptorTable::aFullSocketSaysAgainAndLosesNothing()
{
    int channel[2], payload[2];
    QVERIFY(DescriptorTable::handoffPair(channel));
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, payload) == 0);
    int sent = 0;
    int error = 0;
    while ((error = DescriptorTable::send(channel[0], payload[0])) == 0 && sent < 100000)
        ++sent;
    QCOMPARE(error, EAGAIN); // never blocks
    QVERIFY(sent > 10);
    int received = 0;
    for (;;) {
        const DescriptorTable::Received r = DescriptorTable::receive(channel[1]);
        if (r.kind != DescriptorTable::Received::Kind::Descriptor) {
            QCOMPARE(r.kind, DescriptorTable::Received::Kind::Empty);
            break;
        }
        QCOMPARE(inodeOf(r.fd), inodeOf(payload[0]));
        ::close(r.fd);
        ++received;
    }
    QCOMPARE(received, sent);
    QCOMPARE(DescriptorTable::send(channel[0], payload[0]), 0); // room again
    for (const int fd : {channel[0], channel[1], payload[0], payload[1]})
        ::close(fd);
}

void TestDescriptorTable::aFullTableDropsAndClosesWhatItCannotTake()
{
    int channel[2], payload[2];
    QVERIFY(DescriptorTable::handoffPair(channel));
    QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, payload) == 0);
    QCOMPARE(DescriptorTable::send(channel[0], payload[0]), 0);
    ::close(payload[0]); // only the copy in flight is left
    QVERIFY(!peerClosed(payload[1]));

    // In a child: a table with no room left, so the descriptor cannot land.
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        rlimit limit{};
        ::getrlimit(RLIMIT_NOFILE, &limit);
        int highest = 0;
        for (int fd = 0; fd < 4096; ++fd)
            highest = isOpen(fd) ? fd : highest;
        limit.rlim_cur = rlim_t(highest + 1);
        ::setrlimit(RLIMIT_NOFILE, &limit);
        while (::dup(0) >= 0) {
        }
        const DescriptorTable::Received r = DescriptorTable::receive(channel[1]);
        ::_exit(r.kind == DescriptorTable::Received::Kind::Dropped ? 0 : 1);
    }
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    // Taken off the socket and closed by the kernel: its peer sees the end.
    QCOMPARE(DescriptorTable::receive(channel[1]).kind, DescriptorTable::Received::Kind::Empty);
    QVERIFY(peerClosed(payload[1]));
    for (const int fd : {channel[0], channel[1], payload[1]})
        ::close(fd);
}

QTEST_APPLESS_MAIN(TestDescriptorTable)
#include "tst_descriptortable.moc"
