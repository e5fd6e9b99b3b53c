// Herald::Hub over loopback with real QWebSocket clients: every row of
// PROTOCOL.md's herald dialect, presence, recovery, limits and lifecycle.

#include "testclient.h"

#include <herald/hub.h>
#include <herald/wire/closecode.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QJsonObject subscribeFrame(const QStringList &channels, const QJsonValue &id = {})
{
    QJsonObject frame{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray::fromStringList(channels)}}}};
    if (!id.isUndefined())
        frame.insert(u"id"_s, id);
    return frame;
}

QJsonObject publishFrame(const QString &channel, const QJsonValue &data, const QString &event = {},
                         const QJsonValue &id = {})
{
    QJsonObject body{{u"channel"_s, channel}, {u"data"_s, data}};
    if (!event.isEmpty())
        body.insert(u"event"_s, event);
    QJsonObject frame{{u"type"_s, u"publish"_s}, {u"data"_s, body}};
    if (!id.isUndefined())
        frame.insert(u"id"_s, id);
    return frame;
}

QJsonObject dataOf(const QJsonObject &frame)
{
    return frame.value(u"data"_s).toObject();
}

bool isIsoTimestamp(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).isValid() &&
           value.toString().endsWith(u'Z');
}

} // namespace

class TestHub : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void subscribeRepliesWithPositions();
    void subscribeAtConnectWithQueryChannels();
    void subprotocolIsNegotiated();
    void publishIsAcknowledgedAndDelivered();
    void publishAliasesFromOlderClients();
    void publishedTextReachesEveryDialectUnchanged();
    void unsubscribeStopsDeliveries();
    void historyWithSinceAndLimit();
    void presenceQueryAndEvents();
    void presenceEventsCanBeDeclined();
    void pingGetsPong();
    void everyReplyHasATimestampAndEchoesTheId();
    void badFramesGetErrorsAndConnectionStays();
    void binaryFramesAreAnsweredWithAnError();
    void persistentGarbageClosesWith4003();
    void oversizeFrameClosesOnlyThatClient();
    void hubChannelsAreReserved();
    void adminExtensionsForTheMonitor();
    void recoveryReplaysExactlyWhatWasMissed();
    void recoveryAcrossEpochsIsRefused();
    void fiveHundredClientsSeeTheSameOrder();
    void embeddingApiPublishesAndSignals();
    void authenticatorCanRefuseWith4001();
    void authorizerCanForbid();
    void idleClientIsClosedButPingingOneIsNot();
    void emptyChannelIsDroppedAfterTtl();
    void statsCountWhatHappened();
    void disconnectClosesOneConnection();
    void shutdownClosesEveryClientWith1001();

private:
    std::unique_ptr<TestClient> connectClient(const QString &query = {});
    std::unique_ptr<Hub> m_hub;
    HubConfig m_config;
};

