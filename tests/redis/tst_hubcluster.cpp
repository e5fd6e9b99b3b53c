// Several hubs through one Redis (issue 6): every subscriber on every hub
// gets every publication with the same seq in the same order; presence is
// cluster-wide and a killed hub's members leave within the bound; a client
// that moves hubs recovers what it missed; Redis dying mid-stream crashes
// nothing and every publication is accounted for.

#include "../core/testclient.h"
#include "redisserver.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>

#include <csignal>
#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QJsonObject subscribeFrame(const QString &channel, const QJsonObject &extra = {})
{
    QJsonObject data = extra;
    data.insert(u"channels"_s, QJsonArray{channel});
    return QJsonObject{{u"type"_s, u"subscribe"_s}, {u"data"_s, data}};
}

QJsonObject publishFrame(const QString &channel, const QJsonValue &payload, const QJsonValue &id)
{
    return QJsonObject{{u"type"_s, u"publish"_s},
                       {u"id"_s, id},
                       {u"data"_s, QJsonObject{{u"channel"_s, channel}, {u"data"_s, payload}}}};
}

QJsonObject dataOf(const QJsonObject &frame)
{
    return frame.value(u"data"_s).toObject();
}

} // namespace

class TestHubCluster : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void threeHubsDeliverOneOrder();
    void presenceIsClusterWideAndAKilledHubsMembersLeave();
    void clientMovingHubsRecoversWhatItMissed();
    void historyAndSeqSurviveAHubRestart();
    void redisDyingMidStreamLosesNothingSilently();
    void requiredRedisThatIsAbsentStopsTheHub();

private:
    Hub *startHub();
    std::unique_ptr<TestClient> connectTo(Hub *hub, const QString &query = {});

    std::unique_ptr<RedisServer> m_redis;
    std::vector<std::unique_ptr<Hub>> m_hubs;
};

void TestHubCluster::init()
{
    REQUIRE_REDIS_SERVER();
    m_redis = std::make_unique<RedisServer>();
    QVERIFY_STATUS(m_redis->start());
}

void TestHubCluster::cleanup()
{
    m_hubs.clear();
    m_redis.reset();
}

