// The HTTP endpoints on the hub's port (issue 7, docs/http.md) against a
// real in-process Herald::Hub: each endpoint, its errors and its auth, and
// the server API's publications reaching WebSocket subscribers.

#include "httptestclient.h"
#include "hubclients.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QUrlQuery>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "backend-key-0123456789";     // no identity
const QByteArray kUserKey = "u1-acme-key-0123456789"; // user u1 of tenant acme
constexpr qint64 kBodyLimit = 4096;

HubConfig testConfig()
{
    HubConfig config;
    config.threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS");
    if (config.threads < 1)
        config.threads = 1;
    config.http.apiBodyLimit = kBodyLimit;
    HttpConfig::ApiKey plain;
    plain.key = QString::fromLatin1(kKey);
    plain.name = u"backend"_s;
    HttpConfig::ApiKey user;
    user.key = QString::fromLatin1(kUserKey);
    user.name = u"u1"_s;
    user.identity.userId = u"u1"_s;
    user.identity.tenant = u"acme"_s;
    user.identity.anonymous = false;
    config.http.apiKeys = {plain, user};
    return config;
}

QJsonObject publishBody(const QString &channel, const QJsonValue &data,
                        const QString &event = QString())
{
    QJsonObject body{{u"channel"_s, channel}, {u"data"_s, data}};
    if (!event.isEmpty())
        body.insert(u"event"_s, event);
    return body;
}

QList<quint64> seqsOf(const QJsonArray &messages)
{
    QList<quint64> seqs;
    for (const QJsonValue &message : messages)
        seqs.append(quint64(message.toObject().value(u"seq"_s).toDouble()));
    return seqs;
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void healthzAnswersWhileAlive();
    void headGetsTheHeadOnly();
    void readyzWhileListening();
    void statusWithoutToken();
    void statusCountsFollowConnections();
    void statusRefusesAnUnknownToken();
    void seed001StatusShape();
    void publishReachesAWebSocketSubscriber();
    void publishDefaultsToMessage();
    void broadcastPublishesToEveryChannel();
    void broadcastIsAllOrNothing();
    void channelsListsTheHubsChannels();
    void presenceListsMembers();
    void historySinceAndLimit();
    void historyIsTheWebSocketShape();
    void errors_data();
    void errors();
    void apiNeedsConfiguredKeys();
    void consoleIsServedAtRoot();
    void consoleAndMetricsCanBeSwitchedOff();
    void configValidation();

private:
    HttpAnswer publish(const QString &channel, const QJsonValue &data,
                       const QString &event = QString());

    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HttpTestClient> m_http;
};

void TestHttpApi::init()
{
    m_hub = std::make_unique<Hub>(testConfig());
    // Tenants come from the authenticator: ?tenant= stands in for a token's claim.
    m_hub->setAuthenticator([](const ConnectionRequest &request) {
        const QUrlQuery query(request.url);
        Identity identity;
        identity.userId = query.queryItemValue(u"user_id"_s);
        identity.userName = identity.userId;
        identity.tenant = query.queryItemValue(u"tenant"_s);
        return AuthResult::accept(identity);
    });
    QVERIFY(m_hub->listen());
    m_http = std::make_unique<HttpTestClient>(m_hub->serverPort());
}

void TestHttpApi::cleanup()
{
    m_http.reset();
    m_hub.reset();
}

HttpAnswer TestHttpApi::publish(const QString &channel, const QJsonValue &data,
                                const QString &event)
{
    return m_http->postJson(u"/api/publish"_s, publishBody(channel, data, event),
                            HttpTestClient::bearer(kKey));
}

void TestHttpApi::healthzAnswersWhileAlive()
{
    const HttpAnswer answer = m_http->get(u"/healthz"_s);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("content-type"), QByteArray("application/json"));
    QCOMPARE(answer.json().value(u"status"_s).toString(), u"ok"_s);
}

void TestHttpApi::headGetsTheHeadOnly()
{
    const HttpAnswer get = m_http->get(u"/healthz"_s);
    const HttpAnswer head = m_http->send("HEAD", u"/healthz"_s, {}, {});
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(head.header("content-length").toInt(), get.body.size());
}