void TestHub::init()
{
    m_config = HubConfig();
    m_config.historySize = 50;
    // The same tests run once with the hub in this thread and once sharded
    // over threads (see CMakeLists.txt).
    if (const int threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS"); threads > 0)
        m_config.threads = threads;
    m_hub = std::make_unique<Hub>(m_config);
    const Status status = m_hub->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(status.ok(), qPrintable(status.reason()));
}

void TestHub::cleanup()
{
    m_hub.reset();
}

std::unique_ptr<TestClient> TestHub::connectClient(const QString &query)
{
    return openClient(m_hub->url(), query);
}

void TestHub::subscribeRepliesWithPositions()
{
    auto client = connectClient();
    QVERIFY(client);
    m_hub->publish(u"news"_s, u"message"_s, 1);
    m_hub->publish(u"news"_s, u"message"_s, 2);
    client->send(subscribeFrame({u"news"_s, u"fresh"_s}, u"s1"_s));
    const QJsonObject reply = client->take(u"subscribed"_s);
    QCOMPARE(reply.value(u"id"_s).toString(), u"s1"_s);
    const QJsonObject data = dataOf(reply);
    QCOMPARE(data.value(u"channels"_s).toArray(), (QJsonArray{u"news"_s, u"fresh"_s}));
    const QJsonObject positions = data.value(u"positions"_s).toObject();
    QCOMPARE(positions.value(u"news"_s).toObject().value(u"seq"_s).toInteger(), 2);
    QCOMPARE(positions.value(u"fresh"_s).toObject().value(u"seq"_s).toInteger(), 0);
    QVERIFY(!positions.value(u"news"_s).toObject().value(u"epoch"_s).toString().isEmpty());
    QVERIFY(!data.contains(u"recovered"_s)); // nothing asked to recover
}

void TestHub::subscribeAtConnectWithQueryChannels()
{
    // Seed 000: ws://host/ws?c=updates&c=notifications
    auto client = connectClient(u"c=updates&c=notifications"_s);
    QVERIFY(client);
    const QJsonObject reply = client->take(u"subscribed"_s);
    QCOMPARE(dataOf(reply).value(u"channels"_s).toArray(),
             (QJsonArray{u"updates"_s, u"notifications"_s}));
    m_hub->publish(u"notifications"_s, u"message"_s, u"hi"_s);
    QVERIFY(client->waitForPublications(u"notifications"_s, 1));
    QCOMPARE(client->publications(u"notifications"_s).first().value(u"data"_s).toString(), u"hi"_s);
}

void TestHub::subprotocolIsNegotiated()
{
    TestClient client;
    QVERIFY(client.open(m_hub->url(), {u"herald.v1"_s}));
    QCOMPARE(client.socket.subprotocol(), u"herald.v1"_s);
}

void TestHub::publishIsAcknowledgedAndDelivered()
{
    auto subscriber = connectClient(u"user_id=u1&user_name=Jane"_s);
    auto publisher = connectClient(u"user_id=u2&user_name=Joe"_s);
    QVERIFY(subscriber && publisher);
    subscriber->send(subscribeFrame({u"memories"_s}));
    const QString epoch = dataOf(subscriber->take(u"subscribed"_s))
                              .value(u"positions"_s)
                              .toObject()
                              .value(u"memories"_s)
                              .toObject()
                              .value(u"epoch"_s)
                              .toString();

    const QJsonObject payload{{u"memory"_s, QJsonObject{{u"id"_s, u"m-1"_s}}}};
    publisher->send(publishFrame(u"memories"_s, payload, u"memory.created"_s, 7));
    const QJsonObject ack = publisher->take(u"published"_s);
    QCOMPARE(ack.value(u"id"_s).toInt(), 7);
    QCOMPARE(dataOf(ack).value(u"channel"_s).toString(), u"memories"_s);
    QCOMPARE(dataOf(ack).value(u"seq"_s).toInteger(), 1);

    const QJsonObject delivery = subscriber->take(u"memory.created"_s);
    QCOMPARE(delivery.value(u"channel"_s).toString(), u"memories"_s);
    QCOMPARE(delivery.value(u"seq"_s).toInteger(), 1);
    QCOMPARE(delivery.value(u"epoch"_s).toString(), epoch);
    QVERIFY(!delivery.value(u"id"_s).toString().isEmpty());
    QVERIFY(isIsoTimestamp(delivery.value(u"timestamp"_s)));
    QCOMPARE(delivery.value(u"sender"_s).toObject(),
             (QJsonObject{{u"user_id"_s, u"u2"_s}, {u"user_name"_s, u"Joe"_s}}));
    QCOMPARE(delivery.value(u"data"_s).toObject(), payload);

    // Without `event` subscribers see `message`.
    publisher->send(publishFrame(u"memories"_s, 5));
    QCOMPARE(subscriber->take(u"message"_s).value(u"seq"_s).toInteger(), 2);
}

void TestHub::publishAliasesFromOlderClients()
{
    auto subscriber = connectClient(u"c=updates"_s);
    auto publisher = connectClient();
    QVERIFY(subscriber && publisher);
    QVERIFY(!subscriber->take(u"subscribed"_s).isEmpty());
    // Seed 000's publish: method/params/content.
    publisher->sendText(uR"({"method":"pub","params":{"channel":"updates","content":{"n":1}}})"_s);
    QVERIFY(subscriber->waitForPublications(u"updates"_s, 1));
    QCOMPARE(subscriber->publications(u"updates"_s).first().value(u"data"_s).toObject(),
             (QJsonObject{{u"n"_s, 1}}));
    // Seed 002's subscribe: topics at the top level.
    auto other = connectClient();
    other->sendText(
        uR"({"type":"subscribe","topics":["room.1.messages","system.notifications"]})"_s);
    QCOMPARE(dataOf(other->take(u"subscribed"_s)).value(u"channels"_s).toArray().size(), 2);
    m_hub->publish(u"system.notifications"_s, u"system_notification"_s,
                   QJsonObject{{u"text"_s, u"maintenance"_s}});
    const QJsonObject got = other->take(u"system_notification"_s);
    QCOMPARE(got.value(u"data"_s).toObject().value(u"text"_s).toString(), u"maintenance"_s);
}

void TestHub::publishedTextReachesEveryDialectUnchanged()
{
    // The hub keeps a publish frame's data as the JSON text it came in
    // (Codec::decodePublish), byte for byte: every dialect,
    // history included, must still see the same value.
    auto herald = connectClient(u"c=text"_s);
    auto raw = connectClient(u"protocol=raw&c=text"_s);
    auto rooms = connectClient();
    auto publisher = connectClient(u"user_id=p&user_name=P"_s);
    QVERIFY(herald && raw && rooms && publisher);
    QVERIFY(!herald->take(u"subscribed"_s).isEmpty());
    rooms->sendText(uR"({"type":"subscribe","room":"text","userId":"r"})"_s);
    QVERIFY(QTest::qWaitFor([&] { return !rooms->raw.isEmpty(); }, 5000));

    const QString data =
        uR"({ "s" : "a \"q\" \u00e9 é \/ \n" , "n" : [ 1 , -2.5 , 0 , true , false , null ] ,)"
        uR"( "o" : { } , "e" : [ ] , "big" : 123456789012345 })"_s;
    const QJsonValue expected = QJsonDocument::fromJson(data.toUtf8()).object();
    QVERIFY(!expected.toObject().isEmpty());
    publisher->sendText(uR"( { "data" : { "data" : )"_s + data +
                        uR"( , "channel" : "text" } , "id" : "p1" , "type" : "publish" } )"_s);
    QCOMPARE(publisher->take(u"published"_s).value(u"id"_s).toString(), u"p1"_s);

    QVERIFY(herald->waitForPublications(u"text"_s, 1));
    QCOMPARE(herald->publications(u"text"_s).first().value(u"data"_s), expected);
    // Raw subscribers get the data itself, byte for byte (PROTOCOL.md), not
    // re-serialised (which would sort the keys and drop the spaces).
    QVERIFY(QTest::qWaitFor([&] { return !raw->raw.isEmpty(); }, 5000));
    QCOMPARE(raw->raw.first(), data);
    // Seed 003's rooms clients get it as `content`.
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QJsonObject &frame : rooms->frames)
                if (frame.value(u"type"_s) == u"message"_s)
                    return true;
            return false;
        },
        5000));
    for (const QJsonObject &frame : rooms->frames)
        if (frame.value(u"type"_s) == u"message"_s)
            QCOMPARE(frame.value(u"content"_s), expected);
    // History hands out the same delivery.
    herald->send(QJsonObject{{u"type"_s, u"history"_s},
                             {u"data"_s, QJsonObject{{u"channel"_s, u"text"_s}}}});
    const QJsonArray messages = dataOf(herald->take(u"history"_s)).value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().toObject().value(u"data"_s), expected);
}

