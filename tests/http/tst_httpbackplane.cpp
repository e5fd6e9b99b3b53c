// The HTTP API of a hub whose channels live in Redis (--redis): the seq of
// a publication is given by Redis after the HTTP answer is written, so the
// API accepts (202) without one; what the API cannot read from Redis yet it
// refuses (503) instead of answering with this hub's partial view; and with
// Redis gone nothing is accepted that would be lost. docs/http.md.

#include "httptestclient.h"
#include "hubclients.h"
#include "redisserver.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QSignalSpy>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QByteArray kKey = "backplane-key-0123456789";

} // namespace

class TestHttpBackplane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void publishIsAcceptedAndDeliveredWithRedisSeq();
    void broadcastIsAccepted();
    void readsComeFromTheBackplane();
    void redisDownRefusesPublicationsAndReadiness();

private:
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HttpTestClient> m_http;
};

void TestHttpBackplane::init()
{
    REQUIRE_REDIS_SERVER();
    m_redis = std::make_unique<RedisServer>();
    QVERIFY_STATUS(m_redis->start());
    HubConfig config;
    config.redisUrl = u"redis://127.0.0.1:%1"_s.arg(m_redis->port());
    config.presenceHeartbeat = 200ms;
    HttpConfig::ApiKey key;
    key.key = QString::fromLatin1(kKey);
    config.http.apiKeys = {key};
    m_hub = std::make_unique<Hub>(config);
    QSignalSpy up(m_hub.get(), &Hub::backplaneStateChanged);
    QVERIFY(m_hub->listen());
    QVERIFY(up.wait(5000));
    QVERIFY(up.last().at(0).toBool());
    m_http = std::make_unique<HttpTestClient>(m_hub->serverPort());
}

void TestHttpBackplane::cleanup()
{
    m_http.reset();
    m_hub.reset();
    m_redis.reset();
}

void TestHttpBackplane::publishIsAcceptedAndDeliveredWithRedisSeq()
{
    auto subscriber = subscribedClient(*m_hub, {u"orders"_s});
    QVERIFY(subscriber);

    for (int i = 1; i <= 2; ++i) {
        const HttpAnswer answer = m_http->postJson(
            u"/api/publish"_s,
            {{u"channel"_s, u"orders"_s}, {u"event"_s, u"order.placed"_s}, {u"data"_s, i}},
            HttpTestClient::bearer(kKey));
        // The answer waits for Redis to number the publication.
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().value(u"channel"_s).toString(), u"orders"_s);
        QCOMPARE(answer.json().value(u"seq"_s).toInt(), i);
    }
    QVERIFY(subscriber->waitForPublications(u"orders"_s, 2));
    const QList<QJsonObject> got = subscriber->publications(u"orders"_s);
    QCOMPARE(got.at(0).value(u"seq"_s).toInt(), 1);
    QCOMPARE(got.at(1).value(u"seq"_s).toInt(), 2);
    QCOMPARE(got.at(1).value(u"type"_s).toString(), u"order.placed"_s);
    // The channel is held here now: its history is this hub's to give.
    const HttpAnswer history =
        m_http->get(u"/api/history?channel=orders"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(history.status, 200);
    QCOMPARE(history.json().value(u"messages"_s).toArray().size(), 2);
}

void TestHttpBackplane::broadcastIsAccepted()
{
    const QJsonObject body{{u"channels"_s, QJsonArray{u"x"_s, u"y"_s}}, {u"data"_s, 1}};
    const HttpAnswer answer =
        m_http->postJson(u"/api/broadcast"_s, body, HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    const QJsonObject seqs = answer.json().value(u"seqs"_s).toObject();
    QCOMPARE(seqs.keys(), (QStringList{u"x"_s, u"y"_s}));
    QCOMPARE(seqs.value(u"x"_s).toInt(), 1);
    QCOMPARE(seqs.value(u"y"_s).toInt(), 1);
}

void TestHttpBackplane::readsComeFromTheBackplane()
{
    // Never subscribed here: its history is read from Redis.
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(m_http
                     ->postJson(u"/api/publish"_s, {{u"channel"_s, u"elsewhere"_s}, {u"data"_s, i}},
                                HttpTestClient::bearer(kKey))
                     .status,
                 200);
    const HttpAnswer history =
        m_http->get(u"/api/history?channel=elsewhere&since=1"_s, HttpTestClient::bearer(kKey));
    QCOMPARE(history.status, 200);
    const QJsonArray messages = history.json().value(u"messages"_s).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(u"seq"_s).toInt(), 2);
    QCOMPARE(messages.at(0).toObject().value(u"channel"_s).toString(), u"elsewhere"_s);
    // Presence is cluster-wide: asked of Redis.
    auto member = subscribedClient(*m_hub, {u"room"_s});
    QVERIFY(member);
    QTRY_VERIFY([&] {
        const HttpAnswer presence =
            m_http->get(u"/api/presence?channel=room"_s, HttpTestClient::bearer(kKey));
        return presence.status == 200 && presence.json().value(u"members"_s).toArray().size() == 1;
    }());
}

void TestHttpBackplane::redisDownRefusesPublicationsAndReadiness()
{
    const HttpAnswer ready = m_http->get(u"/readyz"_s);
    QCOMPARE(ready.status, 200);
    QCOMPARE(ready.json().value(u"backplane"_s).toObject().value(u"kind"_s).toString(), u"redis"_s);

    QSignalSpy state(m_hub.get(), &Hub::backplaneStateChanged);
    m_redis->kill();
    QVERIFY(state.wait(10000));
    QCOMPARE(state.last().at(0).toBool(), false);

    const HttpAnswer notReady = m_http->get(u"/readyz"_s);
    QCOMPARE(notReady.status, 503);
    QCOMPARE(notReady.json().value(u"status"_s).toString(), u"not_ready"_s);
    QCOMPARE(notReady.json().value(u"backplane"_s).toObject().value(u"up"_s).toBool(), false);
    const HttpAnswer publish =
        m_http->postJson(u"/api/publish"_s, {{u"channel"_s, u"orders"_s}, {u"data"_s, 1}},
                         HttpTestClient::bearer(kKey));
    QCOMPARE(publish.status, 503);
    QCOMPARE(publish.errorCode(), u"unavailable"_s);
    // Alive all the same.
    QCOMPARE(m_http->get(u"/healthz"_s).status, 200);
    QTRY_VERIFY(
        m_http->get(u"/metrics"_s).body.contains("herald_backplane_up{backplane=\"redis\"} 0"));
}

QTEST_GUILESS_MAIN(TestHttpBackplane)
#include "tst_httpbackplane.moc"
