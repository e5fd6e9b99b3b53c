// RedisBackplane: two "hubs" in one process sharing channels through a
// private redis-server. Seqs cluster-wide without gaps, history trimmed to
// size, recovery reads, epochs that outlive a hub, presence across hubs and
// the expiry of a dead hub's members, gaps filled after a lost link, and
// Redis killed mid-stream with every publication accounted for.

#include "redisserver.h"

#include <redisbackplane.h>

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

/// Waits for an asynchronous result handed to a callback.
template<typename T>
class Waiter
{
public:
    auto callback()
    {
        return [this](const T &value) { m_value = value; };
    }
    bool wait(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return m_value.has_value(); }, timeoutMs);
    }
    const T &value() const { return *m_value; }
    const T *operator->() const { return &*m_value; }

private:
    std::optional<T> m_value;
};

/// Everything one hub's backplane emits for one channel, in order.
class Recorder : public QObject
{
public:
    explicit Recorder(RedisBackplane *backplane)
    {
        connect(backplane, &RedisBackplane::publicationReceived, this,
                [this](const Wire::Publication &p) { publications.append(p); });
        connect(backplane, &RedisBackplane::channelSynced, this,
                [this](const QString &, const Wire::Position &position,
                       const QList<Wire::Publication> &history) {
                    syncs.append(position);
                    histories.append(history);
                });
        connect(backplane, &RedisBackplane::publicationsLost, this,
                [this](const QString &, quint64 first, quint64 last) {
                    // Lost seqs belong to the epoch of the newest sync.
                    lost.append({syncs.value(syncs.size() - 1).epoch, first, last});
                });
    }

    QList<quint64> seqs() const
    {
        QList<quint64> out;
        for (const Wire::Publication &p : publications)
            out.append(p.seq);
        return out;
    }
    QStringList ids() const
    {
        QStringList out;
        for (const Wire::Publication &p : publications)
            out.append(p.id);
        return out;
    }

    QList<Wire::Publication> publications;
    QList<Wire::Position> syncs;
    QList<QList<Wire::Publication>> histories;
    struct Lost
    {
        QString epoch;
        quint64 first = 0;
        quint64 last = 0;
    };
    QList<Lost> lost;

    quint64 lostCount() const
    {
        quint64 count = 0;
        for (const Lost &range : lost)
            count += range.last - range.first + 1;
        return count;
    }
};

QList<quint64> range(quint64 first, quint64 last)
{
    QList<quint64> out;
    for (quint64 s = first; s <= last; ++s)
        out.append(s);
    return out;
}

Result<Wire::Position> publishAndWait(RedisBackplane &backplane, const QString &channel,
                                      const QString &id)
{
    Waiter<Result<Wire::Position>> done;
    backplane.publish(channel, u"message"_s, QJsonObject{{u"id"_s, id}}, {}, id, done.callback());
    if (!done.wait())
        return Result<Wire::Position>::failure(u"no callback"_s);
    return done.value();
}

/// Publishes seqs' worth of numbered publications (data and id = the
/// number) in one turn, so they share pipelines, and waits for every reply.
bool publishNumbered(RedisBackplane &backplane, const QString &channel, int first, int last)
{
    int replies = 0;
    int failures = 0;
    for (int i = first; i <= last; ++i) {
        backplane.publish(channel, u"message"_s, i, {}, QString::number(i),
                          [&](const Result<Wire::Position> &r) {
                              ++replies;
                              failures += r ? 0 : 1;
                          });
    }
    return QTest::qWaitFor([&] { return replies == last - first + 1; }, 5000) && failures == 0;
}

} // namespace

class TestRedisBackplane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void twoHubsShareOneSeqPerChannel();
    void watchStartsWithTheHistory();
    void historyIsTrimmedToItsSize();
    void recoveryReads();
    void epochOutlivesTheHub();
    void watchedChannelsOutliveTheTtl();
    void presenceAcrossHubs();
    void membersOfADeadHubExpire();
    void gapAfterALostLinkIsFilled();
    void gapBeyondHistoryIsReportedLost();
    void redisKilledMidStreamAccountsForEverything();
    void stalledRedisIsReportedDown();
    void scriptsComeBackAfterAFlush();
    void unwatchStopsDelivery();
    void downAtStartThenUp();
    void requiredModeGivesUp();
    void lagIsMeasured();