void TestHub::unsubscribeStopsDeliveries()
{
    auto client = connectClient(u"c=a&c=b"_s);
    QVERIFY(client);
    client->take(u"subscribed"_s);
    client->send(QJsonObject{{u"type"_s, u"unsubscribe"_s},
                             {u"id"_s, u"u"_s},
                             {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"a"_s}}}}});
    const QJsonObject reply = client->take(u"unsubscribed"_s);
    QCOMPARE(reply.value(u"id"_s).toString(), u"u"_s);
    QCOMPARE(dataOf(reply).value(u"channels"_s).toArray(), QJsonArray{u"a"_s});
    m_hub->publish(u"a"_s, u"message"_s, 1);
    m_hub->publish(u"b"_s, u"message"_s, 2);
    QVERIFY(client->waitForPublications(u"b"_s, 1));
    QVERIFY(client->publications(u"a"_s).isEmpty());
}

void TestHub::historyWithSinceAndLimit()
{
    for (int i = 1; i <= 60; ++i) // history size is 50: 11..60 kept
        m_hub->publish(u"h"_s, u"message"_s, i);
    auto client = connectClient();
    QVERIFY(client);
    auto history = [&](const QJsonObject &query) {
        QJsonObject body = query;
        body.insert(u"channel"_s, u"h"_s);
        client->send(QJsonObject{{u"type"_s, u"history"_s}, {u"id"_s, 1}, {u"data"_s, body}});
        const QJsonObject reply = client->take(u"history"_s);
        QList<qint64> seqs;
        for (const QJsonValue &m : dataOf(reply).value(u"messages"_s).toArray())
            seqs.append(m.toObject().value(u"seq"_s).toInteger());
        return seqs;
    };
    QCOMPARE(history({{u"limit"_s, 3}}), (QList<qint64>{58, 59, 60}));
    QCOMPARE(history({{u"since"_s, 20}, {u"limit"_s, 2}}), (QList<qint64>{21, 22}));
    QCOMPARE(history({{u"since"_s, 0}}).first(), 11);
    QCOMPARE(history({{u"since"_s, 0}}).size(), 50);
    QCOMPARE(history({{u"since"_s, 60}}), QList<qint64>());
    QCOMPARE(history({}).size(), 50);
    // Each stored message is a full delivery.
    client->send(QJsonObject{{u"type"_s, u"history"_s},
                             {u"data"_s, QJsonObject{{u"channel"_s, u"h"_s}, {u"limit"_s, 1}}}});
    const QJsonObject last =
        dataOf(client->take(u"history"_s)).value(u"messages"_s).toArray().first().toObject();
    QCOMPARE(last.value(u"type"_s).toString(), u"message"_s);
    QCOMPARE(last.value(u"channel"_s).toString(), u"h"_s);
    QCOMPARE(last.value(u"data"_s).toInt(), 60);
}

void TestHub::presenceQueryAndEvents()
{
    auto alice = connectClient(u"user_id=alice&user_name=Alice"_s);
    QVERIFY(alice);
    alice->send(subscribeFrame({u"room"_s}));
    alice->take(u"subscribed"_s);
    QCOMPARE(dataOf(alice->take(u"presence.joined"_s)).value(u"user_id"_s).toString(), u"alice"_s);

    auto bob = connectClient(u"user_id=bob&user_name=Bob"_s);
    auto bob2 = connectClient(u"user_id=bob&user_name=Bob"_s);
    bob->send(subscribeFrame({u"room"_s}));
    bob2->send(subscribeFrame({u"room"_s}));
    const QJsonObject joined = alice->take(u"presence.joined"_s);
    QCOMPARE(joined.value(u"channel"_s).toString(), u"room"_s);
    QCOMPARE(dataOf(joined).value(u"user_id"_s).toString(), u"bob"_s);
    QCOMPARE(dataOf(joined).value(u"user_name"_s).toString(), u"Bob"_s);
    QVERIFY(!dataOf(joined).value(u"connection_id"_s).toString().isEmpty());
    QVERIFY(!alice->take(u"presence.joined"_s).isEmpty()); // bob's second connection

    alice->send(QJsonObject{{u"type"_s, u"presence"_s},
                            {u"id"_s, u"p"_s},
                            {u"data"_s, QJsonObject{{u"channel"_s, u"room"_s}}}});
    const QJsonArray members = dataOf(alice->take(u"presence"_s)).value(u"members"_s).toArray();
    QCOMPARE(members.size(), 2);
    QCOMPARE(members.at(0).toObject(),
             (QJsonObject{
                 {u"user_id"_s, u"alice"_s}, {u"user_name"_s, u"Alice"_s}, {u"connections"_s, 1}}));
    QCOMPARE(
        members.at(1).toObject(),
        (QJsonObject{{u"user_id"_s, u"bob"_s}, {u"user_name"_s, u"Bob"_s}, {u"connections"_s, 2}}));

    // Leaving by unsubscribe and by disconnecting both announce presence.left.
    bob->send(QJsonObject{{u"type"_s, u"unsubscribe"_s},
                          {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"room"_s}}}}});
    QCOMPARE(dataOf(alice->take(u"presence.left"_s)).value(u"user_id"_s).toString(), u"bob"_s);
    bob2->socket.close();
    const QJsonObject left = alice->take(u"presence.left"_s);
    QCOMPARE(dataOf(left).value(u"user_id"_s).toString(), u"bob"_s);
    QCOMPARE(left.value(u"channel"_s).toString(), u"room"_s);
}