void TestHttpApi::readyzWhileListening()
{
    const HttpAnswer answer = m_http->get(u"/readyz"_s);
    QCOMPARE(answer.status, 200);
    const QJsonObject body = answer.json();
    QCOMPARE(body.value(u"status"_s).toString(), u"ready"_s);
    QCOMPARE(body.value(u"listening"_s).toBool(), true);
    const QJsonObject backplane = body.value(u"backplane"_s).toObject();
    QCOMPARE(backplane.value(u"kind"_s).toString(), u"memory"_s);
    QCOMPARE(backplane.value(u"up"_s).toBool(), true);
}

void TestHttpApi::statusWithoutToken()
{
    QVERIFY(publish(u"news"_s, 1).status == 200);
    const HttpAnswer answer = m_http->get(u"/status"_s);
    QCOMPARE(answer.status, 200);
    const QJsonObject body = answer.json();
    QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(body.value(u"connections"_s).toInt(), 0);
    QCOMPARE(body.value(u"channels"_s).toInt(), 1);
    QCOMPARE(body.value(u"version"_s).toString(), m_hub->stats().version);
    QVERIFY(body.value(u"uptime_ms"_s).toDouble() >= 0);
    QVERIFY(body.contains(u"started_at"_s));
    QCOMPARE(body.value(u"websocket_url"_s).toString(), u"/ws"_s);
    QCOMPARE(body.value(u"backplane"_s).toObject().value(u"up"_s).toBool(), true);
    QVERIFY(!body.contains(u"user"_s));
}

void TestHttpApi::statusCountsFollowConnections()
{
    auto countsOf = [this](const HttpTestClient::Headers &auth, const QString &query = {}) {
        const QJsonObject body = m_http->get(u"/status"_s + query, auth).json();
        return QList<int>{body.value(u"connections"_s).toInt(),
                          body.value(u"user"_s).toObject().value(u"connections"_s).toInt(),
                          body.value(u"tenant"_s).toObject().value(u"connections"_s).toInt()};
    };
    QCOMPARE(countsOf(HttpTestClient::bearer(kUserKey)), (QList<int>{0, 0, 0}));

    auto a = connectClient(*m_hub, u"user_id=u1&tenant=acme"_s);
    auto b = connectClient(*m_hub, u"user_id=u1&tenant=acme"_s);
    auto c = connectClient(*m_hub, u"user_id=u2&tenant=acme"_s);
    auto d = connectClient(*m_hub, u"user_id=u3&tenant=other"_s);
    QVERIFY(a && b && c && d);
    // Total, u1's, acme's: by header and by ?token=.
    QTRY_COMPARE(countsOf(HttpTestClient::bearer(kUserKey)), (QList<int>{4, 2, 3}));
    QCOMPARE(countsOf({}, u"?token="_s + QString::fromLatin1(kUserKey)), (QList<int>{4, 2, 3}));
    const QJsonObject body = m_http->get(u"/status"_s, HttpTestClient::bearer(kUserKey)).json();
    QCOMPARE(body.value(u"user"_s).toObject().value(u"user_id"_s).toString(), u"u1"_s);
    QCOMPARE(body.value(u"tenant"_s).toObject().value(u"tenant"_s).toString(), u"acme"_s);

    a->socket.close();
    QTRY_COMPARE(countsOf(HttpTestClient::bearer(kUserKey)), (QList<int>{3, 1, 2}));
    d->socket.close();
    QTRY_COMPARE(countsOf(HttpTestClient::bearer(kUserKey)), (QList<int>{2, 1, 2}));
}

void TestHttpApi::statusRefusesAnUnknownToken()
{
    for (const QString &path : {u"/status"_s, u"/api/v4/ws/status"_s}) {
        const HttpAnswer header = m_http->get(path, HttpTestClient::bearer("not-a-key"));
        QCOMPARE(header.status, 401);
        QCOMPARE(header.errorCode(), u"unauthorized"_s);
        QVERIFY(header.header("www-authenticate").startsWith("Bearer"));
        QCOMPARE(m_http->get(path + u"?token=nope"_s).status, 401);
    }
}