private:
    std::unique_ptr<RedisBackplane>
    makeHub(const QString &hubId, std::function<void(RedisBackplane::Options &)> tweak = {})
    {
        RedisBackplane::Options options;
        options.link = m_server->fastLink();
        options.link.heartbeatIntervalMs = 200;
        options.hubId = hubId;
        options.presenceHeartbeatMs = 100;
        if (tweak)
            tweak(options);
        auto hub = std::make_unique<RedisBackplane>(options);
        hub->start();
        return hub;
    }

    std::unique_ptr<RedisServer> m_server;
};

void TestRedisBackplane::init()
{
    REQUIRE_REDIS_SERVER();
    m_server = std::make_unique<RedisServer>();
}

void TestRedisBackplane::cleanup()
{
    m_server.reset();
}

void TestRedisBackplane::twoHubsShareOneSeqPerChannel()
{
    // Issue 6: seqs are one per channel cluster-wide; every hub watching
    // receives every publication, in seq order.
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    auto b = makeHub(u"b"_s);
    Recorder atA(a.get()), atB(b.get());
    a->watch(u"room"_s);
    b->watch(u"room"_s);
    QTRY_VERIFY(a->isSynced(u"room"_s) && b->isSynced(u"room"_s));
    QCOMPARE(atA.syncs.value(0), (Wire::Position{0, atB.syncs.value(0).epoch}));

    constexpr int kRounds = 150;
    QList<quint64> assigned;
    int failures = 0;
    const auto collect = [&](const Result<Wire::Position> &r) {
        if (r)
            assigned.append(r->seq);
        else
            ++failures;
    };
    // Interleaved in one turn and across turns, so pipelines from both hubs
    // race each other inside Redis.
    for (int i = 0; i < kRounds; ++i) {
        a->publish(u"room"_s, u"message"_s, i, {}, u"a-%1"_s.arg(i), collect);
        b->publish(u"room"_s, u"message"_s, i, {}, u"b-%1"_s.arg(i), collect);
        if (i % 10 == 0)
            QCoreApplication::processEvents();
    }
    QTRY_COMPARE(assigned.size() + failures, 2 * kRounds);
    QCOMPARE(failures, 0);
    std::sort(assigned.begin(), assigned.end());
    QCOMPARE(assigned, range(1, 2 * kRounds));

    QTRY_COMPARE(atA.publications.size(), 2 * kRounds);
    QTRY_COMPARE(atB.publications.size(), 2 * kRounds);
    QCOMPARE(atA.seqs(), range(1, 2 * kRounds));
    QCOMPARE(atB.seqs(), range(1, 2 * kRounds));
    QCOMPARE(atA.ids(), atB.ids()); // the same order on both hubs
    // Each hub's own publications keep the order it issued them in.
    QStringList fromA;
    for (const QString &id : atB.ids()) {
        if (id.startsWith(u"a-"_s))
            fromA.append(id);
    }
    for (int i = 0; i < kRounds; ++i)
        QCOMPARE(fromA.at(i), u"a-%1"_s.arg(i));
    QCOMPARE(a->stats().received, quint64(2 * kRounds));
    QCOMPARE(a->stats().lost, 0u);
}

