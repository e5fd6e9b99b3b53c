// Broker: sequence numbers, history ring, recovery boundaries, epochs, TTL
// and presence, with a fake clock and fake subscribers (no sockets).

#include "broker.h"
#include "subscriber.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

// A subscriber alone on its own shard, so the shard's sink receives exactly
// what this subscriber is sent.
class FakeSubscriber final : public Subscriber, public EventSink
{
public:
    FakeSubscriber(QString userId, int shard, QString connectionId = {})
        : m_member{userId, userId + u"-name"_s, connectionId.isEmpty() ? userId : connectionId}
        , m_shard(shard)
    {}
    void enqueue(const EventPtr &event) override { events.push_back(event); }
    const Wire::Sender &member() const override { return m_member; }
    int shard() const override { return m_shard; }

    std::vector<quint64> seqs(const QString &channel) const
    {
        std::vector<quint64> out;
        for (const EventPtr &e : events) {
            if (e->kind() == Event::Kind::Publication && e->channel() == channel)
                out.push_back(e->seq());
        }
        return out;
    }
    int presenceEvents(Event::Kind kind) const
    {
        return int(std::count_if(events.begin(), events.end(),
                                 [kind](const EventPtr &e) { return e->kind() == kind; }));
    }

    std::vector<EventPtr> events;

private:
    Wire::Sender m_member;
    int m_shard;
};

// Builds a broker with one shard per subscriber given.
struct Bed
{
    Bed(int historySize, qint64 ttl, Broker::Clock clock, std::vector<FakeSubscriber *> subscribers)
        : broker({historySize, ttl, int(std::max<std::size_t>(1, subscribers.size()))}, clock)
    {
        std::vector<EventSink *> sinks(subscribers.begin(), subscribers.end());
        broker.setSinks(sinks);
    }
    Broker broker;
};

std::vector<quint64> range(quint64 first, quint64 last)
{
    std::vector<quint64> out;
    for (quint64 s = first; s <= last; ++s)
        out.push_back(s);
    return out;
}

std::vector<quint64> seqsOf(const std::vector<EventPtr> &events)
{
    std::vector<quint64> out;
    for (const EventPtr &e : events)
        out.push_back(e->seq());
    return out;
}

} // namespace

Q_DECLARE_METATYPE(std::vector<quint64>)

class TestBroker : public QObject
{
    Q_OBJECT

private slots:
    void seqHasNoGapsUnderInterleavedPublishers();
    void historyRingKeepsTheNewest();
    void historyQueries_data();
    void historyQueries();
    void recoveryBoundaries_data();
    void recoveryBoundaries();
    void recoveryWithinUnwrappedHistory();
    void recoveryChecksTheEpoch();
    void zeroHistoryNeverRecoversAGap();
    void emptyChannelExpiresAfterTtl();
    void subscribedChannelNeverExpires();
    void presenceCountsConnectionsPerUser();
    void presenceEventsReachOthers();
    void presenceEventsStopAboveTheLimit();
    void publicationIsRenderedOncePerDialect();

private:
    qint64 m_now = 1000000;
    Broker::Clock clock()
    {
        return [this] { return m_now; };
    }
};

void TestBroker::seqHasNoGapsUnderInterleavedPublishers()
{
    FakeSubscriber a(u"a"_s, 0), b(u"b"_s, 1);
    Bed bed(100, 1000, clock(), {&a, &b});
    Broker &broker = bed.broker;
    broker.subscribe(&a, u"x"_s, std::nullopt);
    broker.subscribe(&b, u"x"_s, std::nullopt);
    broker.subscribe(&b, u"y"_s, std::nullopt);
    const Wire::Sender p1{u"p1"_s, {}, {}}, p2{u"p2"_s, {}, {}}, p3{u"p3"_s, {}, {}};
    std::vector<quint64> returned;
    for (int i = 0; i < 300; ++i) {
        const Wire::Sender &who = i % 3 == 0 ? p1 : (i % 3 == 1 ? p2 : p3);
        returned.push_back(broker.publish(u"x"_s, u"m"_s, i, who)->seq());
        broker.publish(u"y"_s, u"m"_s, i, who); // another channel, its own count
    }
    QCOMPARE(returned, range(1, 300));
    QCOMPARE(a.seqs(u"x"_s), range(1, 300));
    QCOMPARE(b.seqs(u"x"_s), range(1, 300));
    QCOMPARE(b.seqs(u"y"_s), range(1, 300));
    QCOMPARE(broker.find(u"x"_s)->lastSeq(), quint64(300));
    // Every publication carries its channel's epoch and a distinct id.
    QSet<QString> ids;
    for (const EventPtr &e : a.events) {
        QCOMPARE(e->publication().epoch, broker.find(u"x"_s)->epoch());
        ids.insert(e->publication().id);
    }
    QCOMPARE(ids.size(), 300);
}

