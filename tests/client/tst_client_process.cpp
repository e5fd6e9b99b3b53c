// Herald::Client against build/bin/herald-hub run as a process, for what
// only a real process shows: the hub killed and restarted on the same port
// (state gone: gap) and a hub frozen with SIGSTOP (half-open: heartbeat).

#include "testsupport.h"

#include <herald/client.h>

#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestSupport::seqsOf;

namespace {} // namespace

class TestClientProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Issue 3: "the hub killed and restarted mid-stream (same port): the
    // client reconnects, resubscribes and gets gap() (epoch changed)".
    // SIGTERM closes clients with 1001; SIGKILL leaves them to find out (1006).
    void restartedHubMeansGap_data()
    {
        QTest::addColumn<bool>("graceful");
        QTest::addColumn<int>("closeCode");
        QTest::newRow("SIGTERM") << true << 1001;
        QTest::newRow("SIGKILL") << false << 1006;
    }
    void restartedHubMeansGap()
    {
        QFETCH(bool, graceful);
        QFETCH(int, closeCode);
        TestSupport::HubProcess hub(TestSupport::freePort());
        QVERIFY(hub.start());

        Client subscriber;
        Client publisher;
        for (Client *client : {&subscriber, &publisher}) {
            TestSupport::makeFast(*client, TestSupport::hubUrl(hub.port()));
        }
        Subscription *sub = subscriber.subscribe(u"news"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy gaps(sub, &Subscription::gap);
        QSignalSpy disconnected(&subscriber, &Client::disconnected);
        QSignalSpy publisherConnected(&publisher, &Client::connected);
        subscriber.open();
        publisher.open();
        QTRY_COMPARE(subscribed.count(), 1);
        QTRY_COMPARE(publisherConnected.count(), 1);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(publisher.publish(u"news"_s, i));
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{1, 2, 3}));
        const QString oldEpoch = sub->epoch();

        if (graceful)
            hub.process().terminate();
        else
            hub.process().kill();
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
        QCOMPARE(disconnected.at(0).at(0).toInt(), closeCode);
        QTRY_COMPARE_WITH_TIMEOUT(hub.process().state(), QProcess::NotRunning, 5000);
        QTRY_COMPARE(subscriber.state(), Client::State::Reconnecting);
        QCOMPARE(gaps.count(), 0);

        QVERIFY(hub.start());
        QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 2, 10000);
        QCOMPARE(subscribed.at(1).at(0).toULongLong(), 0u);
        QCOMPARE(subscribed.at(1).at(1).toBool(), false);
        QCOMPARE(gaps.count(), 1);
        QVERIFY(sub->epoch() != oldEpoch);
        QCOMPARE(sub->lastSeq(), 0u);

        // The new history starts at seq 1 again; it is not taken for duplicates.
        QTRY_COMPARE_WITH_TIMEOUT(publisherConnected.count(), 2, 10000);
        for (int i = 4; i <= 5; ++i)
            QVERIFY(publisher.publish(u"news"_s, i));
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{1, 2, 3, 1, 2}));
        QCOMPARE(messages.at(4).at(0).value<Message>().data().toInt(), 5);
        QCOMPARE(messages.at(4).at(0).value<Message>().epoch(), sub->epoch());
        QCOMPARE(gaps.count(), 1);
    }

    // Issue 3: "half-open connection (stop the hub process with SIGSTOP)
    // detected by heartbeat within its timeout".
    void frozenHubDetectedByHeartbeat()
    {
        constexpr int interval = 200;
        constexpr int timeout = 600;
        TestSupport::HubProcess hub(TestSupport::freePort());
        QVERIFY(hub.start());
        const auto pid = pid_t(hub.process().processId());

        Client client;
        TestSupport::makeFast(client, TestSupport::hubUrl(hub.port()));
        client.setHeartbeatInterval(interval);
        client.setHeartbeatTimeout(timeout);
        Subscription *sub = client.subscribe(u"live"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy gaps(sub, &Subscription::gap);
        QSignalSpy disconnected(&client, &Client::disconnected);
        QSignalSpy reconnecting(&client, &Client::reconnecting);
        QSignalSpy connected(&client, &Client::connected);
        client.open();
        QTRY_COMPARE(subscribed.count(), 1);

        QCOMPARE(::kill(pid, SIGSTOP), 0);
        // Silence is noticed after at most one interval plus the timeout;
        // the rest of the allowance is scheduling slack, not a budget.
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, interval + timeout + 1500);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
        QVERIFY2(disconnected.at(0).at(1).toString().contains("no answer"_L1),
                 qPrintable(disconnected.at(0).at(1).toString()));
        QCOMPARE(client.state(), Client::State::Reconnecting);
        QCOMPARE(sub->state(), Subscription::State::Pending);
        // While frozen, the kernel still accepts TCP: each attempt's upgrade
        // hangs until the same timeout gives up on it.
        QTRY_VERIFY_WITH_TIMEOUT(reconnecting.count() >= 3, 10000);
        QCOMPARE(connected.count(), 1);

        QCOMPARE(::kill(pid, SIGCONT), 0);
        QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 2, 10000);
        QCOMPARE(subscribed.at(1).at(1).toBool(), true); // same hub: nothing lost
        QCOMPARE(gaps.count(), 0);
        QCOMPARE(client.state(), Client::State::Connected);
    }
};

QTEST_GUILESS_MAIN(TestClientProcess)
#include "tst_client_process.moc"
