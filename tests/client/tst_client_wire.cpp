// The client's side of the wire, against a scripted hub (fakehub.h): what
// it sends and in which order, and how it treats what the hub may send
// under faults. Issue 3, "Reliability"; PROTOCOL.md, "Client to hub".

#include "fakehub.h"
#include "testsupport.h"

#include <herald/client.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestSupport::seqsOf;

namespace {

QJsonObject sinceOf(const QJsonObject &subscribe)
{
    return subscribe.value("data"_L1).toObject().value("since"_L1).toObject();
}

} // namespace

class TestClientWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_hub = std::make_unique<FakeHub>();
        QVERIFY(m_hub->listen());
        m_client = std::make_unique<Client>();
        TestSupport::makeFast(*m_client, m_hub->url());
    }
    void cleanup()
    {
        m_client.reset();
        m_hub.reset();
    }

    // Connected means the hub answered, not merely that TCP and the upgrade
    // went through: the opening ping comes first, and its pong connects.
    void connectedOnlyOncePongArrives()
    {
        m_hub->answerPings = false;
        QSignalSpy connected(m_client.get(), &Client::connected);
        m_client->open();
        QCOMPARE(m_client->state(), Client::State::Connecting);
        const QJsonObject ping = m_hub->take(u"ping"_s);
        QVERIFY(!ping.isEmpty());
        QCOMPARE(m_client->state(), Client::State::Connecting);
        QCOMPARE(connected.count(), 0);
        m_hub->reply(Wire::Pong{0}, ping.value("id"_L1));
        QTRY_COMPARE(connected.count(), 1);
        QCOMPARE(m_client->state(), Client::State::Connected);
        QVERIFY(m_client->latency() >= 0);
    }

    // After connecting: subscribes first, then the offline queue in order,
    // each publication under the request id publish() returned.
    void sessionStartsWithSubscribesThenQueue()
    {
        m_client->setMaxQueuedPublishes(2);
        m_client->subscribe(u"a"_s);
        m_client->subscribe(u"b"_s);
        const auto first = m_client->publish(u"a"_s, 1);
        const auto second = m_client->publish(u"a"_s, 2, u"note.added"_s);
        QVERIFY(first && second);
        QCOMPARE(m_client->queuedPublishes(), 2);
        const auto third = m_client->publish(u"a"_s, 3);
        QVERIFY(!third);
        QVERIFY2(third.reason().contains("queue is full"_L1), qPrintable(third.reason()));

        m_client->open();
        QTRY_COMPARE(m_hub->received.size(), 5);
        QCOMPARE(m_hub->receivedTypes(), (QStringList{u"ping"_s, u"subscribe"_s, u"subscribe"_s,
                                                      u"publish"_s, u"publish"_s}));
        const QJsonObject p1 = m_hub->received.at(3);
        const QJsonObject p2 = m_hub->received.at(4);
        QCOMPARE(p1.value("id"_L1).toString(), *first);
        QCOMPARE(p2.value("id"_L1).toString(), *second);
        QCOMPARE(p1.value("data"_L1).toObject().value("data"_L1).toInt(), 1);
        QCOMPARE(p2.value("data"_L1).toObject().value("event"_L1).toString(), u"note.added"_s);
        QCOMPARE(m_client->queuedPublishes(), 0);
    }

    // Seed 001: "resubscribe every channel with since = last seen seq";
    // duplicates and replays of old seqs are dropped.
    void dedupesAndResumesFromLastSeq()
    {
        Subscription *sub = m_client->subscribe(u"c"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy all(m_client.get(), &Client::messageReceived);
        QSignalSpy gaps(sub, &Subscription::gap);
        m_client->open();

        const QJsonObject first = m_hub->take(u"subscribe"_s);
        QVERIFY(!first.isEmpty());
        QVERIFY(!first.value("data"_L1).toObject().contains("since"_L1));
        m_hub->confirm(first, 10, u"e1"_s);
        QTRY_COMPARE(subscribed.count(), 1);
        QCOMPARE(subscribed.at(0).at(0).toULongLong(), 10u);
        QCOMPARE(subscribed.at(0).at(1).toBool(), false);
        QCOMPARE(sub->lastSeq(), 10u);
        QCOMPARE(sub->epoch(), u"e1"_s);

        for (quint64 seq : {11, 12, 12, 11, 10, 13})
            m_hub->publish(u"c"_s, seq, u"e1"_s);
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{11, 12, 13}));
        QCOMPARE(seqsOf(all), (QList<quint64>{11, 12, 13}));
        QCOMPARE(gaps.count(), 0);

        m_hub->abortCurrent();
        const QJsonObject second = m_hub->take(u"subscribe"_s);
        QVERIFY(!second.isEmpty());
        QCOMPARE(sinceOf(second),
                 (QJsonObject{{u"c"_s, QJsonObject{{u"seq"_s, 13}, {u"epoch"_s, u"e1"_s}}}}));
        QCOMPARE(sub->state(), Subscription::State::Pending);

        // Recovered: the replay follows the reply and lastSeq waits for it.
        m_hub->confirm(second, 15, u"e1"_s, true);
        for (quint64 seq : {13, 14, 15, 16})
            m_hub->publish(u"c"_s, seq, u"e1"_s);
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{11, 12, 13, 14, 15, 16}));
        QCOMPARE(subscribed.count(), 2);
        QCOMPARE(subscribed.at(1).at(0).toULongLong(), 15u);
        QCOMPARE(subscribed.at(1).at(1).toBool(), true);
        QCOMPARE(gaps.count(), 0);
        QCOMPARE(sub->lastSeq(), 16u);
    }

    // recovered:false, a changed epoch, or no answer about recovery at all:
    // each is a gap, and the stream restarts from the hub's position.
    void lostRecoveryIsAGap_data()
    {
        QTest::addColumn<std::optional<bool>>("recovered");
        QTest::addColumn<QString>("epoch");
        QTest::newRow("recovered false") << std::optional<bool>(false) << u"e1"_s;
        QTest::newRow("epoch changed") << std::optional<bool>(true) << u"e2"_s;
        QTest::newRow("recovery not answered") << std::optional<bool>() << u"e1"_s;
    }
    void lostRecoveryIsAGap()
    {
        QFETCH(std::optional<bool>, recovered);
        QFETCH(QString, epoch);
        Subscription *sub = m_client->subscribe(u"c"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy gaps(sub, &Subscription::gap);
        m_client->open();
        m_hub->confirm(m_hub->take(u"subscribe"_s), 5, u"e1"_s);
        m_hub->publish(u"c"_s, 6, u"e1"_s);
        QTRY_COMPARE(seqsOf(messages), QList<quint64>{6});

        m_hub->abortCurrent();
        const QJsonObject again = m_hub->take(u"subscribe"_s);
        QCOMPARE(sinceOf(again).value("c"_L1).toObject().value("seq"_L1).toInt(), 6);
        m_hub->confirm(again, 2, epoch, recovered);
        // After the gap, seqs start over from the hub's position: 3 is new.
        m_hub->publish(u"c"_s, 3, epoch);
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{6, 3}));
        QCOMPARE(gaps.count(), 1);
        QCOMPARE(subscribed.count(), 2);
        QCOMPARE(subscribed.at(1).at(0).toULongLong(), 2u);
        QCOMPARE(subscribed.at(1).at(1).toBool(), false);
        QCOMPARE(sub->epoch(), epoch);
        QCOMPARE(sub->lastSeq(), 3u);
    }

    // A seq skipped on a live connection will not come back: gap, then go on.
    void skippedSeqIsAGap()
    {
        Subscription *sub = m_client->subscribe(u"c"_s);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy gaps(sub, &Subscription::gap);
        m_client->open();
        m_hub->confirm(m_hub->take(u"subscribe"_s), 0, u"e1"_s);
        for (quint64 seq : {1, 2, 5, 6})
            m_hub->publish(u"c"_s, seq, u"e1"_s);
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{1, 2, 5, 6}));
        QCOMPARE(gaps.count(), 1);
    }

    // Publications that arrive before the hub confirmed a subscription (in
    // flight from an earlier one) are not delivered.
    void nothingBeforeConfirmation()
    {
        Subscription *sub = m_client->subscribe(u"c"_s);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        m_client->open();
        const QJsonObject subscribe = m_hub->take(u"subscribe"_s);
        m_hub->publish(u"c"_s, 4, u"e1"_s);
        m_hub->confirm(subscribe, 4, u"e1"_s);
        m_hub->publish(u"c"_s, 5, u"e1"_s);
        QTRY_COMPARE(seqsOf(messages), QList<quint64>{5});
    }

    // Issue 3: "4001 (auth) stops reconnecting, others retry".
    void authFailureStopsRetrying()
    {
        m_hub->refuseCode = 4001;
        QSignalSpy disconnected(m_client.get(), &Client::disconnected);
        QSignalSpy reconnecting(m_client.get(), &Client::reconnecting);
        QSignalSpy connected(m_client.get(), &Client::connected);
        m_client->open();
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 4001);
        QCOMPARE(disconnected.at(0).at(1).toString(), u"refused by the test"_s);
        QCOMPARE(m_client->state(), Client::State::Disconnected);
        QCOMPARE(reconnecting.count(), 0);
        QCOMPARE(connected.count(), 0);
        QCOMPARE(m_hub->connections, 1);
    }

    void otherCloseCodesRetry_data()
    {
        QTest::addColumn<int>("code");
        for (int code : {1000, 1001, 4002, 4003, 4004, 4005})
            QTest::addRow("%d", code) << code;
    }
    void otherCloseCodesRetry()
    {
        QFETCH(int, code);
        QSignalSpy disconnected(m_client.get(), &Client::disconnected);
        QSignalSpy reconnecting(m_client.get(), &Client::reconnecting);
        QSignalSpy connected(m_client.get(), &Client::connected);
        m_client->open();
        QTRY_COMPARE(connected.count(), 1);
        m_hub->closeCurrent(code, u"test close"_s);
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(0).toInt(), code);
        QCOMPARE(disconnected.at(0).at(1).toString(), u"test close"_s);
        QCOMPARE(reconnecting.count(), 1);
        QCOMPARE(reconnecting.at(0).at(0).toInt(), 1);
        QTRY_COMPARE(connected.count(), 2);
        QCOMPARE(m_hub->connections, 2);
    }

    // A connection lost without a close frame reports 1006.
    void abruptLossIs1006()
    {
        QSignalSpy disconnected(m_client.get(), &Client::disconnected);
        QSignalSpy connected(m_client.get(), &Client::connected);
        m_client->open();
        QTRY_COMPARE(connected.count(), 1);
        m_hub->abortCurrent();
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
        QCOMPARE(m_client->state(), Client::State::Reconnecting);
    }

    // Every request gets one answer: when the connection takes the reply
    // with it, errorReceived("connection_lost") carries the request id.
    void unansweredRequestsFailOnLoss()
    {
        QSignalSpy connected(m_client.get(), &Client::connected);
        QSignalSpy errors(m_client.get(), &Client::errorReceived);
        m_client->open();
        QTRY_COMPARE(connected.count(), 1);
        const auto history = m_client->history(u"c"_s, 3, 10);
        const auto publish = m_client->publish(u"c"_s, u"hello"_s);
        QVERIFY(history && publish);
        const QJsonObject query = m_hub->take(u"history"_s);
        QCOMPARE(query.value("id"_L1).toString(), *history);
        QCOMPARE(query.value("data"_L1).toObject(),
                 (QJsonObject{{u"channel"_s, u"c"_s}, {u"since"_s, 3}, {u"limit"_s, 10}}));
        QVERIFY(!m_hub->take(u"publish"_s).isEmpty());
        m_hub->abortCurrent();
        QTRY_COMPARE(errors.count(), 2);
        QCOMPARE(errors.at(0).at(0).toString(), u"connection_lost"_s);
        QCOMPARE(errors.at(0).at(2).toString(), *history);
        QCOMPARE(errors.at(1).at(0).toString(), u"connection_lost"_s);
        QCOMPARE(errors.at(1).at(2).toString(), *publish);
    }

    // Half-open: the hub stops answering. The heartbeat notices within
    // interval + timeout and reconnects.
    void silentHubIsDropped()
    {
        m_client->setHeartbeatInterval(100);
        m_client->setHeartbeatTimeout(300);
        QSignalSpy connected(m_client.get(), &Client::connected);
        QSignalSpy disconnected(m_client.get(), &Client::disconnected);
        m_client->open();
        QTRY_COMPARE(connected.count(), 1);
        m_hub->answerPings = false;
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 100 + 300 + 2000);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
        QVERIFY2(disconnected.at(0).at(1).toString().contains("no answer"_L1),
                 qPrintable(disconnected.at(0).at(1).toString()));
        m_hub->answerPings = true;
        QTRY_COMPARE(connected.count(), 2);
    }

    // A hub that accepts TCP but never finishes the upgrade is given up on
    // after heartbeatTimeout, then retried.
    void stuckHandshakeIsRetried()
    {
        QTcpServer silent; // accepts, never speaks
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        m_client->setHeartbeatTimeout(200);
        m_client->setUrl(TestSupport::hubUrl(silent.serverPort()));
        QSignalSpy reconnecting(m_client.get(), &Client::reconnecting);
        QSignalSpy disconnected(m_client.get(), &Client::disconnected);
        m_client->open();
        QTRY_VERIFY_WITH_TIMEOUT(reconnecting.count() >= 2, 5000);
        QCOMPARE(m_client->state(), Client::State::Reconnecting);
        QCOMPARE(disconnected.count(), 0); // it never was connected
    }

private:
    std::unique_ptr<FakeHub> m_hub;
    std::unique_ptr<Client> m_client;
};

QTEST_GUILESS_MAIN(TestClientWire)
#include "tst_client_wire.moc"