void TestRedisBackplane::watchStartsWithTheHistory()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    QTRY_VERIFY(a->isUp());
    for (int i = 1; i <= 5; ++i)
        QVERIFY(publishAndWait(*a, u"news"_s, u"n%1"_s.arg(i)).ok());

    auto b = makeHub(u"b"_s);
    Recorder atB(b.get());
    b->watch(u"news"_s);
    QTRY_COMPARE(atB.syncs.size(), 1);
    QCOMPARE(atB.syncs.at(0).seq, 5u);
    QCOMPARE(atB.histories.at(0).size(), 5);
    QCOMPARE(atB.histories.at(0).first().id, u"n1"_s);
    QCOMPARE(atB.histories.at(0).last().seq, 5u);
    QVERIFY(atB.publications.isEmpty()); // history is not delivered again

    QVERIFY(publishAndWait(*a, u"news"_s, u"n6"_s).ok());
    QTRY_COMPARE(atB.seqs(), QList<quint64>{6});
    QCOMPARE(atB.publications.at(0).epoch, atB.syncs.at(0).epoch);
}

void TestRedisBackplane::historyIsTrimmedToItsSize()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s, [](RedisBackplane::Options &o) { o.historySize = 10; });
    QTRY_VERIFY(a->isUp());
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 25));

    // Exact trimming (MAXLEN without ~): recovery depends on the bound.
    QCOMPARE(m_server->cli({u"XLEN"_s, u"herald:{c}:stream"_s}), u"10"_s);
    Waiter<Result<RedisBackplane::History>> newest;
    a->read(u"c"_s, std::nullopt, 100, newest.callback());
    QVERIFY(newest.wait());
    QCOMPARE(newest->value().position.seq, 25u);
    QCOMPARE(newest->value().publications.size(), 10);
    QCOMPARE(newest->value().publications.first().seq, 16u);
    QCOMPARE(newest->value().publications.last().seq, 25u);
    QCOMPARE(newest->value().publications.last().data, QJsonValue(25));
}

void TestRedisBackplane::recoveryReads()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s, [](RedisBackplane::Options &o) { o.historySize = 10; });
    QTRY_VERIFY(a->isUp());
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 25));

    const auto read = [&](std::optional<quint64> since, int limit) {
        Waiter<Result<RedisBackplane::History>> done;
        a->read(u"c"_s, since, limit, done.callback());
        done.wait();
        QList<quint64> seqs;
        for (const Wire::Publication &p : done->value().publications)
            seqs.append(p.seq);
        return seqs;
    };
    // Inside history: exactly what follows, so recovered = true.
    QCOMPARE(read(20, 100), range(21, 25));
    QCOMPARE(read(15, 100), range(16, 25)); // the oldest kept is since + 1
    QCOMPARE(read(20, 2), range(21, 22));   // limit counts from since
    // Older than history: the first seq is not since + 1, so the broker
    // answers recovered = false.
    QCOMPARE(read(3, 100).value(0), 16u);
    // Up to date, or ahead of the channel: nothing.
    QCOMPARE(read(25, 100), QList<quint64>{});
    QCOMPARE(read(40, 100), QList<quint64>{});
    QCOMPARE(read(std::nullopt, 3), range(23, 25));

    // A channel Redis has never seen gets a position to subscribe from.
    Waiter<Result<Wire::Position>> fresh;
    a->position(u"never-used"_s, fresh.callback());
    QVERIFY(fresh.wait());
    QCOMPARE(fresh->value().seq, 0u);
    QVERIFY(!fresh->value().epoch.isEmpty());
}

void TestRedisBackplane::epochOutlivesTheHub()
{
    QVERIFY_STATUS(m_server->start());
    QString epoch;
    {
        auto a = makeHub(u"a"_s);
        QTRY_VERIFY(a->isUp());
        for (int i = 1; i <= 3; ++i) {
            const Result<Wire::Position> published = publishAndWait(*a, u"c"_s, QString::number(i));
            QVERIFY(published.ok());
            epoch = published->epoch;
        }
    }
    // Another hub, or the same one restarted, carries on with the same epoch.
    auto c = makeHub(u"c"_s);
    QTRY_VERIFY(c->isUp());
    Waiter<Result<Wire::Position>> position;
    c->position(u"c"_s, position.callback());
    QVERIFY(position.wait());
    QCOMPARE(position->value(), (Wire::Position{3, epoch}));
    QCOMPARE(publishAndWait(*c, u"c"_s, u"4"_s).value(), (Wire::Position{4, epoch}));

    // Redis itself restarted without persistence: the state is gone, and a
    // new epoch says so.
    m_server->kill();
    QTRY_VERIFY(!c->isUp());
    QVERIFY_STATUS(m_server->start());
    QTRY_VERIFY_WITH_TIMEOUT(c->isUp(), 5000);
    const Result<Wire::Position> after = publishAndWait(*c, u"c"_s, u"5"_s);
    QVERIFY2(after.ok(), qPrintable(after.reason()));
    QCOMPARE(after->seq, 1u);
    QVERIFY(after->epoch != epoch);
}

