// Net::Poller, the one epoll descriptor through which a shard watches all
// of its sockets: readiness reaches the right watcher, write interest goes
// on and off, a removed socket is forgotten, a hang-up reads as readable,
// and every ready socket is served once per wake-up however many there are
// (what lets a burst of reads be flushed once per connection), and the
// owner hears what a read took before the next ready socket is read.

#include "net/poller.h"

#include <QCoreApplication>
#include <QTest>

#include <cstring>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace Herald::Net;

namespace {

/// One end of a socketpair, watched; counts what the poller says. Reads one
/// byte per call unless told to drain, so a socket can stay ready.
struct Pair final : Poller::Watcher
{
    int mine = -1;
    int peer = -1;
    int reads = 0;
    int writes = 0;
    bool eof = false;
    bool drain = true;
    std::vector<const void *> *log = nullptr; // who was read, in order

    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            mine = fds[0];
            peer = fds[1];
        }
    }
    ~Pair()
    {
        if (mine >= 0)
            ::close(mine);
        if (peer >= 0)
            ::close(peer);
    }
    qint64 readable() override
    {
        ++reads;
        if (log)
            log->push_back(this);
        char buffer[256];
        qint64 taken = 0;
        for (;;) {
            const ssize_t n = ::recv(mine, buffer, drain ? sizeof buffer : 1, 0);
            if (n == 0)
                eof = true;
            if (n > 0)
                taken += n;
            if (n <= 0 || !drain)
                return taken;
        }
    }
    void writable() override { ++writes; }
    bool send(const char *bytes) { return ::send(peer, bytes, strlen(bytes), 0) > 0; }
};

/// One pass of the event loop: Qt's dispatcher polls once and fires the
/// notifiers that are ready, the poller's among them.
void oneTurn()
{
    QCoreApplication::processEvents(QEventLoop::AllEvents);
}

/// Several turns; whether `count` stayed where it was through them.
bool staysPut(const int &count)
{
    const int before = count;
    for (int i = 0; i < 5; ++i)
        oneTurn();
    return count == before;
}

/// Turns until `done` or a second has passed.
template<typename Done>
bool turnUntil(Done done)
{
    return QTest::qWaitFor([&] { return done(); }, 1000);
}

} // namespace

class TestPoller : public QObject
{
    Q_OBJECT

private slots:
    void readinessReachesItsWatcher();
    void writeInterestGoesOnAndOff();
    void aRemovedSocketIsForgotten();
    void aHangUpReadsAsReadable();
    void everyReadySocketOncePerWakeUp();
    void theOwnerHearsOfAReadBeforeTheNextSocketIsRead();
};

void TestPoller::readinessReachesItsWatcher()
{
    Poller poller;
    QVERIFY(poller.isValid());
    Pair a, b;
    QVERIFY(poller.add(a.mine, &a));
    QVERIFY(poller.add(b.mine, &b));
    QCOMPARE(poller.count(), 2);

    QVERIFY(b.send("hello"));
    QVERIFY(turnUntil([&] { return b.reads > 0; }));
    QCOMPARE(a.reads, 0);
    QCOMPARE(a.writes + b.writes, 0); // nobody asked about writing

    // Drained: no more calls for b until the peer writes again.
    const int seen = b.reads;
    QVERIFY(staysPut(b.reads));
    QVERIFY(a.send("x"));
    QVERIFY(turnUntil([&] { return a.reads > 0; }));
    QCOMPARE(b.reads, seen);
}

void TestPoller::writeInterestGoesOnAndOff()
{
    Poller poller;
    Pair a;
    QVERIFY(poller.add(a.mine, &a));
    QVERIFY(poller.setWriteInterest(a.mine, &a, true));
    QVERIFY(turnUntil([&] { return a.writes > 0; }));
    // Level-triggered: an empty socket buffer keeps saying so.
    const int first = a.writes;
    QVERIFY(turnUntil([&] { return a.writes > first; }));
    QCOMPARE(a.reads, 0);

    QVERIFY(poller.setWriteInterest(a.mine, &a, false));
    QVERIFY(staysPut(a.writes));
    // Reading is still watched with writing off.
    QVERIFY(a.send("x"));
    QVERIFY(turnUntil([&] { return a.reads > 0; }));
}