Hub *TestHubCluster::startHub()
{
    HubConfig config;
    config.redisUrl = u"redis://127.0.0.1:%1"_s.arg(m_redis->port());
    config.presenceHeartbeat = 200ms;
    config.historySize = 100;
    if (const int threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS"); threads > 0)
        config.threads = threads;
    auto hub = std::make_unique<Hub>(config);
    QSignalSpy up(hub.get(), &Hub::backplaneStateChanged);
    if (!hub->listen().ok())
        return nullptr;
    if (!up.wait(5000) || !up.last().at(0).toBool())
        return nullptr;
    m_hubs.push_back(std::move(hub));
    return m_hubs.back().get();
}

std::unique_ptr<TestClient> TestHubCluster::connectTo(Hub *hub, const QString &query)
{
    return openClient(hub->url(), query);
}

void TestHubCluster::threeHubsDeliverOneOrder()
{
    Hub *a = startHub(), *b = startHub(), *c = startHub();
    QVERIFY(a && b && c);
    std::vector<std::unique_ptr<TestClient>> subscribers;
    for (Hub *hub : {a, b, c}) {
        for (int i = 0; i < 2; ++i) {
            auto client = connectTo(hub, u"c=news"_s);
            QVERIFY(client);
            QVERIFY(!client->take(u"subscribed"_s).isEmpty());
            subscribers.push_back(std::move(client));
        }
    }
    // A publisher on each hub, interleaved.
    auto pa = connectTo(a), pb = connectTo(b), pc = connectTo(c);
    QVERIFY(pa && pb && pc);
    const int each = 30;
    for (int i = 0; i < each; ++i) {
        pa->send(publishFrame(u"news"_s, u"a%1"_s.arg(i), i));
        pb->send(publishFrame(u"news"_s, u"b%1"_s.arg(i), i));
        pc->send(publishFrame(u"news"_s, u"c%1"_s.arg(i), i));
    }
    const int total = each * 3;
    for (const auto &s : subscribers)
        QVERIFY2(s->waitForPublications(u"news"_s, total, 20000), "a subscriber fell short");
    // Every publisher's acks name distinct seqs in 1..total.
    QSet<qint64> acked;
    for (TestClient *p : {pa.get(), pb.get(), pc.get()}) {
        QTRY_COMPARE_WITH_TIMEOUT(p->all(u"published"_s).size(), each, 10000);
        for (const QJsonObject &ack : p->all(u"published"_s))
            acked.insert(dataOf(ack).value(u"seq"_s).toInteger());
    }
    QCOMPARE(acked.size(), total);
    const auto reference = subscribers.front()->publications(u"news"_s);
    for (const auto &s : subscribers) {
        const auto got = s->publications(u"news"_s);
        QCOMPARE(got.size(), total);
        for (int i = 0; i < total; ++i) {
            QCOMPARE(got.at(i).value(u"seq"_s).toInteger(), i + 1);
            QCOMPARE(got.at(i).value(u"data"_s), reference.at(i).value(u"data"_s));
            QCOMPARE(got.at(i).value(u"epoch"_s), reference.at(i).value(u"epoch"_s));
            QVERIFY(acked.contains(got.at(i).value(u"seq"_s).toInteger()));
        }
    }
}

void TestHubCluster::presenceIsClusterWideAndAKilledHubsMembersLeave()
{
    Hub *a = startHub(), *b = startHub();
    QVERIFY(a && b);
    auto alice = connectTo(a, u"user_id=alice&c=room"_s);
    QVERIFY(alice);
    QVERIFY(!alice->take(u"subscribed"_s).isEmpty());
    auto bob = connectTo(b, u"user_id=bob&c=room"_s);
    QVERIFY(bob);
    // Alice, on hub A, hears Bob join on hub B.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &j : alice->all(u"presence.joined"_s)) {
                if (dataOf(j).value(u"user_id"_s) == u"bob"_s)
                    return true;
            }
            return false;
        }(),
        5000);
    alice->send(QJsonObject{{u"type"_s, u"presence"_s},
                            {u"data"_s, QJsonObject{{u"channel"_s, u"room"_s}}}});
    QCOMPARE(dataOf(alice->take(u"presence"_s)).value(u"members"_s).toArray().size(), 2);

    // A third hub, a real process, killed outright: its member goes.
    const quint16 port = freePort();
    QProcess hub;
    hub.start(QStringLiteral(HERALD_BIN_DIR "/herald-hub"),
              {u"--port"_s, QString::number(port), u"--redis"_s,
               u"redis://127.0.0.1:%1"_s.arg(m_redis->port()), u"--presence-heartbeat-ms"_s,
               u"200"_s, u"--threads"_s, u"1"_s});
    QVERIFY(hub.waitForStarted());
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += hub.readAllStandardError()).contains("backplane up"), 10000);
    TestClient carol;
    QVERIFY(carol.open(QUrl(u"ws://127.0.0.1:%1/ws?user_id=carol&c=room"_s.arg(port))));
    QVERIFY(!carol.take(u"subscribed"_s).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &j : alice->all(u"presence.joined"_s)) {
                if (dataOf(j).value(u"user_id"_s) == u"carol"_s)
                    return true;
            }
            return false;
        }(),
        5000);
    QElapsedTimer sinceKill;
    ::kill(pid_t(hub.processId()), SIGKILL);
    sinceKill.start();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &l : alice->all(u"presence.left"_s)) {
                if (dataOf(l).value(u"user_id"_s) == u"carol"_s)
                    return true;
            }
            return false;
        }(),
        5000);
    // The bound: three heartbeats for the entry to expire, plus one for a
    // live hub to sweep it (and some slack for a loaded machine).
    QVERIFY2(sinceKill.elapsed() < 4 * 200 + 1500,
             qPrintable(QString::number(sinceKill.elapsed())));
    hub.waitForFinished();
}