void TestRedisBackplane::watchedChannelsOutliveTheTtl()
{
    // docs/protocol.md: a channel with no subscribers keeps its state for
    // the history TTL, then is dropped; one with subscribers keeps it.
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s, [](RedisBackplane::Options &o) { o.historyTtlMs = 2000; });
    a->watch(u"kept"_s);
    QTRY_VERIFY(a->isSynced(u"kept"_s));
    QVERIFY(publishAndWait(*a, u"kept"_s, u"1"_s).ok());
    QVERIFY(publishAndWait(*a, u"dropped"_s, u"1"_s).ok());
    const auto exists = [this](const QString &key) {
        return m_server->cli({u"EXISTS"_s, key}) == u"1"_s;
    };
    QVERIFY(exists(u"herald:{dropped}:stream"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!exists(u"herald:{dropped}:state"_s), 5000);
    QVERIFY(!exists(u"herald:{dropped}:stream"_s));
    QVERIFY(exists(u"herald:{kept}:state"_s));
    QVERIFY(exists(u"herald:{kept}:stream"_s));
}

void TestRedisBackplane::presenceAcrossHubs()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    auto b = makeHub(u"b"_s);
    QSignalSpy joinedAtB(b.get(), &RedisBackplane::memberJoined);
    QSignalSpy leftAtB(b.get(), &RedisBackplane::memberLeft);
    a->watch(u"room"_s);
    b->watch(u"room"_s);
    QTRY_VERIFY(a->isSynced(u"room"_s) && b->isSynced(u"room"_s));

    const Wire::Sender jane1{u"u1"_s, u"Jane"_s, u"a-1"_s};
    const Wire::Sender jane2{u"u1"_s, u"Jane"_s, u"a-2"_s};
    const Wire::Sender bob{u"u2"_s, u"Bob"_s, u"b-1"_s};
    Waiter<Status> joined;
    a->join(u"room"_s, jane1);
    a->join(u"room"_s, jane2);
    b->join(u"room"_s, bob, joined.callback());
    QVERIFY(joined.wait());
    QVERIFY2(joined->ok(), qPrintable(joined->reason()));

    QTRY_COMPARE(joinedAtB.count(), 3);
    QCOMPARE(joinedAtB.at(0).at(1).value<Wire::Sender>(), jane1);
    QCOMPARE(joinedAtB.at(2).at(1).value<Wire::Sender>(), bob);
    const QList<Wire::MemberSummary> expected{{u"u1"_s, u"Jane"_s, 2}, {u"u2"_s, u"Bob"_s, 1}};
    for (RedisBackplane *hub : {a.get(), b.get()}) {
        Waiter<Result<QList<Wire::MemberSummary>>> members;
        hub->members(u"room"_s, members.callback());
        QVERIFY(members.wait());
        QCOMPARE(members->value(), expected);
    }

    // Heartbeats refresh (the expiry moves on), they do not announce again.
    const int joins = joinedAtB.count();
    const auto expiry = [this] {
        return m_server->cli({u"ZSCORE"_s, u"herald:{room}:presence-expiry"_s, u"a/a-1"_s})
            .toLongLong();
    };
    const qint64 firstExpiry = expiry();
    QVERIFY(firstExpiry > 0);
    QTRY_VERIFY(expiry() > firstExpiry);
    QCOMPARE(joinedAtB.count(), joins);

    a->leave(u"room"_s, u"a-1"_s);
    QTRY_COMPARE(leftAtB.count(), 1);
    QCOMPARE(leftAtB.at(0).at(1).value<Wire::Sender>(), jane1);
    Waiter<Result<QList<Wire::MemberSummary>>> members;
    b->members(u"room"_s, members.callback());
    QVERIFY(members.wait());
    QCOMPARE(members->value(),
             (QList<Wire::MemberSummary>{{u"u1"_s, u"Jane"_s, 1}, {u"u2"_s, u"Bob"_s, 1}}));
}