void TestHub::presenceEventsCanBeDeclined()
{
    auto quiet = connectClient(u"user_id=quiet"_s);
    QVERIFY(quiet);
    quiet->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"room"_s}}, {u"presence"_s, false}}}});
    QVERIFY(!quiet->take(u"subscribed"_s).isEmpty());
    auto chatty = connectClient(u"user_id=chatty&c=room"_s);
    QVERIFY(!chatty->take(u"presence.joined"_s).isEmpty()); // chatty hears its own join
    m_hub->publish(u"room"_s, u"message"_s, 1);
    QVERIFY(quiet->waitForPublications(u"room"_s, 1));
    QVERIFY(quiet->all(u"presence.joined"_s).isEmpty());
    // Declining events does not hide anyone: the query lists both.
    quiet->send(QJsonObject{{u"type"_s, u"presence"_s},
                            {u"data"_s, QJsonObject{{u"channel"_s, u"room"_s}}}});
    QCOMPARE(dataOf(quiet->take(u"presence"_s)).value(u"members"_s).toArray().size(), 2);
}

void TestHub::pingGetsPong()
{
    auto client = connectClient();
    QVERIFY(client);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    client->send(QJsonObject{{u"type"_s, u"ping"_s}, {u"id"_s, u"k"_s}});
    const QJsonObject pong = client->take(u"pong"_s);
    QCOMPARE(pong.value(u"id"_s).toString(), u"k"_s);
    const QJsonValue stamp = dataOf(pong).value(u"timestamp"_s);
    QVERIFY(isIsoTimestamp(stamp));
    QVERIFY(QDateTime::fromString(stamp.toString(), Qt::ISODateWithMs) >= before);
}

void TestHub::everyReplyHasATimestampAndEchoesTheId()
{
    auto client = connectClient();
    QVERIFY(client);
    client->send(subscribeFrame({u"t"_s}, u"1"_s));
    client->send(publishFrame(u"t"_s, 1, {}, u"2"_s));
    client->send(QJsonObject{{u"type"_s, u"history"_s},
                             {u"id"_s, u"3"_s},
                             {u"data"_s, QJsonObject{{u"channel"_s, u"t"_s}}}});
    client->send(QJsonObject{{u"type"_s, u"presence"_s},
                             {u"id"_s, u"4"_s},
                             {u"data"_s, QJsonObject{{u"channel"_s, u"t"_s}}}});
    client->send(QJsonObject{{u"type"_s, u"unsubscribe"_s},
                             {u"id"_s, u"5"_s},
                             {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"t"_s}}}}});
    client->send(QJsonObject{{u"type"_s, u"ping"_s}, {u"id"_s, u"6"_s}});
    client->send(QJsonObject{{u"type"_s, u"nope"_s}, {u"id"_s, u"7"_s}});
    const QStringList types{u"subscribed"_s,   u"published"_s, u"history"_s, u"presence"_s,
                            u"unsubscribed"_s, u"pong"_s,      u"error"_s};
    for (int i = 0; i < types.size(); ++i) {
        const QJsonObject reply = client->take(types.at(i));
        QVERIFY2(!reply.isEmpty(), qPrintable(types.at(i)));
        QCOMPARE(reply.value(u"id"_s).toString(), QString::number(i + 1));
        QVERIFY2(isIsoTimestamp(reply.value(u"timestamp"_s)), qPrintable(types.at(i)));
    }
    for (const QJsonObject &frame : std::as_const(client->frames))
        QVERIFY(isIsoTimestamp(frame.value(u"timestamp"_s)));
}

void TestHub::badFramesGetErrorsAndConnectionStays()
{
    auto client = connectClient();
    QVERIFY(client);
    struct Case
    {
        QString frame;
        QString code;
    };
    const QList<Case> cases{
        {u"{not json"_s, u"bad_request"_s},
        {u"[1,2]"_s, u"bad_request"_s},
        {uR"({"type":"fly"})"_s, u"unknown_type"_s},
        {uR"({"type":"publish","data":{"data":1}})"_s, u"bad_request"_s},
        {uR"({"type":"subscribe","data":{"channels":"x"}})"_s, u"bad_request"_s},
        {uR"({"type":"history","data":{"channel":"x","limit":-1}})"_s, u"bad_request"_s},
    };
    for (const Case &c : cases) {
        client->sendText(c.frame);
        const QJsonObject error = client->take(u"error"_s);
        QCOMPARE(dataOf(error).value(u"code"_s).toString(), c.code);
        QVERIFY(!dataOf(error).value(u"message"_s).toString().isEmpty());
    }
    // Still usable.
    client->send(QJsonObject{{u"type"_s, u"ping"_s}});
    QVERIFY(!client->take(u"pong"_s).isEmpty());
    QVERIFY(!client->closed);
}

void TestHub::binaryFramesAreAnsweredWithAnError()
{
    auto client = connectClient();
    QVERIFY(client);
    client->socket.sendBinaryMessage(QByteArray("\x01\x02", 2));
    const QJsonObject error = client->take(u"error"_s);
    QCOMPARE(dataOf(error).value(u"code"_s).toString(), u"bad_request"_s);
    client->send(QJsonObject{{u"type"_s, u"ping"_s}});
    QVERIFY(!client->take(u"pong"_s).isEmpty());
}

