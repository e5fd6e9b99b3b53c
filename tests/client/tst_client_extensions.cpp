// What the client gained for the monitor (issue 4): subscription options
// (hidden, no presence events) and generic requests for the hub's
// extensions, with replyReceived() for their answers and for frames the
// client does not know. docs/protocol.md, "Admin extensions (the monitor)".

#include "fakehub.h"
#include "testsupport.h"

#include <herald/client.h>
#include <herald/hub.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestSupport::userIdsOf;

namespace {

QJsonObject dataOf(const QJsonObject &frame)
{
    return frame.value("data"_L1).toObject();
}

} // namespace

class TestClientExtensions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_hub = std::make_unique<Hub>();
        QVERIFY(m_hub->listen(QHostAddress::LocalHost, 0).ok());
    }
    void cleanup()
    {
        m_clients.clear();
        m_fake.reset();
        m_hub.reset();
    }

    // "subscribe with hidden: true: not listed in presence and its join and
    // leave are not announced", while it still receives the channel,
    // others' presence events included.
    void hiddenSubscriptionIsNotSeen()
    {
        Client *alice = connectedClient(u"alice"_s);
        Subscription *aliceRoom = alice->subscribe(u"room"_s);
        QSignalSpy aliceJoins(aliceRoom, &Subscription::presenceJoined);
        QTRY_COMPARE(aliceRoom->state(), Subscription::State::Subscribed);

        Client *watcher = connectedClient(u"watcher"_s);
        Subscription *watched = watcher->subscribe(u"room"_s, Subscription::Option::Hidden);
        QCOMPARE(watched->options(), Subscription::Options(Subscription::Option::Hidden));
        QSignalSpy watcherJoins(watched, &Subscription::presenceJoined);
        QSignalSpy watcherMessages(watched, &Subscription::messageReceived);
        QTRY_COMPARE(watched->state(), Subscription::State::Subscribed);

        // Bob's join reaches alice after any join of the watcher would have.
        Client *bob = connectedClient(u"bob"_s);
        bob->subscribe(u"room"_s);
        QTRY_COMPARE(userIdsOf(aliceJoins, 0), (QStringList{u"alice"_s, u"bob"_s}));
        QTRY_COMPARE(userIdsOf(watcherJoins, 0), QStringList{u"bob"_s});

        QSignalSpy presence(alice, &Client::presenceReceived);
        QVERIFY(alice->presence(u"room"_s));
        QTRY_COMPARE(presence.count(), 1);
        QStringList present;
        for (const Member &member : presence.at(0).at(1).value<QList<Member>>())
            present.append(member.userId());
        present.sort();
        QCOMPARE(present, (QStringList{u"alice"_s, u"bob"_s}));

        QVERIFY(bob->publish(u"room"_s, QJsonObject{{u"text"_s, u"hi"_s}}));
        QTRY_COMPARE(watcherMessages.count(), 1);
        QCOMPARE(watcherMessages.at(0).at(0).value<Message>().sender().userId(), u"bob"_s);
    }

    // "presence: false declines presence.joined/left events (the client
    // still counts as present and appears in presence replies)".
    void noPresenceEventsStillPresent()
    {
        Client *carl = connectedClient(u"carl"_s);
        Subscription *sub = carl->subscribe(u"feed"_s, Subscription::Option::NoPresenceEvents);
        QSignalSpy joins(sub, &Subscription::presenceJoined);
        QSignalSpy messages(sub, &Subscription::messageReceived);
        QTRY_COMPARE(sub->state(), Subscription::State::Subscribed);

        Client *dave = connectedClient(u"dave"_s);
        Subscription *daveFeed = dave->subscribe(u"feed"_s);
        QTRY_COMPARE(daveFeed->state(), Subscription::State::Subscribed);
        QVERIFY(dave->publish(u"feed"_s, 1));
        // The publication follows dave's join: had the join come, it is here.
        QTRY_COMPARE(messages.count(), 1);
        QCOMPARE(joins.count(), 0);

        QSignalSpy presence(dave, &Client::presenceReceived);
        QVERIFY(dave->presence(u"feed"_s));
        QTRY_COMPARE(presence.count(), 1);
        QCOMPARE(presence.at(0).at(1).value<QList<Member>>().size(), 2);
    }

    // Only administrators may subscribe hidden; with loopbackAdmin off an
    // anonymous local connection is not one.
    void hiddenNeedsAdmin()
    {
        HubConfig config;
        config.loopbackAdmin = false;
        m_hub = std::make_unique<Hub>(config);
        QVERIFY(m_hub->listen(QHostAddress::LocalHost, 0).ok());
        Client *client = connectedClient(u"eve"_s);
        Subscription *sub = client->subscribe(u"room"_s, Subscription::Option::Hidden);
        QSignalSpy errors(sub, &Subscription::errorReceived);
        QSignalSpy ended(sub, &Subscription::unsubscribed);
        QTRY_COMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), u"forbidden"_s);
        QCOMPARE(ended.count(), 1);

        QVERIFY(refusedWith(client, u"admin.connections"_s, {}, u"forbidden"_s));
    }

    // admin.connections: the answer comes as replyReceived() with its type,
    // its data and the id request() returned.
    void listConnections()
    {
        Client *admin = connectedClient(u"admin"_s);
        Client *frank = connectedClient(u"frank"_s);
        frank->subscribe(u"a"_s);
        frank->subscribe(u"b"_s);
        QTRY_COMPARE(frank->subscription(u"b"_s)->state(), Subscription::State::Subscribed);

        QSignalSpy replies(admin, &Client::replyReceived);
        const auto id = admin->request(u"admin.connections"_s);
        QVERIFY2(id, qPrintable(id.reason()));
        QTRY_COMPARE(replies.count(), 1);
        QCOMPARE(replies.at(0).at(0).toString(), u"admin.connections"_s);
        QCOMPARE(replies.at(0).at(2).toString(), *id);
        const QJsonArray connections =
            replies.at(0).at(1).toJsonObject().value("connections"_L1).toArray();
        QCOMPARE(connections.size(), 2);
        const QJsonObject frankRow = connectionOf(connections, u"frank"_s);
        QCOMPARE(frankRow.value("subscriptions"_L1).toInt(), 2);
        QCOMPARE(frankRow.value("dialect"_L1).toString(), u"herald"_s);
    }

    // admin.disconnect closes the chosen connection with the code and reason
    // given, and is answered with admin.disconnected.
    void disconnectConnection()
    {
        Client *admin = connectedClient(u"admin"_s);
        Client *gina = connectedClient(u"gina"_s);
        QSignalSpy replies(admin, &Client::replyReceived);
        QVERIFY(admin->request(u"admin.connections"_s));
        QTRY_COMPARE(replies.count(), 1);
        const QString target =
            connectionOf(replies.at(0).at(1).toJsonObject().value("connections"_L1).toArray(),
                         u"gina"_s)
                .value("id"_L1)
                .toString();
        QVERIFY(!target.isEmpty());

        QSignalSpy closed(gina, &Client::disconnected);
        const auto id = admin->request(
            u"admin.disconnect"_s,
            QJsonObject{{u"connection_id"_s, target}, {u"code"_s, 4000}, {u"reason"_s, u"bye"_s}});
        QVERIFY2(id, qPrintable(id.reason()));
        QTRY_COMPARE(replies.count(), 2);
        QCOMPARE(replies.at(1).at(0).toString(), u"admin.disconnected"_s);
        QCOMPARE(replies.at(1).at(1).toJsonObject().value("connection_id"_L1).toString(), target);
        QCOMPARE(replies.at(1).at(2).toString(), *id);
        QTRY_COMPARE(closed.count(), 1);
        QCOMPARE(closed.at(0).at(0).toInt(), 4000);
        QCOMPARE(closed.at(0).at(1).toString(), u"bye"_s);

        QVERIFY(refusedWith(admin, u"admin.disconnect"_s,
                            QJsonObject{{u"connection_id"_s, u"nobody"_s}}, u"not_found"_s));
    }

    // Requests are checked by the codec before anything is sent, and the
    // client's own request types stay with the methods that track them.
    void requestRefusedBeforeSending_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QJsonObject>("data");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty type") << QString() << QJsonObject() << u"must not be empty"_s;
        QTest::newRow("no connection_id")
            << u"admin.disconnect"_s << QJsonObject() << u"connection_id"_s;
        QTest::newRow("bad close code")
            << u"admin.disconnect"_s << QJsonObject{{u"connection_id"_s, u"x"_s}, {u"code"_s, 1234}}
            << u"'code'"_s;
        for (const char *own : {"subscribe", "unsubscribe", "publish", "history", "presence"}) {
            QJsonObject data{{u"channel"_s, u"c"_s}, {u"channels"_s, QJsonArray{u"c"_s}}};
            QTest::newRow(own) << QString::fromLatin1(own) << data << u"own Client method"_s;
        }
        QTest::newRow("ping") << u"ping"_s << QJsonObject() << u"own Client method"_s;
    }
    void requestRefusedBeforeSending()
    {
        QFETCH(QString, type);
        QFETCH(QJsonObject, data);
        QFETCH(QString, reason);
        Client &client = *fakeClient(false);
        FakeHub &fake = *m_fake;
        QCOMPARE(client.request(u"admin.connections"_s).reason(), u"not connected"_s);
        QVERIFY(openClient(&client));

        const auto result = client.request(type, data);
        QVERIFY(!result);
        QVERIFY2(result.reason().contains(reason), qPrintable(result.reason()));
        // A frame sent after it is the next one the hub sees.
        QVERIFY(client.request(u"admin.connections"_s));
        QTRY_COMPARE(fake.receivedTypes().last(), u"admin.connections"_s);
        QCOMPARE(fake.receivedTypes(), (QStringList{u"ping"_s, u"admin.connections"_s}));
    }

    // A type the codec does not know goes out as given; its answer, of a
    // type the client does not know either, comes back as replyReceived().
    // The real hub answers unknown types with unknown_type.
    void unknownTypeGoesOutAsGiven()
    {
        Client &client = *fakeClient();
        FakeHub &fake = *m_fake;
        QSignalSpy replies(&client, &Client::replyReceived);

        const auto id = client.request(u"admin.frobnicate"_s, QJsonObject{{u"x"_s, 1}});
        QVERIFY2(id, qPrintable(id.reason()));
        const QJsonObject sent = fake.take(u"admin.frobnicate"_s);
        QCOMPARE(sent.value("id"_L1).toString(), *id);
        QCOMPARE(dataOf(sent), (QJsonObject{{u"x"_s, 1}}));
        fake.reply(Wire::OtherFrame{u"admin.frobnicated"_s,
                                    QJsonObject{{u"data"_s, QJsonObject{{u"y"_s, 2}}}}},
                   *id);
        QTRY_COMPARE(replies.count(), 1);
        QCOMPARE(replies.at(0).at(0).toString(), u"admin.frobnicated"_s);
        QCOMPARE(replies.at(0).at(1).toJsonObject(), (QJsonObject{{u"y"_s, 2}}));
        QCOMPARE(replies.at(0).at(2).toString(), *id);

        QVERIFY(
            refusedWith(connectedClient(u"hal"_s), u"admin.frobnicate"_s, {}, u"unknown_type"_s));
    }

    // Frames the hub sends unasked: without a channel they are
    // replyReceived() with no id; for a subscribed channel they stay
    // messages; for another channel they are dropped.
    void unsolicitedFrames()
    {
        Client &client = *fakeClient(false);
        FakeHub &fake = *m_fake;
        Subscription *sub = client.subscribe(u"c"_s);
        QSignalSpy replies(&client, &Client::replyReceived);
        QSignalSpy messages(&client, &Client::messageReceived);
        client.open();
        fake.confirm(fake.take(u"subscribe"_s), 0, u"e"_s);
        QTRY_COMPARE(sub->state(), Subscription::State::Subscribed);

        fake.sendRaw(R"({"type":"elsewhere.event","channel":"other","data":{"n":0}})");
        fake.sendRaw(R"({"type":"hub.notice","data":{"text":"maintenance at 10"}})");
        fake.sendRaw(R"({"type":"tenant.user_joined","channel":"c","data":{"user_id":"u"}})");
        QTRY_COMPARE(messages.count(), 1);
        QCOMPARE(messages.at(0).at(0).value<Message>().type(), u"tenant.user_joined"_s);
        QCOMPARE(replies.count(), 1);
        QCOMPARE(replies.at(0).at(0).toString(), u"hub.notice"_s);
        QCOMPARE(replies.at(0).at(1).toJsonObject().value("text"_L1).toString(),
                 u"maintenance at 10"_s);
        QCOMPARE(replies.at(0).at(2).toString(), QString());
    }

    // Options go on the wire, and again on every resubscribe.
    void optionsOnEveryResubscribe()
    {
        Client &client = *fakeClient(false);
        FakeHub &fake = *m_fake;
        client.subscribe(u"plain"_s);
        client.subscribe(u"watched"_s,
                         Subscription::Option::Hidden | Subscription::Option::NoPresenceEvents);
        // Asking again returns the subscription as it was.
        QCOMPARE(client.subscribe(u"plain"_s, Subscription::Option::Hidden)->options(),
                 Subscription::Options());
        client.open();
        for (int round = 0; round < 2; ++round) {
            QHash<QString, QJsonObject> frames;
            for (int i = 0; i < 2; ++i) {
                const QJsonObject data = dataOf(fake.take(u"subscribe"_s));
                frames.insert(data.value("channels"_L1).toArray().first().toString(), data);
            }
            QCOMPARE(frames.size(), 2);
            QVERIFY(!frames.value(u"plain"_s).contains("hidden"_L1));
            QVERIFY(!frames.value(u"plain"_s).contains("presence"_L1));
            QCOMPARE(frames.value(u"watched"_s).value("hidden"_L1), QJsonValue(true));
            QCOMPARE(frames.value(u"watched"_s).value("presence"_L1), QJsonValue(false));
            fake.abortCurrent();
        }
    }

    // Every request gets one answer: an extension request cut off by a
    // dropped connection is reported as connection_lost.
    void pendingRequestLostWithConnection()
    {
        Client &client = *fakeClient();
        FakeHub &fake = *m_fake;
        QSignalSpy errors(&client, &Client::errorReceived);
        const auto id = client.request(u"admin.connections"_s);
        QVERIFY(id);
        QVERIFY(!fake.take(u"admin.connections"_s).isEmpty());
        fake.abortCurrent();
        QTRY_COMPARE(errors.count(), 1);
        QCOMPARE(errors.at(0).at(0).toString(), u"connection_lost"_s);
        QCOMPARE(errors.at(0).at(2).toString(), *id);
    }