void TestRedisBackplane::membersOfADeadHubExpire()
{
    // Issue 6: a hub killed with SIGKILL: its members leave within the bound
    // (presence TTL, then one sweep by a hub still alive).
    QVERIFY_STATUS(m_server->start());
    const auto tweak = [](RedisBackplane::Options &o) {
        o.presenceHeartbeatMs = 100;
        o.presenceTtlMs = 400;
    };
    auto a = makeHub(u"a"_s, tweak);
    auto b = makeHub(u"b"_s, tweak);
    QSignalSpy leftAtB(b.get(), &RedisBackplane::memberLeft);
    b->watch(u"room"_s);
    QTRY_VERIFY(b->isSynced(u"room"_s));
    const Wire::Sender doomed{u"u1"_s, u"Jane"_s, u"a-1"_s};
    Waiter<Status> joined;
    a->join(u"room"_s, doomed, joined.callback());
    b->join(u"room"_s, Wire::Sender{u"u2"_s, u"Bob"_s, u"b-1"_s});
    QVERIFY(joined.wait());

    a.reset(); // its heartbeats stop, as when the process is killed
    QElapsedTimer gone;
    gone.start();
    const int bound = 400 + 100; // TTL plus one sweep
    QTRY_VERIFY_WITH_TIMEOUT(leftAtB.count() == 1, bound + 1500);
    qInfo("a dead hub's member left after %lld ms (bound %d ms + scheduling)", gone.elapsed(),
          bound);
    QCOMPARE(leftAtB.at(0).at(1).value<Wire::Sender>(), doomed);

    Waiter<Result<QList<Wire::MemberSummary>>> members;
    b->members(u"room"_s, members.callback());
    QVERIFY(members.wait());
    QCOMPARE(members->value(), (QList<Wire::MemberSummary>{{u"u2"_s, u"Bob"_s, 1}}));
}

void TestRedisBackplane::gapAfterALostLinkIsFilled()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    auto b = makeHub(u"b"_s, [](RedisBackplane::Options &o) { o.link.reconnectInitialMs = 300; });
    Recorder atB(b.get());
    b->watch(u"c"_s);
    QTRY_VERIFY(b->isSynced(u"c"_s));
    QTRY_VERIFY(a->isUp());
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 10));
    QTRY_COMPARE(atB.publications.size(), 10);

    // Drop every subscriber link; what is published before b is back comes
    // from the stream, in order, with nothing twice.
    QSignalSpy downAtB(b.get(), &RedisBackplane::stateChanged);
    QCOMPARE(m_server->cli({u"CLIENT"_s, u"KILL"_s, u"TYPE"_s, u"pubsub"_s}).toInt() >= 1, true);
    QVERIFY(publishNumbered(*a, u"c"_s, 11, 40));
    QTRY_COMPARE(atB.publications.size(), 40);
    QCOMPARE(atB.seqs(), range(1, 40));
    QVERIFY(atB.lost.isEmpty());
    QVERIFY(b->stats().filled > 0);
    QVERIFY(downAtB.count() >= 2); // down, then up again
    QCOMPARE(b->stats().reconnects, 1u);
}