void TestHub::persistentGarbageClosesWith4003()
{
    auto abuser = connectClient(u"c=calm"_s);
    auto bystander = connectClient(u"c=calm"_s);
    QVERIFY(abuser && bystander);
    for (int i = 0; i <= m_config.maxBadFrames; ++i)
        abuser->sendText(u"garbage"_s);
    QVERIFY(abuser->waitClosed());
    QCOMPARE(abuser->closeCode, Wire::CloseCode::ProtocolViolation);
    QCOMPARE(abuser->all(u"error"_s).size(), m_config.maxBadFrames + 1);
    m_hub->publish(u"calm"_s, u"message"_s, 1);
    QVERIFY(bystander->waitForPublications(u"calm"_s, 1));
}

void TestHub::oversizeFrameClosesOnlyThatClient()
{
    m_hub.reset();
    m_config.maxMessageSize = 4096;
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    auto big = connectClient(u"c=x"_s);
    auto other = connectClient(u"c=x"_s);
    QVERIFY(big && other);
    big->take(u"subscribed"_s);
    other->take(u"subscribed"_s);

    // Just under the limit passes; just over closes with 1009.
    const QString filler(4096 - 60, u'a');
    big->send(publishFrame(u"x"_s, filler.left(4096 - 80)));
    QVERIFY(!big->take(u"published"_s).isEmpty());
    big->send(publishFrame(u"x"_s, filler + filler));
    QVERIFY(big->waitClosed());
    QCOMPARE(big->closeCode, Wire::CloseCode::TooLarge);

    m_hub->publish(u"x"_s, u"message"_s, u"still here"_s);
    QVERIFY(other->waitForPublications(u"x"_s, 2));
    QCOMPARE(other->publications(u"x"_s).last().value(u"data"_s).toString(), u"still here"_s);
    QVERIFY(!other->closed);
}

void TestHub::hubChannelsAreReserved()
{
    // Without the loopback exception nobody here is an administrator.
    m_hub.reset();
    m_config.loopbackAdmin = false;
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    auto client = connectClient();
    QVERIFY(client);
    client->send(subscribeFrame({u"$sys.stats"_s}, 1));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    client->send(publishFrame(u"$sys.stats"_s, 1));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    client->send(QJsonObject{{u"type"_s, u"admin.connections"_s}, {u"id"_s, 2}});
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    client->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"x"_s}}, {u"hidden"_s, true}}}});
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    QVERIFY(!m_hub->channels().contains(u"$sys.stats"_s));
    QVERIFY(!m_hub->publish(u"x"_s, u"error"_s, 1).ok()); // reserved event name
}

void TestHub::adminExtensionsForTheMonitor()
{
    m_hub.reset();
    m_config.statsInterval = 100ms;
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    // An anonymous client on loopback is the monitor's local mode.
    auto admin = connectClient(u"user_id=admin"_s);
    auto user = connectClient(u"user_id=someone&c=room"_s);
    QVERIFY(admin && user);
    QVERIFY(!user->take(u"subscribed"_s).isEmpty());

    admin->send(subscribeFrame({u"$sys.stats"_s}, 1));
    QVERIFY(!admin->take(u"subscribed"_s).isEmpty());
    m_hub->publish(u"room"_s, u"message"_s, 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &s : admin->publications(u"$sys.stats"_s)) {
                const QJsonObject hub = s.value(u"data"_s).toObject().value(u"hub"_s).toObject();
                if (hub.value(u"publications"_s).toInteger() >= 1)
                    return true;
            }
            return false;
        }(),
        5000);
    const QJsonObject snapshot = admin->publications(u"$sys.stats"_s).last();
    QCOMPARE(snapshot.value(u"type"_s).toString(), u"stats"_s);
    const QJsonObject hub = snapshot.value(u"data"_s).toObject().value(u"hub"_s).toObject();
    QCOMPARE(hub.value(u"connections"_s).toInt(), 2);
    QVERIFY(!hub.value(u"version"_s).toString().isEmpty());
    bool sawRoom = false;
    for (const QJsonValue &c :
         snapshot.value(u"data"_s).toObject().value(u"channels"_s).toArray()) {
        if (c.toObject().value(u"name"_s) == u"room"_s) {
            sawRoom = true;
            QCOMPARE(c.toObject().value(u"subscribers"_s).toInt(), 1);
            QCOMPARE(c.toObject().value(u"last_seq"_s).toInt(), 1);
        }
    }
    QVERIFY(sawRoom);

    // A hidden tail: receives the channel, is not in its presence.
    admin->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"room"_s}}, {u"hidden"_s, true}}}});
    QVERIFY(!admin->take(u"subscribed"_s).isEmpty());
    m_hub->publish(u"room"_s, u"message"_s, 2);
    QVERIFY(admin->waitForPublications(u"room"_s, 1));
    QTest::qWait(50);
    QVERIFY(user->all(u"presence.joined"_s).size() == 1); // only its own
    user->send(QJsonObject{{u"type"_s, u"presence"_s},
                           {u"data"_s, QJsonObject{{u"channel"_s, u"room"_s}}}});
    QCOMPARE(dataOf(user->take(u"presence"_s)).value(u"members"_s).toArray().size(), 1);

    // admin.connections lists both; admin.disconnect closes one.
    admin->send(QJsonObject{{u"type"_s, u"admin.connections"_s}, {u"id"_s, u"l"_s}});
    const QJsonObject listed = admin->take(u"admin.connections"_s);
    QCOMPARE(listed.value(u"id"_s).toString(), u"l"_s);
    const QJsonArray connections = dataOf(listed).value(u"connections"_s).toArray();
    QCOMPARE(connections.size(), 2);
    QString target;
    for (const QJsonValue &c : connections) {
        if (c.toObject().value(u"user_id"_s) == u"someone"_s)
            target = c.toObject().value(u"id"_s).toString();
    }
    QVERIFY(!target.isEmpty());
    admin->send(QJsonObject{{u"type"_s, u"admin.disconnect"_s},
                            {u"id"_s, u"d"_s},
                            {u"data"_s, QJsonObject{{u"connection_id"_s, target},
                                                    {u"code"_s, 4000},
                                                    {u"reason"_s, u"go away"_s}}}});
    QCOMPARE(dataOf(admin->take(u"admin.disconnected"_s)).value(u"connection_id"_s).toString(),
             target);
    QVERIFY(user->waitClosed());
    QCOMPARE(user->closeCode, 4000);
    // Gone from the hub's list once its socket is closed on the hub's side too.
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    admin->send(QJsonObject{{u"type"_s, u"admin.disconnect"_s},
                            {u"data"_s, QJsonObject{{u"connection_id"_s, target}}}});
    QCOMPARE(dataOf(admin->take(u"error"_s)).value(u"code"_s).toString(), u"not_found"_s);
}