void TestHubCluster::clientMovingHubsRecoversWhatItMissed()
{
    Hub *a = startHub(), *b = startHub();
    QVERIFY(a && b);
    auto keep = connectTo(b, u"c=feed"_s); // hub B watches the channel throughout
    auto client = connectTo(a, u"c=feed"_s);
    QVERIFY(keep && client);
    const QJsonObject position = dataOf(client->take(u"subscribed"_s))
                                     .value(u"positions"_s)
                                     .toObject()
                                     .value(u"feed"_s)
                                     .toObject();
    const QString epoch = position.value(u"epoch"_s).toString();
    auto publisher = connectTo(b);
    for (int i = 1; i <= 10; ++i)
        publisher->send(publishFrame(u"feed"_s, i, i));
    QVERIFY(client->waitForPublications(u"feed"_s, 10));
    client->socket.close();
    QVERIFY(client->waitClosed());
    for (int i = 11; i <= 30; ++i)
        publisher->send(publishFrame(u"feed"_s, i, i));
    QTRY_COMPARE_WITH_TIMEOUT(publisher->all(u"published"_s).size(), 30, 10000);

    // Back, on the other hub, asking for everything after 10.
    auto moved = connectTo(b);
    QVERIFY(moved);
    moved->send(subscribeFrame(
        u"feed"_s, {{u"since"_s,
                     QJsonObject{{u"feed"_s, QJsonObject{{u"seq"_s, 10}, {u"epoch"_s, epoch}}}}}}));
    const QJsonObject reply = moved->take(u"subscribed"_s);
    QCOMPARE(dataOf(reply).value(u"recovered"_s).toObject().value(u"feed"_s).toBool(), true);
    publisher->send(publishFrame(u"feed"_s, 31, 31));
    QVERIFY(moved->waitForPublications(u"feed"_s, 21));
    QList<qint64> seqs;
    for (const QJsonObject &p : moved->publications(u"feed"_s))
        seqs.append(p.value(u"seq"_s).toInteger());
    QList<qint64> expected;
    for (qint64 s = 11; s <= 31; ++s)
        expected.append(s);
    QCOMPARE(seqs, expected);

    // A hub that has never watched the channel recovers from Redis too.
    Hub *c = startHub();
    QVERIFY(c);
    auto fresh = connectTo(c);
    fresh->send(subscribeFrame(u"feed"_s, {{u"since"_s, QJsonObject{{u"feed"_s, 25}}}}));
    QVERIFY(fresh->waitForPublications(u"feed"_s, 6));
    QCOMPARE(fresh->publications(u"feed"_s).first().value(u"seq"_s).toInteger(), 26);
    QCOMPARE(fresh->publications(u"feed"_s).last().value(u"seq"_s).toInteger(), 31);
}

void TestHubCluster::historyAndSeqSurviveAHubRestart()
{
    Hub *a = startHub();
    QVERIFY(a);
    auto p = connectTo(a);
    for (int i = 1; i <= 5; ++i)
        p->send(publishFrame(u"durable"_s, i, i));
    QTRY_COMPARE_WITH_TIMEOUT(p->all(u"published"_s).size(), 5, 5000);
    p.reset();
    m_hubs.clear(); // the hub goes; Redis keeps the channel

    Hub *again = startHub();
    QVERIFY(again);
    auto c = connectTo(again);
    c->send(QJsonObject{{u"type"_s, u"history"_s},
                        {u"data"_s, QJsonObject{{u"channel"_s, u"durable"_s}, {u"limit"_s, 3}}}});
    const QJsonArray messages = dataOf(c->take(u"history"_s)).value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 3);
    QCOMPARE(messages.at(2).toObject().value(u"seq"_s).toInteger(), 5);
    c->send(publishFrame(u"durable"_s, 6, u"x"_s));
    QCOMPARE(dataOf(c->take(u"published"_s)).value(u"seq"_s).toInteger(), 6);
}