void TestBroker::historyRingKeepsTheNewest()
{
    Bed bed(5, 1000, clock(), {});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 12; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    const Channel *channel = broker.find(u"c"_s);
    QCOMPARE(channel->history().size(), std::size_t(5));
    QCOMPARE(channel->oldestSeq(), quint64(8));
    QCOMPARE(channel->lastSeq(), quint64(12));
    QCOMPARE(channel->history().front()->publication().data.toInt(), 8);
    QCOMPARE(channel->publishedCount, quint64(12));
}

void TestBroker::historyQueries_data()
{
    // History size 5 after 12 publications: 8..12 are kept.
    QTest::addColumn<std::optional<quint64>>("since");
    QTest::addColumn<std::optional<int>>("limit");
    QTest::addColumn<std::vector<quint64>>("expected");
    QTest::newRow("newest, no limit")
        << std::optional<quint64>() << std::optional<int>() << range(8, 12);
    QTest::newRow("newest 3") << std::optional<quint64>() << std::optional<int>(3) << range(10, 12);
    QTest::newRow("limit above history size is capped")
        << std::optional<quint64>() << std::optional<int>(1000) << range(8, 12);
    QTest::newRow("since 0: what is left, oldest first")
        << std::optional<quint64>(0) << std::optional<int>() << range(8, 12);
    QTest::newRow("since 9, limit 2: the two after 9")
        << std::optional<quint64>(9) << std::optional<int>(2) << range(10, 11);
    QTest::newRow("since newest: nothing")
        << std::optional<quint64>(12) << std::optional<int>() << std::vector<quint64>();
    QTest::newRow("since beyond newest: nothing")
        << std::optional<quint64>(40) << std::optional<int>() << std::vector<quint64>();
}

void TestBroker::historyQueries()
{
    QFETCH(std::optional<quint64>, since);
    QFETCH(std::optional<int>, limit);
    QFETCH(std::vector<quint64>, expected);
    Bed bed(5, 1000, clock(), {});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 12; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    QCOMPARE(seqsOf(broker.history(u"c"_s, since, limit)), expected);
    QVERIFY(broker.history(u"unknown"_s, since, limit).empty());
}

void TestBroker::recoveryBoundaries_data()
{
    // History size 5 after 12 publications: oldest kept 8, newest 12.
    QTest::addColumn<quint64>("since");
    QTest::addColumn<bool>("recovered");
    QTest::addColumn<std::vector<quint64>>("replay");
    QTest::newRow("0: too old") << quint64(0) << false << std::vector<quint64>();
    QTest::newRow("oldest-2 (6): 7 is gone") << quint64(6) << false << std::vector<quint64>();
    QTest::newRow("oldest-1 (7): 8..12 all kept") << quint64(7) << true << range(8, 12);
    QTest::newRow("oldest (8)") << quint64(8) << true << range(9, 12);
    QTest::newRow("newest-1 (11)") << quint64(11) << true << range(12, 12);
    QTest::newRow("newest (12): nothing missed") << quint64(12) << true << std::vector<quint64>();
    QTest::newRow("newer than newest (13): a reset")
        << quint64(13) << false << std::vector<quint64>();
}

void TestBroker::recoveryBoundaries()
{
    QFETCH(quint64, since);
    QFETCH(bool, recovered);
    QFETCH(std::vector<quint64>, replay);
    FakeSubscriber s(u"s"_s, 0);
    Bed bed(5, 1000, clock(), {&s});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 12; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    const auto join = broker.subscribe(&s, u"c"_s, Wire::SinceMark{since, {}});
    QVERIFY(join.added);
    QVERIFY(join.recovered.has_value());
    QCOMPARE(*join.recovered, recovered);
    QCOMPARE(seqsOf(join.replay), replay);
    QCOMPARE(join.position.seq, quint64(12));
    QCOMPARE(join.position.epoch, broker.find(u"c"_s)->epoch());
    // Live publications continue right after the replay.
    broker.publish(u"c"_s, u"m"_s, 13, {});
    QCOMPARE(s.seqs(u"c"_s), std::vector<quint64>{13});
}