void TestHub::recoveryReplaysExactlyWhatWasMissed()
{
    auto client = connectClient(u"c=feed"_s);
    QVERIFY(client);
    const QJsonObject position = dataOf(client->take(u"subscribed"_s))
                                     .value(u"positions"_s)
                                     .toObject()
                                     .value(u"feed"_s)
                                     .toObject();
    const QString epoch = position.value(u"epoch"_s).toString();
    for (int i = 1; i <= 5; ++i)
        m_hub->publish(u"feed"_s, u"message"_s, i);
    QVERIFY(client->waitForPublications(u"feed"_s, 5));
    client->socket.close();
    QVERIFY(client->waitClosed());

    for (int i = 6; i <= 12; ++i) // missed while away
        m_hub->publish(u"feed"_s, u"message"_s, i);

    auto back = connectClient();
    QVERIFY(back);
    back->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s,
         QJsonObject{{u"channels"_s, QJsonArray{u"feed"_s}},
                     {u"since"_s, QJsonObject{{u"feed"_s, QJsonObject{{u"seq"_s, 5},
                                                                      {u"epoch"_s, epoch}}}}}}}});
    const QJsonObject reply = back->take(u"subscribed"_s);
    m_hub->publish(u"feed"_s, u"message"_s, 13); // live, after the replay
    QVERIFY(back->waitForPublications(u"feed"_s, 8));
    QCOMPARE(back->frames.first(), reply);
    QCOMPARE(dataOf(reply).value(u"recovered"_s).toObject().value(u"feed"_s).toBool(), true);
    QCOMPARE(dataOf(reply)
                 .value(u"positions"_s)
                 .toObject()
                 .value(u"feed"_s)
                 .toObject()
                 .value(u"seq"_s)
                 .toInteger(),
             12);
    // subscribed, then 6..12 replayed with nothing between, then the live 13.
    QList<qint64> replayed;
    for (int i = 1; i <= 7; ++i)
        replayed.append(back->frames.at(i).value(u"seq"_s).toInteger());
    QCOMPARE(replayed, (QList<qint64>{6, 7, 8, 9, 10, 11, 12}));
    QCOMPARE(back->publications(u"feed"_s).last().value(u"seq"_s).toInteger(), 13);
    QCOMPARE(back->publications(u"feed"_s).size(), 8);

    // A bare seq (no epoch) is accepted too.
    auto third = connectClient();
    third->send(QJsonObject{{u"type"_s, u"subscribe"_s},
                            {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"feed"_s}},
                                                    {u"since"_s, QJsonObject{{u"feed"_s, 11}}}}}});
    QVERIFY(third->waitForPublications(u"feed"_s, 2));
    QCOMPARE(third->publications(u"feed"_s).first().value(u"seq"_s).toInteger(), 12);
}

void TestHub::recoveryAcrossEpochsIsRefused()
{
    for (int i = 1; i <= 3; ++i)
        m_hub->publish(u"feed"_s, u"message"_s, i);
    auto client = connectClient();
    QVERIFY(client);
    client->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"feed"_s}},
                                {u"since"_s,
                                 QJsonObject{{u"feed"_s, QJsonObject{{u"seq"_s, 1},
                                                                     {u"epoch"_s, u"old"_s}}}}}}}});
    const QJsonObject reply = client->take(u"subscribed"_s);
    QCOMPARE(dataOf(reply).value(u"recovered"_s).toObject().value(u"feed"_s).toBool(true), false);
    QTest::qWait(50);
    QVERIFY(client->publications(u"feed"_s).isEmpty()); // nothing replayed
    // Too old for the history is refused the same way.
    for (int i = 4; i <= 80; ++i)
        m_hub->publish(u"feed"_s, u"message"_s, i);
    auto late = connectClient();
    late->send(QJsonObject{{u"type"_s, u"subscribe"_s},
                           {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{u"feed"_s}},
                                                   {u"since"_s, QJsonObject{{u"feed"_s, 2}}}}}});
    QCOMPARE(dataOf(late->take(u"subscribed"_s))
                 .value(u"recovered"_s)
                 .toObject()
                 .value(u"feed"_s)
                 .toBool(true),
             false);
}