void TestRedisBackplane::gapBeyondHistoryIsReportedLost()
{
    QVERIFY_STATUS(m_server->start());
    const auto tweak = [](RedisBackplane::Options &o) { o.historySize = 5; };
    auto a = makeHub(u"a"_s, tweak);
    auto b = makeHub(u"b"_s, [&](RedisBackplane::Options &o) {
        tweak(o);
        o.link.reconnectInitialMs = 500;
    });
    Recorder atB(b.get());
    b->watch(u"c"_s);
    QTRY_VERIFY(b->isSynced(u"c"_s));
    QTRY_VERIFY(a->isUp());

    QVERIFY(m_server->cli({u"CLIENT"_s, u"KILL"_s, u"TYPE"_s, u"pubsub"_s}).toInt() >= 1);
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 30));
    QTRY_VERIFY_WITH_TIMEOUT(!atB.publications.isEmpty() && atB.seqs().last() == 30, 5000);

    // Every seq once: received, or named lost (trimmed before b came back).
    std::set<quint64> accounted;
    for (const quint64 seq : atB.seqs())
        QVERIFY(accounted.insert(seq).second);
    for (const Recorder::Lost &range : atB.lost) {
        for (quint64 seq = range.first; seq <= range.last; ++seq)
            QVERIFY(accounted.insert(seq).second);
    }
    QCOMPARE(accounted.size(), std::size_t(30));
    QVERIFY(!atB.lost.isEmpty());
    QCOMPARE(atB.seqs(), range(26, 30)); // what history still had
    QCOMPARE(b->stats().lost, 25u);
}