void TestHttpApi::seed001StatusShape()
{
    auto a = connectClient(*m_hub, u"user_id=u1&tenant=acme"_s);
    auto b = connectClient(*m_hub, u"user_id=u9&tenant=acme"_s);
    auto c = connectClient(*m_hub, u"user_id=u8"_s);
    QVERIFY(a && b && c);
    QTRY_COMPARE(m_hub->connectionCount(), 3);
    // Seed 001: curl http://localhost:8000/api/v4/ws/status
    const HttpAnswer answer = m_http->get(u"/api/v4/ws/status"_s, HttpTestClient::bearer(kUserKey));
    QCOMPARE(answer.status, 200);
    const QJsonObject body = answer.json();
    QCOMPARE(body.keys(), (QStringList{u"tenant_connections"_s, u"total_connections"_s,
                                       u"user_connections"_s, u"websocket_url"_s}));
    QCOMPARE(body.value(u"user_connections"_s).toInt(), 1);
    QCOMPARE(body.value(u"tenant_connections"_s).toInt(), 2);
    QCOMPARE(body.value(u"total_connections"_s).toInt(), 3);
    QCOMPARE(body.value(u"websocket_url"_s).toString(), u"/ws"_s);
    // Without a token the shape stays; the caller's counts are 0.
    const QJsonObject anonymous = m_http->get(u"/api/v4/ws/status"_s).json();
    QCOMPARE(anonymous.value(u"user_connections"_s).toInt(), 0);
    QCOMPARE(anonymous.value(u"total_connections"_s).toInt(), 3);
}

void TestHttpApi::publishReachesAWebSocketSubscriber()
{
    auto subscriber = subscribedClient(*m_hub, {u"memories"_s}, u"user_id=reader"_s);
    QVERIFY(subscriber);

    const QJsonObject data{{u"memory"_s, QJsonObject{{u"id"_s, u"m-1"_s}}}};
    const HttpAnswer first = publish(u"memories"_s, data, u"memory.created"_s);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json().value(u"seq"_s).toInt(), 1);
    QCOMPARE(first.json().value(u"channel"_s).toString(), u"memories"_s);
    QCOMPARE(publish(u"memories"_s, 2, u"memory.updated"_s).json().value(u"seq"_s).toInt(), 2);

    QVERIFY(subscriber->waitForPublications(u"memories"_s, 2));
    const QList<QJsonObject> got = subscriber->publications(u"memories"_s);
    QCOMPARE(got.at(0).value(u"type"_s).toString(), u"memory.created"_s);
    QCOMPARE(got.at(0).value(u"seq"_s).toInt(), 1);
    QCOMPARE(got.at(0).value(u"data"_s).toObject(), data);
    // Published by the hub on the backend's behalf: no sender (docs/protocol.md).
    QVERIFY(!got.at(0).contains(u"sender"_s));
    QCOMPARE(got.at(1).value(u"type"_s).toString(), u"memory.updated"_s);
    QCOMPARE(got.at(1).value(u"seq"_s).toInt(), 2);
    QCOMPARE(m_hub->lastSeq(u"memories"_s), quint64(2));
}