void TestHub::fiveHundredClientsSeeTheSameOrder()
{
    std::vector<std::unique_ptr<TestClient>> clients;
    for (int i = 0; i < 500; ++i) {
        auto client = std::make_unique<TestClient>();
        QUrl url = m_hub->url();
        url.setQuery(u"c=wide&user_id=u%1"_s.arg(i));
        client->socket.open(url);
        clients.push_back(std::move(client));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->connectionCount(), 500, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(clients.begin(), clients.end(),
                    [](const auto &c) { return !c->all(u"subscribed"_s).isEmpty(); }),
        30000);
    // Each client has its `subscribed` first; the presence events of the 500
    // joins (125 000 frames and more) may still be on their way. One
    // publication behind them all is the barrier: once every client has it,
    // this process has read them, and cannot be busy with them for seconds
    // (under the sanitizers, past the hub's 10 s handshake timeout) while it
    // opens the publishers below.
    m_hub->publish(u"wide"_s, u"message"_s, u"barrier"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(clients.begin(), clients.end(),
                    [](const auto &c) { return !c->publications(u"wide"_s).isEmpty(); }),
        120000);
    // Three publishers interleaving; every subscriber must see one order.
    auto p1 = connectClient(), p2 = connectClient();
    QVERIFY(p1 && p2);
    const int perPublisher = 30;
    for (int i = 0; i < perPublisher; ++i) {
        p1->send(publishFrame(u"wide"_s, u"p1-%1"_s.arg(i)));
        p2->send(publishFrame(u"wide"_s, u"p2-%1"_s.arg(i)));
        m_hub->publish(u"wide"_s, u"message"_s, u"hub-%1"_s.arg(i));
    }
    const int total = 1 + perPublisher * 3; // the barrier, then theirs
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(clients.begin(), clients.end(),
                    [&](const auto &c) { return c->publications(u"wide"_s).size() >= total; }),
        60000);
    QStringList reference;
    for (const QJsonObject &p : clients.front()->publications(u"wide"_s))
        reference.append(p.value(u"data"_s).toString());
    QCOMPARE(reference.size(), total);
    for (const auto &client : clients) {
        const QList<QJsonObject> got = client->publications(u"wide"_s);
        QCOMPARE(got.size(), total);
        for (int i = 0; i < total; ++i) {
            QCOMPARE(got.at(i).value(u"seq"_s).toInteger(), i + 1);
            QCOMPARE(got.at(i).value(u"data"_s).toString(), reference.at(i));
        }
    }
}

void TestHub::embeddingApiPublishesAndSignals()
{
    QSignalSpy connected(m_hub.get(), &Hub::clientConnected);
    QSignalSpy disconnected(m_hub.get(), &Hub::clientDisconnected);
    QSignalSpy created(m_hub.get(), &Hub::channelCreated);
    auto client = connectClient(u"user_id=embed&c=app"_s);
    QVERIFY(client);
    QTRY_COMPARE(connected.size(), 1);
    QCOMPARE(connected.first().at(1).value<Identity>().userId, u"embed"_s);
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.first().at(0).toString(), u"app"_s);

    const auto seq = m_hub->publish(u"app"_s, u"state.changed"_s, QJsonObject{{u"on"_s, true}});
    QVERIFY(seq.ok());
    QCOMPARE(seq.value(), quint64(1));
    const QJsonObject got = client->take(u"state.changed"_s);
    QCOMPARE(got.value(u"data"_s).toObject(), (QJsonObject{{u"on"_s, true}}));
    QVERIFY(!got.contains(u"sender"_s)); // made by the hub, not a user
    QCOMPARE(m_hub->lastSeq(u"app"_s), quint64(1));
    QCOMPARE(m_hub->channels(), QStringList{u"app"_s});

    client->socket.close();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().at(0).toString(), connected.first().at(0).toString());
    QCOMPARE(m_hub->connectionCount(), 0);
}

void TestHub::authenticatorCanRefuseWith4001()
{
    m_hub->setAuthenticator([](const ConnectionRequest &request) {
        if (request.token != "good"_L1)
            return AuthResult::refuse(u"bad token"_s);
        Identity identity;
        identity.userId = u"tokened"_s;
        identity.userName = u"Tok"_s;
        identity.anonymous = false;
        return AuthResult::accept(identity);
    });
    TestClient refused;
    QUrl url = m_hub->url();
    url.setQuery(u"token=bad"_s);
    refused.socket.open(url);
    QVERIFY(refused.waitClosed());
    QCOMPARE(refused.closeCode, Wire::CloseCode::AuthFailed);

    auto accepted = connectClient(u"token=good&c=x"_s);
    QVERIFY(accepted);
    accepted->send(publishFrame(u"x"_s, 1));
    QCOMPARE(
        accepted->take(u"message"_s).value(u"sender"_s).toObject().value(u"user_id"_s).toString(),
        u"tokened"_s);
}

void TestHub::authorizerCanForbid()
{
    m_hub->setAuthorizer([](const Identity &, Action action, const QString &channel) {
        return !(channel == "locked"_L1 && action == Action::Publish);
    });
    auto client = connectClient(u"c=locked"_s);
    QVERIFY(client);
    QVERIFY(!client->take(u"subscribed"_s).isEmpty());
    client->send(publishFrame(u"locked"_s, 1, {}, 3));
    const QJsonObject error = client->take(u"error"_s);
    QCOMPARE(error.value(u"id"_s).toInt(), 3);
    QCOMPARE(dataOf(error).value(u"code"_s).toString(), u"forbidden"_s);
    QCOMPARE(m_hub->lastSeq(u"locked"_s), quint64(0));
}