void TestBroker::recoveryWithinUnwrappedHistory()
{
    FakeSubscriber s(u"s"_s, 0), t(u"t"_s, 1), u(u"u"_s, 2);
    Bed bed(100, 1000, clock(), {&s, &t, &u});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 3; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    const auto join = broker.subscribe(&s, u"c"_s, Wire::SinceMark{0, {}});
    QCOMPARE(join.recovered, std::optional<bool>(true));
    QCOMPARE(seqsOf(join.replay), range(1, 3));
    // A brand-new channel: since 0 means nothing was missed.
    const auto fresh = broker.subscribe(&t, u"new"_s, Wire::SinceMark{0, {}});
    QCOMPARE(fresh.recovered, std::optional<bool>(true));
    QVERIFY(fresh.replay.empty());
    // Without since, no recovery is attempted or reported.
    QVERIFY(!broker.subscribe(&u, u"c"_s, std::nullopt).recovered.has_value());
}

void TestBroker::recoveryChecksTheEpoch()
{
    FakeSubscriber same(u"a"_s, 0), other(u"b"_s, 1);
    Bed bed(100, 1000, clock(), {&same, &other});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 4; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    const QString epoch = broker.find(u"c"_s)->epoch();
    const auto good = broker.subscribe(&same, u"c"_s, Wire::SinceMark{2, epoch});
    QCOMPARE(good.recovered, std::optional<bool>(true));
    QCOMPARE(seqsOf(good.replay), range(3, 4));
    const auto bad = broker.subscribe(&other, u"c"_s, Wire::SinceMark{2, u"not-"_s + epoch});
    QCOMPARE(bad.recovered, std::optional<bool>(false));
    QVERIFY(bad.replay.empty());
}

void TestBroker::zeroHistoryNeverRecoversAGap()
{
    FakeSubscriber s(u"s"_s, 0), t(u"t"_s, 1);
    Bed bed(0, 1000, clock(), {&s, &t});
    Broker &broker = bed.broker;
    for (int i = 1; i <= 3; ++i)
        broker.publish(u"c"_s, u"m"_s, i, {});
    QCOMPARE(broker.subscribe(&s, u"c"_s, Wire::SinceMark{2, {}}).recovered,
             std::optional<bool>(false));
    QCOMPARE(broker.subscribe(&t, u"c"_s, Wire::SinceMark{3, {}}).recovered,
             std::optional<bool>(true));
}

void TestBroker::emptyChannelExpiresAfterTtl()
{
    FakeSubscriber s(u"s"_s, 0), t(u"t"_s, 1);
    Bed bed(10, 5000, clock(), {&s, &t});
    Broker &broker = bed.broker;
    QStringList created, removed;
    broker.onChannelCreated = [&](const QString &name) { created << name; };
    broker.onChannelRemoved = [&](const QString &name) { removed << name; };
    broker.subscribe(&s, u"c"_s, std::nullopt);
    broker.publish(u"c"_s, u"m"_s, 1, {});
    const QString epoch = broker.find(u"c"_s)->epoch();
    QCOMPARE(created, QStringList{u"c"_s});

    m_now += 1000;
    QVERIFY(broker.unsubscribe(&s, u"c"_s));
    m_now += 4999;
    QVERIFY(broker.sweep().isEmpty());
    QVERIFY(broker.find(u"c"_s)); // history still there for a returning client
    QCOMPARE(broker.history(u"c"_s, 0, std::nullopt).size(), std::size_t(1));

    m_now += 1;
    QCOMPARE(broker.sweep(), QStringList{u"c"_s});
    QCOMPARE(removed, QStringList{u"c"_s});
    QVERIFY(!broker.find(u"c"_s));

    // It comes back as a new channel: seq from 1 and a new epoch, so a
    // client holding the old position learns it must resync.
    const auto join = broker.subscribe(&t, u"c"_s, Wire::SinceMark{1, epoch});
    QCOMPARE(join.recovered, std::optional<bool>(false));
    QVERIFY(join.position.epoch != epoch);
    QCOMPARE(broker.publish(u"c"_s, u"m"_s, 2, {})->seq(), quint64(1));
}

void TestBroker::subscribedChannelNeverExpires()
{
    FakeSubscriber s(u"s"_s, 0);
    Bed bed(10, 100, clock(), {&s});
    Broker &broker = bed.broker;
    broker.subscribe(&s, u"c"_s, std::nullopt);
    m_now += 1000000;
    QVERIFY(broker.sweep().isEmpty());
    // A publication to a channel nobody listens to creates it; it then
    // expires like any empty channel.
    broker.publish(u"lonely"_s, u"m"_s, 1, {});
    m_now += 100;
    QCOMPARE(broker.sweep(), QStringList{u"lonely"_s});
}