void TestRedisBackplane::redisKilledMidStreamAccountsForEverything()
{
    // Issue 6: redis-server killed mid-stream and restarted: nothing
    // crashes, publishing reports errors while down, delivery resumes, and
    // every publication is accounted for: delivered, reported failed to its
    // publisher, or reported lost to the receiver (gap or reset).
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    auto b = makeHub(u"b"_s);
    Recorder atB(b.get());
    b->watch(u"c"_s);
    QTRY_VERIFY(b->isSynced(u"c"_s));
    QTRY_VERIFY(a->isUp());

    struct Outcome
    {
        bool done = false;
        bool failed = false;
        Wire::Position position;
    };
    std::map<int, Outcome> outcomes;
    int next = 0;
    int succeededAfterRestart = 0;
    bool restarted = false;
    QTimer publisher;
    publisher.setInterval(5);
    connect(&publisher, &QTimer::timeout, this, [&] {
        const int id = next++;
        outcomes[id];
        a->publish(u"c"_s, u"message"_s, id, {}, QString::number(id),
                   [&, id](const Result<Wire::Position> &r) {
                       Outcome &o = outcomes[id];
                       o.done = true;
                       o.failed = !r.ok();
                       if (r)
                           o.position = *r;
                       if (r && restarted)
                           ++succeededAfterRestart;
                   });
    });
    publisher.start();

    QTRY_VERIFY(atB.publications.size() >= 30);
    m_server->kill();
    QTRY_VERIFY(!a->isUp() && !b->isUp());
    // Publishing while Redis is down fails, and says so.
    QTRY_VERIFY(std::any_of(outcomes.begin(), outcomes.end(),
                            [](const auto &o) { return o.second.failed; }));
    QVERIFY_STATUS(m_server->start());
    restarted = true;
    QTRY_VERIFY_WITH_TIMEOUT(a->isUp() && b->isUp(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(succeededAfterRestart >= 30, 10000);
    publisher.stop();
    QTRY_VERIFY(
        std::all_of(outcomes.begin(), outcomes.end(), [](const auto &o) { return o.second.done; }));

    // b received everything acknowledged after the restart: wait for the
    // newest acknowledged seq of the newest epoch.
    Wire::Position newest;
    for (const auto &[id, o] : outcomes) {
        if (!o.failed)
            newest.epoch = o.position.epoch; // ids rise with time
    }
    for (const auto &[id, o] : outcomes) {
        if (!o.failed && o.position.epoch == newest.epoch)
            newest.seq = std::max(newest.seq, o.position.seq);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!atB.publications.isEmpty() &&
                                 atB.publications.last().epoch == newest.epoch &&
                                 atB.publications.last().seq == newest.seq,
                             5000);
    QCOMPARE(atB.syncs.last().epoch, newest.epoch); // the reset was announced

    // What b saw, per epoch: delivered ids, in order, once; lost ranges.
    std::set<QString> delivered;
    std::map<QString, quint64> lastDelivered; // epoch -> last seq b had
    for (const Wire::Publication &p : atB.publications) {
        QVERIFY2(delivered.insert(p.id).second, "delivered twice");
        QVERIFY(p.seq > lastDelivered[p.epoch]); // in order within an epoch
        lastDelivered[p.epoch] = p.seq;
    }
    for (int i = 1; i < atB.syncs.size(); ++i)
        QVERIFY(atB.syncs.at(i).epoch != atB.syncs.at(i - 1).epoch); // resets only
    std::set<std::pair<QString, quint64>> lost;
    for (const Recorder::Lost &range : atB.lost) {
        for (quint64 seq = range.first; seq <= range.last; ++seq)
            lost.insert({range.epoch, seq});
    }
    QCOMPARE(b->stats().lost, atB.lostCount());

    int deliveredCount = 0, failedCount = 0, lostCount = 0;
    for (const auto &[id, o] : outcomes) {
        if (delivered.count(QString::number(id))) {
            ++deliveredCount;
            continue;
        }
        if (o.failed) {
            ++failedCount;
            continue;
        }
        // Acknowledged but not delivered: b must have been told. Either
        // its epoch was reset away (Redis lost it before b caught up), or
        // its seq is in a lost range.
        const bool resetAway =
            o.position.epoch != newest.epoch && o.position.seq > lastDelivered[o.position.epoch];
        const bool reportedLost = lost.count({o.position.epoch, o.position.seq}) > 0;
        QVERIFY2(resetAway || reportedLost,
                 qPrintable(u"publication %1 (seq %2, epoch %3) was acknowledged, not "
                            "delivered and not reported lost"_s.arg(id)
                                .arg(o.position.seq)
                                .arg(o.position.epoch)));
        ++lostCount;
    }
    qInfo("%d publications: %d delivered, %d failed at the publisher, %d reported lost",
          int(outcomes.size()), deliveredCount, failedCount, lostCount);
    QVERIFY(failedCount > 0);
    QVERIFY(deliveredCount > 60);
}

void TestRedisBackplane::stalledRedisIsReportedDown()
{
    // A half-open link (SIGSTOP: the socket stays open, nothing answers)
    // is noticed by the heartbeat and reported like a lost one.
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    Recorder atA(a.get());
    a->watch(u"c"_s);
    QTRY_VERIFY(a->isSynced(u"c"_s));
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 3));

    m_server->pause();
    const RedisConnection::Options &link = a->options().link;
    QTRY_VERIFY_WITH_TIMEOUT(!a->isUp(), link.heartbeatIntervalMs + link.commandTimeoutMs + 1500);
    QVERIFY2(a->errorString().contains(u"timeout"_s), qPrintable(a->errorString()));
    m_server->resume();
    QTRY_VERIFY_WITH_TIMEOUT(a->isUp(), 5000);
    QVERIFY(publishNumbered(*a, u"c"_s, 4, 6));
    QTRY_COMPARE(atA.seqs(), range(1, 6));
}

void TestRedisBackplane::scriptsComeBackAfterAFlush()
{
    // SCRIPT FLUSH (or a failover to a replica that never saw SCRIPT LOAD)
    // empties the script cache under a live link: NOSCRIPT, then EVAL.
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    QTRY_VERIFY(a->isUp());
    QCOMPARE(publishAndWait(*a, u"c"_s, u"1"_s)->seq, 1u);
    QCOMPARE(m_server->cli({u"SCRIPT"_s, u"FLUSH"_s}), u"OK"_s);
    QVERIFY(publishNumbered(*a, u"c"_s, 2, 20)); // pipelined behind the same NOSCRIPT
    QCOMPARE(publishAndWait(*a, u"c"_s, u"21"_s)->seq, 21u);
    Waiter<Result<RedisBackplane::History>> history;
    a->read(u"c"_s, 0, 100, history.callback());
    QVERIFY(history.wait());
    QCOMPARE(history->value().publications.size(), 21);
}