private:
    static bool openClient(Client *client)
    {
        QSignalSpy connected(client, &Client::connected);
        client->open();
        return QTest::qWaitFor([&] { return !connected.isEmpty(); }, 5000);
    }

    /// A client of the real hub, as `userId`, connected.
    Client *connectedClient(const QString &userId)
    {
        auto client = std::make_unique<Client>();
        TestSupport::makeFast(
            *client, TestSupport::hubUrl(m_hub->serverPort(), u"user_id=%1"_s.arg(userId)));
        if (!openClient(client.get()))
            qWarning("%s could not connect", qPrintable(userId));
        m_clients.push_back(std::move(client));
        return m_clients.back().get();
    }

    /// A client of a fresh scripted hub (m_fake), connected unless `open` is false.
    Client *fakeClient(bool open = true)
    {
        m_fake = std::make_unique<FakeHub>();
        if (!m_fake->listen())
            qWarning("the scripted hub cannot listen");
        auto client = std::make_unique<Client>();
        TestSupport::makeFast(*client, m_fake->url());
        if (open && !openClient(client.get()))
            qWarning("cannot connect to the scripted hub");
        m_clients.push_back(std::move(client));
        return m_clients.back().get();
    }

    /// Sends a request the hub should refuse; true when it is refused with
    /// `code` under the id request() returned.
    static bool refusedWith(Client *client, const QString &type, const QJsonObject &data,
                            const QString &code)
    {
        QSignalSpy errors(client, &Client::errorReceived);
        const auto id = client->request(type, data);
        if (!id || !QTest::qWaitFor([&] { return !errors.isEmpty(); }, 5000))
            return false;
        if (errors.at(0).at(0).toString() == code && errors.at(0).at(2).toString() == *id)
            return true;
        qWarning() << "refused otherwise:" << errors.at(0);
        return false;
    }

    static QJsonObject connectionOf(const QJsonArray &connections, const QString &userId)
    {
        for (const QJsonValue &entry : connections) {
            if (entry.toObject().value("user_id"_L1).toString() == userId)
                return entry.toObject();
        }
        return {};
    }

    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<FakeHub> m_fake;
    std::vector<std::unique_ptr<Client>> m_clients;
};

QTEST_GUILESS_MAIN(TestClientExtensions)
#include "tst_client_extensions.moc"