void TestHubCluster::redisDyingMidStreamLosesNothingSilently()
{
    Hub *a = startHub(), *b = startHub();
    QVERIFY(a && b);
    auto subscriber = connectTo(b, u"c=stream"_s);
    auto publisher = connectTo(a);
    QVERIFY(subscriber && publisher);
    QVERIFY(!subscriber->take(u"subscribed"_s).isEmpty());

    int sent = 0;
    auto publishSome = [&](int count) {
        for (int i = 0; i < count; ++i, ++sent)
            publisher->send(publishFrame(u"stream"_s, sent, sent));
    };
    publishSome(50);
    QVERIFY(subscriber->waitForPublications(u"stream"_s, 10));
    m_redis->kill();
    publishSome(50); // some may have gone through, the rest must fail loudly
    QTRY_VERIFY_WITH_TIMEOUT(!a->stats().backplaneUp, 5000);
    publishSome(20); // while Redis is down: all refused
    QVERIFY_STATUS(m_redis->start());
    QTRY_VERIFY_WITH_TIMEOUT(a->stats().backplaneUp && b->stats().backplaneUp, 10000);
    QTest::qWait(300); // let hub B resubscribe and resync the channel
    publishSome(30);

    // Every publish has exactly one answer: published (with a seq) or error.
    QTRY_COMPARE_WITH_TIMEOUT(
        publisher->all(u"published"_s).size() + publisher->all(u"error"_s).size(), sent, 15000);
    QHash<qint64, QPair<qint64, QString>> ackedById; // request id -> (seq, epoch unknown here)
    QSet<qint64> answered;
    for (const QJsonObject &ack : publisher->all(u"published"_s)) {
        const qint64 id = ack.value(u"id"_s).toInteger();
        QVERIFY(!answered.contains(id));
        answered.insert(id);
        ackedById.insert(id, {dataOf(ack).value(u"seq"_s).toInteger(), {}});
    }
    for (const QJsonObject &error : publisher->all(u"error"_s)) {
        const qint64 id = error.value(u"id"_s).toInteger();
        QVERIFY(!answered.contains(id));
        answered.insert(id);
        QCOMPARE(dataOf(error).value(u"code"_s).toString(), u"internal"_s);
    }
    QCOMPARE(answered.size(), sent);
    QVERIFY(publisher->all(u"error"_s).size() >= 20); // the ones sent while down at least
    QVERIFY(!publisher->all(u"published"_s).isEmpty());

    // The subscriber saw every acknowledged publication, or a break in the
    // sequence where it could not (Redis kept nothing: a new epoch), and
    // nothing out of order within an epoch.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &p : subscriber->publications(u"stream"_s)) {
                if (p.value(u"data"_s).toInt() == sent - 1)
                    return true;
            }
            return false;
        }(),
        10000);
    QSet<qint64> receivedPayloads;
    QString lastEpoch;
    qint64 lastSeq = 0;
    int epochs = 0;
    for (const QJsonObject &p : subscriber->publications(u"stream"_s)) {
        const QString epoch = p.value(u"epoch"_s).toString();
        const qint64 seq = p.value(u"seq"_s).toInteger();
        if (epoch != lastEpoch) {
            ++epochs;
            lastEpoch = epoch;
        } else {
            QCOMPARE(seq, lastSeq + 1); // within an epoch: no gap, no reorder
        }
        lastSeq = seq;
        receivedPayloads.insert(p.value(u"data"_s).toInteger());
    }
    QVERIFY(epochs >= 2); // Redis without persistence came back empty
    int unaccounted = 0;
    for (auto it = ackedById.cbegin(); it != ackedById.cend(); ++it) {
        if (!receivedPayloads.contains(it.key()))
            ++unaccounted; // acknowledged, not delivered: only across the epoch break
    }
    // Whatever was acknowledged after the restart was delivered.
    for (int id = sent - 30; id < sent; ++id) {
        if (ackedById.contains(id))
            QVERIFY2(receivedPayloads.contains(id), qPrintable(QString::number(id)));
    }
    qInfo() << "sent" << sent << "acknowledged" << ackedById.size() << "refused"
            << publisher->all(u"error"_s).size() << "acknowledged but lost at the break"
            << unaccounted << "epochs seen" << epochs;
    QVERIFY(a->isListening() && b->isListening());
    QVERIFY(!subscriber->closed && !publisher->closed);
}

void TestHubCluster::requiredRedisThatIsAbsentStopsTheHub()
{
    m_redis->kill();
    const quint16 port = freePort();
    QProcess hub;
    hub.start(QStringLiteral(HERALD_BIN_DIR "/herald-hub"),
              {u"--port"_s, QString::number(port), u"--redis"_s,
               u"redis://127.0.0.1:%1"_s.arg(m_redis->port()), u"--redis-required"_s});
    QVERIFY(hub.waitForFinished(15000));
    QCOMPARE(hub.exitCode(), 1);
    QVERIFY(hub.readAllStandardError().contains("Redis is required and unavailable"));
}

QTEST_GUILESS_MAIN(TestHubCluster)
#include "tst_hubcluster.moc"
