// Herald::Client against an in-process Herald::Hub on 127.0.0.1: every
// signal with its arguments, on() dispatch, the Subscription lifecycle,
// the offline queue and backoff (issue 3, "API" and "Reliability").

#include "testsupport.h"

#include <herald/client.h>
#include <herald/hub.h>

#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestSupport::seqsOf;
using TestSupport::userIdsOf;

namespace {

// A context whose member function on() can call.
class Receiver : public QObject
{
public:
    QList<quint64> seen;
    void take(const Message &message) { seen.append(message.seq()); }
};

} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_hub = std::make_unique<Hub>();
        QVERIFY(m_hub->listen(QHostAddress::LocalHost, 0).ok());
    }
    void cleanup() { m_hub.reset(); }

    void openAndClose()
    {
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        client.setHeartbeatInterval(50);
        QSignalSpy states(&client, &Client::stateChanged);
        QSignalSpy connected(&client, &Client::connected);
        QSignalSpy disconnected(&client, &Client::disconnected);
        QSignalSpy latency(&client, &Client::latencyChanged);
        QCOMPARE(client.state(), Client::State::Disconnected);
        QCOMPARE(client.latency(), -1);
        client.open();
        QTRY_COMPARE(connected.count(), 1);
        QTRY_COMPARE(m_hub->connectionCount(), 1);
        QTRY_VERIFY(!latency.isEmpty());
        QVERIFY(client.latency() >= 0);

        client.close();
        QCOMPARE(client.state(), Client::State::Disconnected);
        QCOMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 1000);
        QTRY_COMPARE(m_hub->connectionCount(), 0);
        QCOMPARE(states.count(), 3);
        QCOMPARE(states.at(0).at(0).value<Client::State>(), Client::State::Connecting);
        QCOMPARE(states.at(1).at(0).value<Client::State>(), Client::State::Connected);
        QCOMPARE(states.at(2).at(0).value<Client::State>(), Client::State::Disconnected);
    }

    void propertiesNotify()
    {
        Client client;
        QSignalSpy url(&client, &Client::urlChanged);
        QSignalSpy token(&client, &Client::tokenChanged);
        QSignalSpy delay(&client, &Client::reconnectDelayChanged);
        QSignalSpy maxDelay(&client, &Client::maxReconnectDelayChanged);
        QSignalSpy interval(&client, &Client::heartbeatIntervalChanged);
        QSignalSpy timeout(&client, &Client::heartbeatTimeoutChanged);
        QSignalSpy queue(&client, &Client::maxQueuedPublishesChanged);
        // Issue 3: "exponential backoff from 1 s to 60 s".
        QCOMPARE(client.reconnectDelay(), 1000);
        QCOMPARE(client.maxReconnectDelay(), 60000);
        client.setUrl(m_hub->url());
        client.setUrl(m_hub->url());
        client.setToken(u"t"_s);
        client.setReconnectDelay(5);
        client.setMaxReconnectDelay(50);
        client.setHeartbeatInterval(100);
        client.setHeartbeatTimeout(200);
        client.setMaxQueuedPublishes(3);
        for (const QSignalSpy *spy : {&url, &token, &delay, &maxDelay, &interval, &timeout, &queue})
            QCOMPARE(spy->count(), 1);
        QCOMPARE(url.at(0).at(0).toUrl(), m_hub->url());
        QCOMPARE(queue.at(0).at(0).toInt(), 3);
    }

    // The token travels as ?token= (PROTOCOL.md, "Transport").
    void tokenIsSentInTheQuery()
    {
        QString seen;
        m_hub->setAuthenticator([&seen](const ConnectionRequest &request) {
            seen = request.token;
            Identity identity;
            identity.userId = u"u"_s;
            return AuthResult::accept(identity);
        });
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        client.setToken(u"s3cret&x=y"_s);
        QSignalSpy connected(&client, &Client::connected);
        client.open();
        QTRY_COMPARE(connected.count(), 1);
        QCOMPARE(seen, u"s3cret&x=y"_s);
    }

    void subscribeAndReceive()
    {
        QVERIFY(m_hub->publish(u"memories"_s, u"memory.created"_s, 0).ok()); // before us
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        Subscription *sub = client.subscribe(u"memories"_s);
        QCOMPARE(sub->channel(), u"memories"_s);
        QCOMPARE(sub->state(), Subscription::State::Pending);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy all(&client, &Client::messageReceived);
        client.open();
        QTRY_COMPARE(subscribed.count(), 1);
        QCOMPARE(subscribed.at(0).at(0).toULongLong(), 1u);
        QCOMPARE(subscribed.at(0).at(1).toBool(), false);
        QCOMPARE(sub->state(), Subscription::State::Subscribed);
        QCOMPARE(sub->lastSeq(), 1u);

        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        for (int i = 1; i <= 3; ++i)
            QVERIFY(
                m_hub->publish(u"memories"_s, u"memory.created"_s, QJsonObject{{u"n"_s, i}}).ok());
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{2, 3, 4}));
        QCOMPARE(seqsOf(all), (QList<quint64>{2, 3, 4}));
        const Message last = messages.at(2).at(0).value<Message>();
        QCOMPARE(last.channel(), u"memories"_s);
        QCOMPARE(last.type(), u"memory.created"_s);
        QCOMPARE(last.epoch(), sub->epoch());
        QVERIFY(!last.epoch().isEmpty());
        QVERIFY(!last.id().isEmpty());
        QVERIFY(last.timestamp().isValid());
        QCOMPARE(last.timestamp().timeSpec(), Qt::UTC);
        QVERIFY(last.timestamp().toMSecsSinceEpoch() >= before - 1000);
        QVERIFY(last.sender().isEmpty()); // the hub's own publication
        QCOMPARE(last.data(), QJsonValue(QJsonObject{{u"n"_s, 3}}));
        QCOMPARE(sub->lastSeq(), 4u);
    }

    void publishIsAcknowledged()
    {
        Client client;
        TestSupport::makeFast(
            client, TestSupport::hubUrl(m_hub->serverPort(), u"user_id=alice&user_name=Alice"_s));
        Subscription *sub = client.subscribe(u"chat"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy published(&client, &Client::published);
        client.open();
        QTRY_COMPARE(subscribed.count(), 1);
        const auto id = client.publish(u"chat"_s, QJsonObject{{u"text"_s, u"hi"_s}}, u"said"_s);
        QVERIFY2(id, qPrintable(id.reason()));
        QTRY_COMPARE(published.count(), 1);
        QCOMPARE(published.at(0).at(0).toString(), *id);
        QCOMPARE(published.at(0).at(1).toString(), u"chat"_s);
        QCOMPARE(published.at(0).at(2).toULongLong(), 1u);
        QTRY_COMPARE(messages.count(), 1);
        const Message message = messages.at(0).at(0).value<Message>();
        QCOMPARE(message.seq(), 1u);
        QCOMPARE(message.type(), u"said"_s);
        QCOMPARE(message.sender().userId(), u"alice"_s);
        QCOMPARE(message.sender().userName(), u"Alice"_s);
        QCOMPARE(message.data().toObject().value(u"text"_s).toString(), u"hi"_s);
    }

    // Issue 3: on(eventType, context, functor), the context's lifetime
    // ending the connection.
    void onDispatchesByEventType()
    {
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        QSignalSpy subscribed(client.subscribe(u"memories"_s), &Subscription::subscribed);
        QSignalSpy all(&client, &Client::messageReceived);

        QObject context;
        QList<quint64> created;
        int deleted = 0;
        client.on(u"memory.created"_s, &context,
                  [&created](const Message &message) { created.append(message.seq()); });
        client.on(u"memory.deleted"_s, &context, [&deleted] { ++deleted; });
        Receiver receiver;
        client.on(u"memory.updated"_s, &receiver, &Receiver::take);
        auto shortLived = std::make_unique<QObject>();
        int shortLivedCalls = 0;
        client.on(u"memory.created"_s, shortLived.get(), [&shortLivedCalls] { ++shortLivedCalls; });

        client.open();
        QTRY_COMPARE(subscribed.count(), 1);
        for (const char *event :
             {"memory.created", "memory.updated", "memory.deleted", "memory.created"})
            QVERIFY(m_hub->publish(u"memories"_s, QString::fromLatin1(event), 0).ok());
        QTRY_COMPARE(all.count(), 4);
        QCOMPARE(created, (QList<quint64>{1, 4}));
        QCOMPARE(receiver.seen, QList<quint64>{2});
        QCOMPARE(deleted, 1);
        QCOMPARE(shortLivedCalls, 2);

        shortLived.reset();
        QVERIFY(m_hub->publish(u"memories"_s, u"memory.created"_s, 0).ok());
        QTRY_COMPARE(all.count(), 5);
        QCOMPARE(created, (QList<quint64>{1, 4, 5}));
        QCOMPARE(shortLivedCalls, 2);
    }

    void presence()
    {
        Client alice;
        Client bob;
        TestSupport::makeFast(alice, TestSupport::hubUrl(m_hub->serverPort(), u"user_id=alice"_s));
        TestSupport::makeFast(
            bob, TestSupport::hubUrl(m_hub->serverPort(), u"user_id=bob&user_name=Bob"_s));
        Subscription *room = alice.subscribe(u"room"_s);
        QSignalSpy subJoined(room, &Subscription::presenceJoined);
        QSignalSpy subLeft(room, &Subscription::presenceLeft);
        QSignalSpy joined(&alice, &Client::presenceJoined);
        QSignalSpy left(&alice, &Client::presenceLeft);
        QSignalSpy members(&alice, &Client::presenceReceived);
        alice.open();
        QTRY_COMPARE(joined.count(), 1); // her own arrival
        QSignalSpy bobSubscribed(bob.subscribe(u"room"_s), &Subscription::subscribed);
        bob.open();
        QTRY_COMPARE(joined.count(), 2);
        QCOMPARE(userIdsOf(joined, 1), (QStringList{u"alice"_s, u"bob"_s}));
        QCOMPARE(userIdsOf(subJoined, 0), (QStringList{u"alice"_s, u"bob"_s}));
        QCOMPARE(joined.at(1).at(0).toString(), u"room"_s);
        const Member bobMember = joined.at(1).at(1).value<Member>();
        QCOMPARE(bobMember.userName(), u"Bob"_s);
        QVERIFY(!bobMember.connectionId().isEmpty());

        const auto id = alice.presence(u"room"_s);
        QVERIFY(id);
        QTRY_COMPARE(members.count(), 1);
        QCOMPARE(members.at(0).at(0).toString(), u"room"_s);
        QCOMPARE(members.at(0).at(2).toString(), *id);
        const auto list = members.at(0).at(1).value<QList<Member>>();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).userId(), u"alice"_s);
        QCOMPARE(list.at(0).connectionCount(), 1);
        QCOMPARE(list.at(1).userId(), u"bob"_s);
        QCOMPARE(list.at(1).userName(), u"Bob"_s);

        bob.unsubscribe(u"room"_s);
        QTRY_COMPARE(left.count(), 1);
        QCOMPARE(left.at(0).at(0).toString(), u"room"_s);
        QCOMPARE(left.at(0).at(1).value<Member>().userId(), u"bob"_s);
        QCOMPARE(userIdsOf(subLeft, 0), QStringList{u"bob"_s});
    }

    void history()
    {
        for (int i = 1; i <= 5; ++i)
            QVERIFY(m_hub->publish(u"h"_s, u"message"_s, i).ok());
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        QVERIFY(!client.history(u"h"_s)); // not connected
        QSignalSpy connected(&client, &Client::connected);
        QSignalSpy history(&client, &Client::historyReceived);
        client.open();
        QTRY_COMPARE(connected.count(), 1);
        const auto some = client.history(u"h"_s, 2, 2);
        const auto newest = client.history(u"h"_s);
        QVERIFY(some && newest);
        QTRY_COMPARE(history.count(), 2);
        QCOMPARE(history.at(0).at(0).toString(), u"h"_s);
        QCOMPARE(history.at(0).at(2).toString(), *some);
        const auto first = history.at(0).at(1).value<QList<Message>>();
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0).seq(), 3u);
        QCOMPARE(first.at(1).seq(), 4u);
        QCOMPARE(first.at(1).data().toInt(), 4);
        QCOMPARE(history.at(1).at(2).toString(), *newest);
        const auto second = history.at(1).at(1).value<QList<Message>>();
        QCOMPARE(second.size(), 5);
        QCOMPARE(second.last().seq(), 5u);
    }

    void errors()
    {
        m_hub->setAuthorizer([](const Identity &, Action, const QString &channel) {
            return channel != "secret"_L1;
        });
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        QSignalSpy errors(&client, &Client::errorReceived);
        QSignalSpy okSubscribed(client.subscribe(u"open"_s), &Subscription::subscribed);
        QPointer<Subscription> secret = client.subscribe(u"secret"_s);
        QSignalSpy refused(secret.data(), &Subscription::errorReceived);
        QSignalSpy unsubscribed(secret.data(), &Subscription::unsubscribed);
        client.open();
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).toString(), u"forbidden"_s);
        QVERIFY(!refused.at(0).at(1).toString().isEmpty());
        QCOMPARE(unsubscribed.count(), 1);
        QCOMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), u"forbidden"_s);
        QVERIFY(!errors.at(0).at(2).toString().isEmpty());
        QCOMPARE(client.subscription(u"secret"_s), nullptr);
        QTRY_VERIFY(secret.isNull());
        // One refused channel costs no other.
        QTRY_COMPARE(okSubscribed.count(), 1);

        const auto id = client.publish(u"secret"_s, 1);
        QVERIFY(id);
        QTRY_COMPARE(errors.count(), 2);
        QCOMPARE(errors.at(1).at(0).toString(), u"forbidden"_s);
        QCOMPARE(errors.at(1).at(2).toString(), *id);

        // Refused before anything is sent.
        QVERIFY(!client.publish(QString(), 1));
        const auto reserved = client.publish(u"open"_s, 1, u"presence.joined"_s);
        QVERIFY(!reserved);
        QVERIFY(reserved.reason().contains("presence.joined"_L1));
    }

    void subscriptionLifecycle()
    {
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        QPointer<Subscription> a = client.subscribe(u"a"_s);
        QCOMPARE(client.subscribe(u"a"_s), a.data());
        QCOMPARE(client.subscription(u"a"_s), a.data());
        QCOMPARE(client.subscriptions().size(), 1);
        QCOMPARE(a->client(), &client);
        QSignalSpy aSubscribed(a.data(), &Subscription::subscribed);
        QSignalSpy aStates(a.data(), &Subscription::stateChanged);
        QSignalSpy aUnsubscribed(a.data(), &Subscription::unsubscribed);
        QSignalSpy all(&client, &Client::messageReceived);
        client.open();
        QTRY_COMPARE(aSubscribed.count(), 1);
        QTRY_COMPARE(m_hub->lastSeq(u"a"_s), 0u);

        a->unsubscribe();
        QCOMPARE(aUnsubscribed.count(), 1);
        QCOMPARE(aStates.count(), 2);
        QCOMPARE(aStates.at(0).at(0).value<Subscription::State>(), Subscription::State::Subscribed);
        QCOMPARE(aStates.at(1).at(0).value<Subscription::State>(),
                 Subscription::State::Unsubscribed);
        QCOMPARE(client.subscription(u"a"_s), nullptr);
        QVERIFY(client.subscriptions().isEmpty());
        QTRY_VERIFY(a.isNull());

        // The hub handles frames in order: once b is confirmed, a is gone.
        QSignalSpy bSubscribed(client.subscribe(u"b"_s), &Subscription::subscribed);
        QTRY_COMPARE(bSubscribed.count(), 1);
        QVERIFY(m_hub->publish(u"a"_s, u"message"_s, 1).ok());
        QVERIFY(m_hub->publish(u"b"_s, u"message"_s, 2).ok());
        QTRY_COMPARE(all.count(), 1);
        QCOMPARE(all.at(0).at(0).value<Message>().channel(), u"b"_s);
        client.unsubscribe(u"not-subscribed"_s); // harmless
    }

    // Issue 3: "Publishing while not connected: queued (bounded, configurable)
    // and sent after reconnect; when the queue is full the call fails".
    void offlineQueueFlushesInOrder()
    {
        const quint16 port = m_hub->serverPort();
        m_hub = std::make_unique<Hub>(); // nothing listens on `port` for now
        Client client;
        TestSupport::makeFast(client, TestSupport::hubUrl(port));
        client.setMaxQueuedPublishes(5);
        QSignalSpy reconnecting(&client, &Client::reconnecting);
        QSignalSpy published(&client, &Client::published);
        QSignalSpy queued(&client, &Client::queuedPublishesChanged);
        client.open();
        QTRY_VERIFY(reconnecting.count() >= 1);
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            const auto id = client.publish(u"q"_s, i);
            QVERIFY2(id, qPrintable(id.reason()));
            ids.append(*id);
        }
        QCOMPARE(client.queuedPublishes(), 5);
        const auto full = client.publish(u"q"_s, 5);
        QVERIFY(!full);
        QVERIFY2(full.reason().contains("queue is full"_L1), qPrintable(full.reason()));
        QCOMPARE(client.queuedPublishes(), 5);

        QVERIFY(m_hub->listen(QHostAddress::LocalHost, port).ok());
        QTRY_COMPARE(published.count(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(published.at(i).at(0).toString(), ids.at(i));
            QCOMPARE(published.at(i).at(2).toULongLong(), quint64(i + 1));
        }
        QCOMPARE(client.queuedPublishes(), 0);
        QCOMPARE(queued.last().at(0).toInt(), 0);

        QSignalSpy history(&client, &Client::historyReceived);
        QVERIFY(client.history(u"q"_s));
        QTRY_COMPARE(history.count(), 1);
        const auto stored = history.at(0).at(1).value<QList<Message>>();
        QCOMPARE(stored.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(stored.at(i).data().toInt(), i);
    }

    // Issue 3: "exponential backoff ... with jitter, unlimited attempts,
    // reset after a successful connect"; 1001 surfaces and is retried.
    void backoffGrowsAndResets()
    {
        const quint16 port = m_hub->serverPort();
        m_hub = std::make_unique<Hub>();
        Client client;
        TestSupport::makeFast(client, TestSupport::hubUrl(port));
        client.setReconnectDelay(10);
        client.setMaxReconnectDelay(80);
        QSignalSpy reconnecting(&client, &Client::reconnecting);
        QSignalSpy connected(&client, &Client::connected);
        QSignalSpy disconnected(&client, &Client::disconnected);
        client.open();
        QTRY_VERIFY_WITH_TIMEOUT(reconnecting.count() >= 7, 10000);
        for (int i = 0; i < 7; ++i) {
            const int attempt = reconnecting.at(i).at(0).toInt();
            const int delay = reconnecting.at(i).at(1).toInt();
            const int full = std::min(80, 10 << i);
            QCOMPARE(attempt, i + 1);
            QVERIFY2(delay >= full / 2 && delay <= full,
                     qPrintable(u"attempt %1 waited %2 ms"_s.arg(attempt).arg(delay)));
        }
        QCOMPARE(disconnected.count(), 0); // never connected, nothing to end

        QVERIFY(m_hub->listen(QHostAddress::LocalHost, port).ok());
        QTRY_COMPARE(connected.count(), 1);
        reconnecting.clear();
        m_hub->shutdown();
        QTRY_COMPARE(disconnected.count(), 1);
        QCOMPARE(disconnected.at(0).at(0).toInt(), 1001);
        QCOMPARE(disconnected.at(0).at(1).toString(), u"hub shutting down"_s);
        QTRY_VERIFY(!reconnecting.isEmpty());
        QCOMPARE(reconnecting.at(0).at(0).toInt(), 1);
        QCOMPARE(client.state(), Client::State::Reconnecting);
        QVERIFY(m_hub->listen(QHostAddress::LocalHost, port).ok());
        QTRY_COMPARE(connected.count(), 2);
    }

    // A hub that closed us but kept its channels: the resubscribe recovers
    // what was published meanwhile, in order, with no gap.
    void recoversAfterHubReopens()
    {
        const quint16 port = m_hub->serverPort();
        Client client;
        TestSupport::makeFast(client, m_hub->url());
        Subscription *sub = client.subscribe(u"s"_s);
        QSignalSpy subscribed(sub, &Subscription::subscribed);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QSignalSpy gaps(sub, &Subscription::gap);
        QSignalSpy disconnected(&client, &Client::disconnected);
        client.open();
        QTRY_COMPARE(subscribed.count(), 1);
        QVERIFY(m_hub->publish(u"s"_s, u"message"_s, 1).ok());
        QTRY_COMPARE(messages.count(), 1);
        m_hub->shutdown();
        QTRY_COMPARE(disconnected.count(), 1);
        QTRY_COMPARE(sub->state(), Subscription::State::Pending);
        for (int i = 2; i <= 4; ++i)
            QVERIFY(m_hub->publish(u"s"_s, u"message"_s, i).ok());
        QVERIFY(m_hub->listen(QHostAddress::LocalHost, port).ok());
        QVERIFY(m_hub->publish(u"s"_s, u"message"_s, 5).ok());
        QTRY_COMPARE(subscribed.count(), 2);
        QCOMPARE(subscribed.at(1).at(0).toULongLong(), 5u);
        QCOMPARE(subscribed.at(1).at(1).toBool(), true);
        QTRY_COMPARE(seqsOf(messages), (QList<quint64>{1, 2, 3, 4, 5}));
        QCOMPARE(gaps.count(), 0);
    }

private:
    std::unique_ptr<Hub> m_hub;
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