void TestRedisBackplane::unwatchStopsDelivery()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    Recorder atA(a.get());
    a->watch(u"c"_s);
    QTRY_VERIFY(a->isSynced(u"c"_s));
    QVERIFY(publishNumbered(*a, u"c"_s, 1, 2));
    QTRY_COMPARE(atA.publications.size(), 2);

    a->unwatch(u"c"_s);
    QVERIFY(!a->isWatching(u"c"_s));
    QVERIFY(publishNumbered(*a, u"c"_s, 3, 4));
    // Watching again starts from the channel's position, history included.
    a->watch(u"c"_s);
    QTRY_COMPARE(atA.syncs.size(), 2);
    QCOMPARE(atA.syncs.last().seq, 4u);
    QCOMPARE(atA.histories.last().size(), 4);
    QCOMPARE(atA.seqs(), range(1, 2)); // 3 and 4 came as history, not as deliveries
    QVERIFY(publishNumbered(*a, u"c"_s, 5, 5));
    QTRY_COMPARE(atA.seqs(), (QList<quint64>{1, 2, 5}));
}

void TestRedisBackplane::downAtStartThenUp()
{
    auto a = makeHub(u"a"_s); // no server yet
    QSignalSpy errors(a.get(), &RedisBackplane::errorOccurred);
    QSignalSpy startFailed(a.get(), &RedisBackplane::startFailed);
    QTRY_VERIFY(errors.count() >= 2); // and it keeps trying
    QCOMPARE(a->state(), RedisBackplane::State::Down);
    QVERIFY(!a->errorString().isEmpty());
    const Result<Wire::Position> whileDown = publishAndWait(*a, u"c"_s, u"1"_s);
    QVERIFY(!whileDown.ok());
    QVERIFY2(whileDown.reason().contains(u"not connected"_s), qPrintable(whileDown.reason()));

    QVERIFY_STATUS(m_server->start());
    QTRY_VERIFY_WITH_TIMEOUT(a->isUp(), 5000);
    QCOMPARE(publishAndWait(*a, u"c"_s, u"2"_s)->seq, 1u);
    QCOMPARE(startFailed.count(), 0);
    QCOMPARE(a->stats().publishFailed, 1u);
}

void TestRedisBackplane::requiredModeGivesUp()
{
    auto a = makeHub(u"a"_s, [](RedisBackplane::Options &o) { o.required = true; });
    QSignalSpy startFailed(a.get(), &RedisBackplane::startFailed);
    QTRY_COMPARE(startFailed.count(), 1);
    QVERIFY(!startFailed.at(0).at(0).toString().isEmpty());
    QCOMPARE(a->state(), RedisBackplane::State::Down);

    // It has stopped trying: a server that appears now changes nothing, even
    // after longer than the longest backoff.
    QVERIFY_STATUS(m_server->start());
    QTest::qWait(2 * a->options().link.reconnectMaxMs);
    QCOMPARE(a->state(), RedisBackplane::State::Down);
    QCOMPARE(startFailed.count(), 1);
}

void TestRedisBackplane::lagIsMeasured()
{
    QVERIFY_STATUS(m_server->start());
    auto a = makeHub(u"a"_s);
    QCOMPARE(a->stats().lagMs, -1);
    a->watch(u"c"_s);
    QTRY_VERIFY(a->isSynced(u"c"_s));
    QVERIFY(publishAndWait(*a, u"c"_s, u"1"_s).ok());
    QTRY_VERIFY(a->stats().received == 1);
    QVERIFY(a->stats().lagMs >= 0);
    QTRY_VERIFY(a->stats().pingMs >= 0);
    QCOMPARE(a->stats().state, RedisBackplane::State::Up);
    QCOMPARE(a->stats().watched, 1);
}

QTEST_GUILESS_MAIN(TestRedisBackplane)
#include "tst_redisbackplane.moc"