void TestPoller::aRemovedSocketIsForgotten()
{
    Poller poller;
    Pair a, b;
    QVERIFY(poller.add(a.mine, &a));
    QVERIFY(poller.add(b.mine, &b));
    poller.remove(a.mine);
    QCOMPARE(poller.count(), 1);
    poller.remove(a.mine); // twice: nothing more happens
    QCOMPARE(poller.count(), 1);

    QVERIFY(a.send("ignored"));
    QVERIFY(b.send("seen"));
    QVERIFY(turnUntil([&] { return b.reads > 0; }));
    QVERIFY(staysPut(a.reads));
    QCOMPARE(a.reads, 0);
    // A socket can be added again once removed.
    QVERIFY(poller.add(a.mine, &a));
    QVERIFY(turnUntil([&] { return a.reads > 0; }));
}

void TestPoller::aHangUpReadsAsReadable()
{
    Poller poller;
    Pair a;
    QVERIFY(poller.add(a.mine, &a));
    ::close(a.peer);
    a.peer = -1;
    QVERIFY(turnUntil([&] { return a.eof; }));
}

void TestPoller::everyReadySocketOncePerWakeUp()
{
    // More sockets than any fixed batch would take, each left readable (one
    // byte read per call, ten waiting): a wake-up serves every ready socket
    // the same number of times, so none waits for a later turn, and it
    // ends while they are still ready, so the loop's timers and the flush
    // of what was read get their turn.
    constexpr int kSockets = 400; // 800 descriptors: under the usual soft limit of 1024
    constexpr int kBytes = 10;
    Poller poller;
    std::vector<std::unique_ptr<Pair>> pairs;
    for (int i = 0; i < kSockets; ++i) {
        pairs.push_back(std::make_unique<Pair>());
        Pair &pair = *pairs.back();
        QVERIFY2(pair.mine >= 0, "socketpair failed (descriptor limit?)");
        pair.drain = false;
        QVERIFY(poller.add(pair.mine, &pair));
        QVERIFY(pair.send("0123456789"));
    }
    oneTurn();
    const int perTurn = pairs.front()->reads;
    QVERIFY(perTurn >= 1);
    QVERIFY2(perTurn < kBytes, "one wake-up served a ready socket until it was drained");
    for (const auto &pair : pairs)
        QCOMPARE(pair->reads, perTurn);
    oneTurn();
    for (const auto &pair : pairs)
        QCOMPARE(pair->reads, std::min(2 * perTurn, kBytes));
    // Read to the end, then only end of file is left to see.
    QVERIFY(turnUntil([&] { return pairs.back()->reads >= kBytes; }));
    for (const auto &pair : pairs) {
        ::close(pair->peer);
        pair->peer = -1;
    }
    QVERIFY(turnUntil([&] { return pairs.back()->eof; }));
    for (const auto &pair : pairs)
        QVERIFY(pair->eof);
}

void TestPoller::theOwnerHearsOfAReadBeforeTheNextSocketIsRead()
{
    // Between two sockets' reads in one pass, the owner hears what the
    // first took (the shard writes a publisher's big read before it reads
    // the next publisher). After the last one it hears nothing: the end of
    // the turn writes anyway, and later passes may add to it.
    Poller poller;
    std::vector<const void *> log;
    std::vector<qint64> sizes;
    poller.setAfterRead([&](qint64 bytes) {
        log.push_back(nullptr);
        sizes.push_back(bytes);
    });
    Pair first;
    Pair second;
    for (Pair *pair : {&first, &second}) {
        pair->log = &log;
        QVERIFY(poller.add(pair->mine, pair));
    }
    QVERIFY(first.send("0123456789"));
    QVERIFY(second.send("abc"));
    QVERIFY(turnUntil([&] { return first.reads == 1 && second.reads == 1; }));
    // read, its report, read: in whichever order epoll gave them
    QCOMPARE(log.size(), std::size_t(3));
    QVERIFY(log[0] && !log[1] && log[2] && log[0] != log[2]);
    QCOMPARE(sizes.front(), log[0] == &first ? qint64(10) : qint64(3));

    // One socket alone: nothing between reads, nothing to hear.
    log.clear();
    QVERIFY(first.send("xyz"));
    QVERIFY(turnUntil([&] { return first.reads == 2; }));
    QCOMPARE(log.size(), std::size_t(1));
    QCOMPARE(sizes.size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"