void TestBroker::presenceCountsConnectionsPerUser()
{
    FakeSubscriber a1(u"alice"_s, 0, u"c1"_s), a2(u"alice"_s, 1, u"c2"_s), b(u"bob"_s, 2, u"c3"_s);
    Bed bed(10, 100, clock(), {&a1, &a2, &b});
    Broker &broker = bed.broker;
    broker.subscribe(&a1, u"room"_s, std::nullopt);
    broker.subscribe(&a2, u"room"_s, std::nullopt);
    broker.subscribe(&b, u"room"_s, std::nullopt);
    QList<Wire::MemberSummary> expected{{u"alice"_s, u"alice-name"_s, 2},
                                        {u"bob"_s, u"bob-name"_s, 1}};
    QCOMPARE(broker.presence(u"room"_s), expected);
    broker.unsubscribe(&a1, u"room"_s);
    expected[0].connections = 1;
    QCOMPARE(broker.presence(u"room"_s), expected);
    QVERIFY(broker.presence(u"nowhere"_s).isEmpty());
}

void TestBroker::presenceEventsReachOthers()
{
    FakeSubscriber a(u"a"_s, 0), b(u"b"_s, 1);
    Bed bed(10, 100, clock(), {&a, &b});
    Broker &broker = bed.broker;
    broker.subscribe(&a, u"room"_s, std::nullopt);
    broker.announceJoin(&a, u"room"_s);
    broker.subscribe(&b, u"room"_s, std::nullopt);
    broker.announceJoin(&b, u"room"_s);
    QCOMPARE(a.presenceEvents(Event::Kind::Joined), 2); // its own and b's
    QCOMPARE(b.presenceEvents(Event::Kind::Joined), 1);
    QCOMPARE(a.events.back()->publication().sender.userId, u"b"_s);
    broker.unsubscribe(&b, u"room"_s);
    QCOMPARE(a.presenceEvents(Event::Kind::Left), 1);
    QCOMPARE(b.presenceEvents(Event::Kind::Left), 0);
    QVERIFY(!broker.unsubscribe(&b, u"room"_s)); // not subscribed any more
}

void TestBroker::presenceEventsStopAboveTheLimit()
{
    FakeSubscriber a(u"a"_s, 0), b(u"b"_s, 1), c(u"c"_s, 2);
    Broker broker({10, 100, 3, 2}, clock()); // two subscribers at most hear of joins
    broker.setSinks({&a, &b, &c});
    for (FakeSubscriber *s : {&a, &b, &c}) {
        broker.subscribe(s, u"crowd"_s, std::nullopt);
        broker.announceJoin(s, u"crowd"_s);
    }
    QCOMPARE(a.presenceEvents(Event::Kind::Joined), 2); // a's and b's; c made it three
    QCOMPARE(c.presenceEvents(Event::Kind::Joined), 0);
    QCOMPARE(broker.presence(u"crowd"_s).size(), 3); // the query still lists everyone
    broker.unsubscribe(&c, u"crowd"_s);              // back to two: announced again
    QCOMPARE(a.presenceEvents(Event::Kind::Left), 1);
}

void TestBroker::publicationIsRenderedOncePerDialect()
{
    Bed bed(10, 100, clock(), {});
    Broker &broker = bed.broker;
    const EventPtr event = broker.publish(u"c"_s, u"m"_s, QJsonObject{{u"k"_s, 1}}, {});
    const QByteArray &first = event->frame(Wire::Dialect::Herald);
    const QByteArray &second = event->frame(Wire::Dialect::Herald);
    QCOMPARE(first.constData(), second.constData()); // the same bytes, not a copy
    const QByteArray raw(R"({"k":1})");
    QCOMPARE(event->payload(Wire::Dialect::Raw), QByteArrayView(raw));
    QCOMPARE(event->frame(Wire::Dialect::Raw).size(), raw.size() + 2); // a 2-byte frame header
    const EventPtr joined = Event::presence(Event::Kind::Joined, u"c"_s, {}, m_now);
    QVERIFY(joined->frame(Wire::Dialect::Raw).isEmpty()); // raw feeds get no presence
    QVERIFY(joined->payload(Wire::Dialect::Herald).toByteArray().contains("presence.joined"));
}

QTEST_APPLESS_MAIN(TestBroker)
#include "tst_broker.moc"