void TestHub::idleClientIsClosedButPingingOneIsNot()
{
    m_hub.reset();
    m_config.idleTimeout = 600ms;
    m_config.pingInterval = 0ms; // no server pings: silence is silence
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    auto silent = connectClient();
    auto chatty = connectClient();
    QVERIFY(silent && chatty);
    QTimer keepAlive;
    connect(&keepAlive, &QTimer::timeout, chatty.get(), [&] {
        chatty->send(QJsonObject{{u"type"_s, u"ping"_s}});
    });
    keepAlive.start(150);
    QVERIFY(silent->waitClosed(5000));
    QCOMPARE(silent->closeCode, Wire::CloseCode::Normal);
    QCOMPARE(silent->closeReason, u"idle timeout"_s);
    QVERIFY(!chatty->closed);

    // With server pings, a client that answers them (QWebSocket does) stays.
    m_hub.reset();
    m_config.pingInterval = 100ms;
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    auto answered = connectClient();
    QVERIFY(answered);
    QTest::qWait(1500);
    QVERIFY(!answered->closed);
}

void TestHub::emptyChannelIsDroppedAfterTtl()
{
    m_hub.reset();
    m_config.historyTtl = 300ms;
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
    QSignalSpy removed(m_hub.get(), &Hub::channelRemoved);
    auto client = connectClient(u"c=brief"_s);
    QVERIFY(client);
    m_hub->publish(u"brief"_s, u"message"_s, 1);
    QTest::qWait(500);
    QCOMPARE(removed.size(), 0); // subscribed: kept
    client->socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, 3000);
    QCOMPARE(removed.first().at(0).toString(), u"brief"_s);
    QCOMPARE(m_hub->channelCount(), 0);
    QCOMPARE(m_hub->lastSeq(u"brief"_s), quint64(0));
}

void TestHub::statsCountWhatHappened()
{
    auto alice = connectClient(u"user_id=alice&c=s1&c=s2"_s);
    auto bob = connectClient(u"user_id=bob&c=s1"_s);
    QVERIFY(alice && bob);
    QVERIFY(!alice->take(u"subscribed"_s).isEmpty());
    QVERIFY(!bob->take(u"subscribed"_s).isEmpty());
    for (int i = 0; i < 3; ++i)
        bob->send(publishFrame(u"s1"_s, i));
    m_hub->publish(u"s2"_s, u"message"_s, 1);
    bob->sendText(u"not json"_s);
    QVERIFY(alice->waitForPublications(u"s1"_s, 3) && alice->waitForPublications(u"s2"_s, 1));
    QVERIFY(bob->waitForPublications(u"s1"_s, 3));
    QVERIFY(!bob->take(u"error"_s).isEmpty());

    const HubStats stats = m_hub->stats();
    QCOMPARE(stats.connections, 2);
    QCOMPARE(stats.channels, 2);
    QCOMPARE(stats.connectionsAccepted, quint64(2));
    QCOMPARE(stats.publications, quint64(4));       // three from bob, one from the API
    QCOMPARE(stats.deliveries, quint64(3 * 2 + 1)); // s1 to both, s2 to alice
    QCOMPARE(stats.messagesIn, quint64(4));         // bob's frames
    QCOMPARE(stats.errorsByCode.value(u"bad_request"_s), quint64(1));
    QVERIFY(stats.bytesIn > 0 && stats.bytesOut > stats.bytesIn);
    quint64 sized = 0;
    for (const quint64 n : stats.messageSizeCounts)
        sized += n;
    QCOMPARE(sized, quint64(4));

    const QList<ChannelStats> channels = m_hub->channelStats();
    QCOMPARE(channels.size(), 2);
    QCOMPARE(channels.at(0).name, u"s1"_s);
    QCOMPARE(channels.at(0).subscribers, 2);
    QCOMPARE(channels.at(0).lastSeq, quint64(3));
    QCOMPARE(channels.at(0).published, quint64(3));
    QCOMPARE(channels.at(1).subscribers, 1);

    const QList<ConnectionStats> connections = m_hub->connectionStats();
    QCOMPARE(connections.size(), 2);
    const auto &b = connections.at(0).userId == "bob"_L1 ? connections.at(0) : connections.at(1);
    QCOMPARE(b.subscriptions, 1);
    QCOMPARE(b.messagesIn, quint64(4));
    QCOMPARE(b.dialect, u"herald"_s);
    QCOMPARE(b.peer, u"127.0.0.1"_s);
}

void TestHub::disconnectClosesOneConnection()
{
    auto keep = connectClient(u"user_id=keep"_s);
    auto drop = connectClient(u"user_id=drop"_s);
    QVERIFY(keep && drop);
    QTRY_COMPARE(m_hub->connectionStats().size(), 2);
    QString target;
    for (const ConnectionStats &c : m_hub->connectionStats()) {
        if (c.userId == "drop"_L1)
            target = c.id;
    }
    QVERIFY(m_hub->disconnect(target, 4000, u"bye from the monitor"_s));
    QVERIFY(drop->waitClosed());
    QCOMPARE(drop->closeCode, 4000);
    QCOMPARE(drop->closeReason, u"bye from the monitor"_s);
    QVERIFY(!keep->closed);
    QVERIFY(!m_hub->disconnect(u"no-such-connection"_s));
    QTRY_COMPARE(m_hub->stats().closesByCode.value(0), quint64(1)); // 4000 is an "other" code
}

void TestHub::shutdownClosesEveryClientWith1001()
{
    auto a = connectClient(u"c=x"_s), b = connectClient();
    QVERIFY(a && b);
    QSignalSpy finished(m_hub.get(), &Hub::shutdownFinished);
    m_hub->shutdown();
    QVERIFY(a->waitClosed() && b->waitClosed());
    QCOMPARE(a->closeCode, Wire::CloseCode::GoingAway);
    QCOMPARE(b->closeCode, Wire::CloseCode::GoingAway);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!m_hub->isListening());
}

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