void TestHttpApi::publishDefaultsToMessage()
{
    auto subscriber = subscribedClient(*m_hub, {u"plain"_s});
    QVERIFY(subscriber);
    const HttpAnswer answer = m_http->postJson(u"/api/publish"_s, {{u"channel"_s, u"plain"_s}},
                                               HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    QVERIFY(subscriber->waitForPublications(u"plain"_s, 1));
    const QJsonObject got = subscriber->publications(u"plain"_s).first();
    QCOMPARE(got.value(u"type"_s).toString(), u"message"_s);
    QVERIFY(got.value(u"data"_s).isNull());
}

void TestHttpApi::broadcastPublishesToEveryChannel()
{
    QCOMPARE(publish(u"b"_s, 0).status, 200); // b is one ahead of a
    auto subscriber = subscribedClient(*m_hub, {u"a"_s, u"b"_s});
    QVERIFY(subscriber);

    const QJsonObject body{{u"channels"_s, QJsonArray{u"a"_s, u"b"_s, u"a"_s}},
                           {u"event"_s, u"alert"_s},
                           {u"data"_s, QJsonObject{{u"level"_s, 3}}}};
    const HttpAnswer answer =
        m_http->postJson(u"/api/broadcast"_s, body, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    const QJsonObject seqs = answer.json().value(u"seqs"_s).toObject();
    QCOMPARE(seqs.size(), 2); // a named twice is published once
    QCOMPARE(seqs.value(u"a"_s).toInt(), 1);
    QCOMPARE(seqs.value(u"b"_s).toInt(), 2);
    QVERIFY(subscriber->waitForPublications(u"a"_s, 1));
    QVERIFY(subscriber->waitForPublications(u"b"_s, 1));
    QCOMPARE(subscriber->publications(u"b"_s).first().value(u"type"_s).toString(), u"alert"_s);
    QCOMPARE(subscriber->publications(u"a"_s).size(), 1);
}

void TestHttpApi::broadcastIsAllOrNothing()
{
    const QJsonObject body{{u"channels"_s, QJsonArray{u"fine"_s, u"$sys.stats"_s}}, {u"data"_s, 1}};
    const HttpAnswer answer =
        m_http->postJson(u"/api/broadcast"_s, body, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.errorCode(), u"forbidden"_s);
    QCOMPARE(m_hub->lastSeq(u"fine"_s), quint64(0));

    const QJsonObject empty{{u"channels"_s, QJsonArray{}}, {u"data"_s, 1}};
    QCOMPARE(m_http->postJson(u"/api/broadcast"_s, empty, HttpTestClient::bearer(kKey)).status,
             400);
    const QJsonObject notNames{{u"channels"_s, QJsonArray{u"ok"_s, 7}}, {u"data"_s, 1}};
    QCOMPARE(m_http->postJson(u"/api/broadcast"_s, notNames, HttpTestClient::bearer(kKey)).status,
             400);
    QCOMPARE(m_hub->lastSeq(u"ok"_s), quint64(0));
}

void TestHttpApi::channelsListsTheHubsChannels()
{
    auto subscriber = subscribedClient(*m_hub, {u"watched"_s});
    QVERIFY(subscriber);
    QCOMPARE(publish(u"busy"_s, 1).status, 200);
    QCOMPARE(publish(u"busy"_s, 2).status, 200);

    const HttpAnswer answer = m_http->get(u"/api/channels"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &entry : answer.json().value(u"channels"_s).toArray())
        byName.insert(entry.toObject().value(u"name"_s).toString(), entry.toObject());
    QCOMPARE(byName.size(), 2);
    QCOMPARE(byName.value(u"busy"_s).value(u"last_seq"_s).toInt(), 2);
    QCOMPARE(byName.value(u"busy"_s).value(u"subscribers"_s).toInt(), 0);
    QCOMPARE(byName.value(u"watched"_s).value(u"subscribers"_s).toInt(), 1);
    QVERIFY(!byName.value(u"watched"_s).value(u"epoch"_s).toString().isEmpty());
}

void TestHttpApi::presenceListsMembers()
{
    auto a = subscribedClient(*m_hub, {u"room"_s}, u"user_id=jane"_s);
    auto b = subscribedClient(*m_hub, {u"room"_s}, u"user_id=jane"_s);
    auto c = subscribedClient(*m_hub, {u"room"_s}, u"user_id=joe"_s);
    QVERIFY(a && b && c);
    const HttpAnswer answer =
        m_http->get(u"/api/presence?channel=room"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json().value(u"channel"_s).toString(), u"room"_s);
    QHash<QString, int> connections;
    for (const QJsonValue &member : answer.json().value(u"members"_s).toArray())
        connections.insert(member.toObject().value(u"user_id"_s).toString(),
                           member.toObject().value(u"connections"_s).toInt());
    QCOMPARE(connections, (QHash<QString, int>{{u"jane"_s, 2}, {u"joe"_s, 1}}));

    const HttpAnswer nobody =
        m_http->get(u"/api/presence?channel=empty"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(nobody.status, 200);
    QVERIFY(nobody.json().value(u"members"_s).toArray().isEmpty());
}

void TestHttpApi::historySinceAndLimit()
{
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(publish(u"log"_s, i).status, 200);
    auto seqs = [this](const QString &query) {
        const HttpAnswer answer =
            m_http->get(u"/api/history?channel=log"_s + query, HttpTestClient::bearer(kKey));
        return answer.status == 200 ? seqsOf(answer.json().value(u"messages"_s).toArray())
                                    : QList<quint64>{9999};
    };
    // PROTOCOL.md history: after `since`, oldest first, at most `limit`;
    // without since, the newest `limit`.
    QCOMPARE(seqs({}), (QList<quint64>{1, 2, 3, 4, 5}));
    QCOMPARE(seqs(u"&since=2"_s), (QList<quint64>{3, 4, 5}));
    QCOMPARE(seqs(u"&since=2&limit=2"_s), (QList<quint64>{3, 4}));
    QCOMPARE(seqs(u"&limit=2"_s), (QList<quint64>{4, 5}));
    QCOMPARE(seqs(u"&since=5"_s), QList<quint64>{});
    const HttpAnswer none =
        m_http->get(u"/api/history?channel=never"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json().value(u"channel"_s).toString(), u"never"_s);
    QVERIFY(none.json().value(u"messages"_s).toArray().isEmpty());
}

void TestHttpApi::historyIsTheWebSocketShape()
{
    QCOMPARE(publish(u"shape"_s, QJsonObject{{u"x"_s, 1}}, u"thing.made"_s).status, 200);
    auto client = connectClient(*m_hub, u"user_id=writer"_s);
    QVERIFY(client);
    client->send({{u"type"_s, u"publish"_s},
                  {u"data"_s, QJsonObject{{u"channel"_s, u"shape"_s}, {u"data"_s, u"two"_s}}}});
    QVERIFY(!client->take(u"published"_s).isEmpty());
    client->send({{u"type"_s, u"history"_s}, {u"data"_s, QJsonObject{{u"channel"_s, u"shape"_s}}}});
    const QJsonObject viaSocket = client->take(u"history"_s);
    QVERIFY(!viaSocket.isEmpty());

    const HttpAnswer viaHttp =
        m_http->get(u"/api/history?channel=shape"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(viaHttp.status, 200);
    const QJsonArray messages = viaHttp.json().value(u"messages"_s).toArray();
    QCOMPARE(messages, viaSocket.value(u"data"_s).toObject().value(u"messages"_s).toArray());
    QCOMPARE(messages.size(), 2);
    const QJsonObject first = messages.at(0).toObject();
    QCOMPARE(first.value(u"type"_s).toString(), u"thing.made"_s);
    QCOMPARE(first.value(u"channel"_s).toString(), u"shape"_s);
    QVERIFY(first.contains(u"epoch"_s) && first.contains(u"id"_s) &&
            first.contains(u"timestamp"_s));
    QCOMPARE(messages.at(1).toObject().value(u"sender"_s).toObject().value(u"user_id"_s).toString(),
             u"writer"_s);
}

void TestHttpApi::errors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("header"); // "Name: value" expected, if any

    const QByteArray key = "Bearer " + kKey;
    const QByteArray json = "application/json";
    auto publishOf = [](const QJsonObject &body) {
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    };

    QTest::newRow("404 unknown path")
        << QByteArray("GET") << u"/nothing/here"_s << QByteArray() << QByteArray() << QByteArray()
        << 404 << u"not_found"_s << QByteArray();
    QTest::newRow("426 /ws without upgrade")
        << QByteArray("GET") << u"/ws"_s << QByteArray() << QByteArray() << QByteArray() << 426
        << u"upgrade_required"_s << QByteArray("Upgrade: websocket");
    QTest::newRow("405 GET on publish")
        << QByteArray("GET") << u"/api/publish"_s << key << QByteArray() << QByteArray() << 405
        << u"method_not_allowed"_s << QByteArray("Allow: POST");
    QTest::newRow("405 POST on healthz")
        << QByteArray("POST") << u"/healthz"_s << QByteArray() << json << QByteArray("{}") << 405
        << u"method_not_allowed"_s << QByteArray("Allow: GET, HEAD");
    QTest::newRow("405 DELETE on channels")
        << QByteArray("DELETE") << u"/api/channels"_s << key << QByteArray() << QByteArray() << 405
        << u"method_not_allowed"_s << QByteArray("Allow: GET, HEAD");
    QTest::newRow("401 no key") << QByteArray("GET") << u"/api/channels"_s << QByteArray()
                                << QByteArray() << QByteArray() << 401 << u"unauthorized"_s
                                << QByteArray(R"(WWW-Authenticate: Bearer realm="herald")");
    QTest::newRow("401 wrong key")
        << QByteArray("POST") << u"/api/publish"_s << QByteArray("Bearer wrong-key-0123456789")
        << json << publishOf({{u"channel"_s, u"x"_s}}) << 401 << u"unauthorized"_s
        << QByteArray(R"(WWW-Authenticate: Bearer realm="herald", error="invalid_token")");
    QTest::newRow("401 key as Basic")
        << QByteArray("GET") << u"/api/history?channel=x"_s << QByteArray("Basic " + kKey)
        << QByteArray() << QByteArray() << 401 << u"unauthorized"_s << QByteArray();
    QTest::newRow("401 key in the query")
        << QByteArray("GET") << u"/api/channels?token="_s + QString::fromLatin1(kKey)
        << QByteArray() << QByteArray() << QByteArray() << 401 << u"unauthorized"_s << QByteArray();
    QTest::newRow("403 $ channel publish")
        << QByteArray("POST") << u"/api/publish"_s << key << json
        << publishOf({{u"channel"_s, u"$sys.stats"_s}, {u"data"_s, 1}}) << 403 << u"forbidden"_s
        << QByteArray();
    QTest::newRow("403 $ channel history")
        << QByteArray("GET") << u"/api/history?channel=%24sys.stats"_s << key << QByteArray()
        << QByteArray() << 403 << u"forbidden"_s << QByteArray();
    QTest::newRow("413 body over the API limit")
        << QByteArray("POST") << u"/api/publish"_s << key << json
        << publishOf({{u"channel"_s, u"x"_s}, {u"data"_s, QString(kBodyLimit, u'a')}}) << 413
        << u"too_large"_s << QByteArray();
    QTest::newRow("415 text/plain")
        << QByteArray("POST") << u"/api/publish"_s << key << QByteArray("text/plain")
        << QByteArray("{}") << 415 << u"unsupported_media_type"_s << QByteArray();
    QTest::newRow("415 no content type")
        << QByteArray("POST") << u"/api/broadcast"_s << key << QByteArray() << QByteArray("{}")
        << 415 << u"unsupported_media_type"_s << QByteArray();
    QTest::newRow("400 malformed JSON")
        << QByteArray("POST") << u"/api/publish"_s << key << json << QByteArray("{\"channel\": ")
        << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 not an object")
        << QByteArray("POST") << u"/api/publish"_s << key
        << QByteArray("application/json; charset=utf-8") << QByteArray("[1]") << 400
        << u"bad_request"_s << QByteArray();
    QTest::newRow("400 no channel")
        << QByteArray("POST") << u"/api/publish"_s << key << json << publishOf({{u"data"_s, 1}})
        << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 reserved event")
        << QByteArray("POST") << u"/api/publish"_s << key << json
        << publishOf({{u"channel"_s, u"x"_s}, {u"event"_s, u"presence.joined"_s}}) << 400
        << u"bad_request"_s << QByteArray();
    QTest::newRow("400 empty event") << QByteArray("POST") << u"/api/publish"_s << key << json
                                     << publishOf({{u"channel"_s, u"x"_s}, {u"event"_s, u""_s}})
                                     << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 control character in channel")
        << QByteArray("POST") << u"/api/publish"_s << key << json
        << publishOf({{u"channel"_s, u"a\nb"_s}}) << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 channel too long") << QByteArray("POST") << u"/api/publish"_s << key << json
                                          << publishOf({{u"channel"_s, QString(201, u'c')}}) << 400
                                          << u"bad_request"_s << QByteArray();
    QTest::newRow("400 broadcast without channels")
        << QByteArray("POST") << u"/api/broadcast"_s << key << json
        << publishOf({{u"channel"_s, u"x"_s}}) << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 history since not a number")
        << QByteArray("GET") << u"/api/history?channel=x&since=abc"_s << key << QByteArray()
        << QByteArray() << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 history negative since")
        << QByteArray("GET") << u"/api/history?channel=x&since=-1"_s << key << QByteArray()
        << QByteArray() << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 history limit 0")
        << QByteArray("GET") << u"/api/history?channel=x&limit=0"_s << key << QByteArray()
        << QByteArray() << 400 << u"bad_request"_s << QByteArray();
    QTest::newRow("400 history without channel")
        << QByteArray("GET") << u"/api/history"_s << key << QByteArray() << QByteArray() << 400
        << u"bad_request"_s << QByteArray();
    QTest::newRow("400 presence without channel")
        << QByteArray("GET") << u"/api/presence?channel="_s << key << QByteArray() << QByteArray()
        << 400 << u"bad_request"_s << QByteArray();
}

void TestHttpApi::errors()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QByteArray, header);

    HttpTestClient::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    const HttpAnswer answer = m_http->send(method, path, body, headers);
    QVERIFY2(answer.status == status, answer.body.constData());
    QCOMPARE(answer.header("content-type"), QByteArray("application/json"));
    // One error shape everywhere: {"error": {"code", "message"}}.
    QCOMPARE(answer.errorCode(), code);
    QVERIFY(!answer.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    if (!header.isEmpty()) {
        const qsizetype colon = header.indexOf(':');
        QCOMPARE(answer.header(header.left(colon)), header.mid(colon + 2));
    }
    // Nothing refused was published.
    QCOMPARE(m_hub->lastSeq(u"x"_s), quint64(0));
}

void TestHttpApi::apiNeedsConfiguredKeys()
{
    HubConfig config = testConfig();
    config.http.apiKeys.clear();
    Hub hub(config);
    QVERIFY(hub.listen());
    HttpTestClient http(hub.serverPort());
    const HttpAnswer answer = http.get(u"/api/channels"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 401);
    QVERIFY(answer.json()
                .value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .contains(u"--api-key"_s));
    // The rest of the port does not need keys.
    QCOMPARE(http.get(u"/status"_s).status, 200);
}

void TestHttpApi::consoleIsServedAtRoot()
{
    const HttpAnswer answer = m_http->get(u"/"_s);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("content-type"), QByteArray("text/html; charset=utf-8"));
    QVERIFY(answer.body.contains("<title>Herald console</title>"));
    // Nothing from elsewhere: the page works offline and cannot be made to
    // load another site's script.
    QVERIFY(!answer.body.contains("http://") && !answer.body.contains("https://"));
    const QByteArray policy = answer.header("content-security-policy");
    QVERIFY(policy.contains("default-src 'none'"));
    QVERIFY(policy.contains("connect-src 'self' ws: wss:"));
    QCOMPARE(answer.header("referrer-policy"), QByteArray("no-referrer"));
    // No innerHTML anywhere: messages are rendered as text.
    QVERIFY(!answer.body.contains("innerHTML"));
    QCOMPARE(m_http->get(u"/?x=1"_s).status, 200);
}

void TestHttpApi::consoleAndMetricsCanBeSwitchedOff()
{
    HubConfig config = testConfig();
    config.http.consoleEnabled = false;
    config.http.metricsEnabled = false;
    Hub hub(config);
    QVERIFY(hub.listen());
    HttpTestClient http(hub.serverPort());
    QCOMPARE(http.get(u"/"_s).status, 404);
    QCOMPARE(http.get(u"/metrics"_s).status, 404);
    QCOMPARE(http.get(u"/healthz"_s).status, 200);
    QCOMPARE(m_http->get(u"/metrics"_s).status, 200);
}

void TestHttpApi::configValidation()
{
    HttpConfig config;
    QVERIFY(config.validate().isEmpty());
    const auto key = HttpConfig::ApiKey::fromString(u"abcdefghijklmnop0123:svc-billing"_s);
    QVERIFY(key);
    QCOMPARE(key->key, u"abcdefghijklmnop0123"_s);
    QCOMPARE(key->identity.userId, u"svc-billing"_s);
    QCOMPARE(key->name, u"svc-billing"_s);
    QVERIFY(!key->identity.anonymous);
    QVERIFY(HttpConfig::ApiKey::fromString(u"abcdefghijklmnop0123"_s)->identity.userId.isEmpty());
    QVERIFY(!HttpConfig::ApiKey::fromString(u"abcdefghijklmnop0123:"_s));
    QVERIFY(!HttpConfig::ApiKey::fromString(u"  "_s));

    config.apiKeys = {*key};
    QVERIFY(config.validate().isEmpty());
    config.apiKeys.append(*key);
    QVERIFY(config.validate().contains(u"twice"_s));
    config.apiKeys = {*HttpConfig::ApiKey::fromString(u"short"_s)};
    QVERIFY(config.validate().contains(u"16"_s));
    config.apiKeys.clear();
    config.metricsTopChannels = -1;
    QVERIFY(!config.validate().isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
