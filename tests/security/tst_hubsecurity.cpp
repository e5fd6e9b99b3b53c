// Security in a running hub (issue 5): tokens at connect and in a first
// frame, expiry and refresh, the default channel rules, tenant isolation
// under load, and every limit's close code, each time checking that the
// other clients still get everything they are owed.

#include "../core/testclient.h"
#include "jwtsigner.h"

#include <herald/hub.h>

#include <QDateTime>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QByteArray kSecret = "a-test-secret-that-is-long-enough-for-hs256";

qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

QJsonObject dataOf(const QJsonObject &frame)
{
    return frame.value(u"data"_s).toObject();
}

QJsonObject frame(const QString &type, const QJsonObject &data, const QJsonValue &id = {})
{
    QJsonObject f{{u"type"_s, type}, {u"data"_s, data}};
    if (!id.isUndefined())
        f.insert(u"id"_s, id);
    return f;
}

QJsonObject subscribe(const QStringList &channels, const QJsonValue &id = 1)
{
    return frame(u"subscribe"_s, {{u"channels"_s, QJsonArray::fromStringList(channels)}}, id);
}

QJsonObject publish(const QString &channel, const QJsonValue &data, const QJsonValue &id = 2)
{
    return frame(u"publish"_s, {{u"channel"_s, channel}, {u"data"_s, data}}, id);
}

} // namespace

class TestHubSecurity : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void tokensAtConnect_data();
    void tokensAtConnect();
    void tokenInTheFirstFrame();
    void expiryClosesAndRefreshExtends();
    void defaultChannelRules_data();
    void defaultChannelRules();
    void everyPublishIsChecked();
    void tenantsNeverSeeEachOther();
    void connectionLimitsClose4004();
    void subscriptionAndNameLimits();
    void rateLimitRefusesThenCloses4002();
    void originAllowList();

private:
    void start();
    QString token(const QJsonObject &claims) const { return m_signer.token(claims); }
    QString userToken(const QString &sub, const QString &tenant = {}, const QStringList &roles = {},
                      qint64 lifetime = 3600) const;
    std::unique_ptr<TestClient> connectWith(const QString &query);

    QTemporaryDir m_dir;
    JwtSigner m_signer = JwtSigner::hs256(kSecret);
    HubConfig m_config;
    std::unique_ptr<Hub> m_hub;
};

void TestHubSecurity::init()
{
    QFile secret(m_dir.filePath(u"secret"_s));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write(kSecret);
    secret.close();
    m_config = HubConfig();
    m_config.security.requireAuth = true;
    m_config.security.jwtSecretFile = secret.fileName();
    m_config.handshakeTimeout = 800ms;
    if (const int threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS"); threads > 0)
        m_config.threads = threads;
}

void TestHubSecurity::start()
{
    m_hub = std::make_unique<Hub>(m_config);
    const Status status = m_hub->listen();
    QVERIFY2(status.ok(), qPrintable(status.reason()));
}

void TestHubSecurity::cleanup()
{
    m_hub.reset();
}

QString TestHubSecurity::userToken(const QString &sub, const QString &tenant,
                                   const QStringList &roles, qint64 lifetime) const
{
    QJsonObject claims{
        {u"sub"_s, sub}, {u"name"_s, sub.toUpper()}, {u"exp"_s, nowSeconds() + lifetime}};
    if (!tenant.isEmpty())
        claims.insert(u"tenant"_s, tenant);
    if (!roles.isEmpty())
        claims.insert(u"roles"_s, QJsonArray::fromStringList(roles));
    return token(claims);
}

std::unique_ptr<TestClient> TestHubSecurity::connectWith(const QString &query)
{
    return openClient(m_hub->url(), query);
}

void TestHubSecurity::tokensAtConnect_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("valid") << u"valid"_s << true;
    QTest::newRow("expired") << u"expired"_s << false;
    QTest::newRow("not yet valid") << u"nbf"_s << false;
    QTest::newRow("forged signature") << u"forged"_s << false;
    QTest::newRow("alg none") << u"none"_s << false;
    QTest::newRow("garbage") << u"garbage"_s << false;
}

void TestHubSecurity::tokensAtConnect()
{
    QFETCH(QString, which);
    QFETCH(bool, accepted);
    start();
    auto bystander = connectWith(u"token="_s + userToken(u"watcher"_s) + u"&c=public.news"_s);
    QVERIFY(bystander);
    QVERIFY(!bystander->take(u"subscribed"_s).isEmpty());

    QString t;
    if (which == "valid"_L1)
        t = userToken(u"alice"_s);
    else if (which == "expired"_L1)
        t = userToken(u"alice"_s, {}, {}, -3600);
    else if (which == "nbf"_L1)
        t = token({{u"sub"_s, u"alice"_s},
                   {u"nbf"_s, nowSeconds() + 3600},
                   {u"exp"_s, nowSeconds() + 7200}});
    else if (which == "forged"_L1)
        t = JwtSigner::hs256("another-secret-also-long-enough-for-hs256!")
                .token({{u"sub"_s, u"alice"_s}, {u"exp"_s, nowSeconds() + 3600}});
    else if (which == "none"_L1)
        t = QString::fromLatin1(JwtSigner::base64url(QJsonObject{{u"alg"_s, u"none"_s}}) + '.' +
                                JwtSigner::base64url(QJsonObject{{u"sub"_s, u"alice"_s},
                                                                 {u"exp"_s, nowSeconds() + 3600}}) +
                                '.');
    else
        t = u"not-a-token"_s;

    TestClient client;
    QUrl url = m_hub->url();
    url.setQuery(u"token="_s + t);
    client.socket.open(url);
    if (accepted) {
        QTRY_VERIFY(client.socket.state() == QAbstractSocket::ConnectedState);
        client.send(publish(u"public.news"_s, u"hi"_s));
        const QJsonObject got = bystander->take(u"message"_s);
        QCOMPARE(got.value(u"sender"_s).toObject().value(u"user_id"_s).toString(), u"alice"_s);
        QCOMPARE(got.value(u"sender"_s).toObject().value(u"user_name"_s).toString(), u"ALICE"_s);
    } else {
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode, 4001);
        QVERIFY(!client.closeReason.contains(t)); // tokens are never echoed
    }
    // The others carry on either way.
    m_hub->publish(u"public.news"_s, u"message"_s, u"after"_s);
    QTRY_VERIFY(!bystander->publications(u"public.news"_s).isEmpty() &&
                bystander->publications(u"public.news"_s).last().value(u"data"_s) == u"after"_s);
}

void TestHubSecurity::tokenInTheFirstFrame()
{
    start();
    TestClient good;
    QVERIFY(good.open(m_hub->url()));
    good.send(frame(u"connect"_s, {{u"token"_s, userToken(u"bob"_s)}}, u"c1"_s));
    const QJsonObject connected = good.take(u"connected"_s);
    QCOMPARE(connected.value(u"id"_s).toString(), u"c1"_s);
    QCOMPARE(dataOf(connected).value(u"user_id"_s).toString(), u"bob"_s);
    good.send(subscribe({u"public.x"_s}));
    QVERIFY(!good.take(u"subscribed"_s).isEmpty());

    TestClient bad;
    QVERIFY(bad.open(m_hub->url()));
    bad.send(frame(u"connect"_s, {{u"token"_s, u"forged.token.here"_s}}));
    QVERIFY(bad.waitClosed());
    QCOMPARE(bad.closeCode, 4001);

    TestClient impatient; // anything but connect first
    QVERIFY(impatient.open(m_hub->url()));
    impatient.send(subscribe({u"public.x"_s}));
    QVERIFY(impatient.waitClosed());
    QCOMPARE(impatient.closeCode, 4001);

    TestClient silent; // nothing at all: closed after the handshake timeout
    QVERIFY(silent.open(m_hub->url()));
    QVERIFY(silent.waitClosed(5000));
    QCOMPARE(silent.closeCode, 4001);
    QCOMPARE(m_hub->connectionCount(), 1); // only bob was ever counted in
}

void TestHubSecurity::expiryClosesAndRefreshExtends()
{
    start();
    auto lapsing = connectWith(u"token="_s + userToken(u"carol"_s, {}, {}, 2));
    auto refreshed = connectWith(u"token="_s + userToken(u"dave"_s, {}, {}, 2));
    QVERIFY(lapsing && refreshed);
    refreshed->send(
        frame(u"refresh"_s, {{u"token"_s, userToken(u"dave"_s, {}, {}, 3600)}}, u"r"_s));
    const QJsonObject reply = refreshed->take(u"refreshed"_s);
    QVERIFY(!dataOf(reply).value(u"expires_at"_s).toString().isEmpty());
    // A refresh for someone else is refused.
    refreshed->send(frame(u"refresh"_s, {{u"token"_s, userToken(u"mallory"_s)}}, u"m"_s));
    QCOMPARE(dataOf(refreshed->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);

    QVERIFY(lapsing->waitClosed(6000));
    QCOMPARE(lapsing->closeCode, 4001);
    QCOMPARE(lapsing->closeReason, u"token expired"_s);
    QVERIFY(!refreshed->closed);
}

void TestHubSecurity::defaultChannelRules_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("own user channel")
        << u"u1"_s << QStringList() << u"user.u1.notifications"_s << true;
    QTest::newRow("someone else's user channel")
        << u"u2"_s << QStringList() << u"user.u1.notifications"_s << false;
    QTest::newRow("public") << u"u2"_s << QStringList() << u"public.lobby"_s << true;
    QTest::newRow("admin without the role")
        << u"u2"_s << QStringList() << u"admin.audit"_s << false;
    QTest::newRow("admin with the role")
        << u"root"_s << QStringList{u"admin"_s} << u"admin.audit"_s << true;
    QTest::newRow("anything else, auth on: denied")
        << u"u1"_s << QStringList() << u"memories"_s << false;
}

void TestHubSecurity::defaultChannelRules()
{
    QFETCH(QString, user);
    QFETCH(QStringList, roles);
    QFETCH(QString, channel);
    QFETCH(bool, allowed);
    start();
    auto client = connectWith(u"token="_s + userToken(user, {}, roles));
    QVERIFY(client);
    client->send(subscribe({channel}));
    if (allowed) {
        QVERIFY(!client->take(u"subscribed"_s).isEmpty());
    } else {
        QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
        client->send(publish(channel, 1));
        QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    }
    // The token's channels claim opens what no rule decides.
    auto claimed = connectWith(u"token="_s + token({{u"sub"_s, u"z"_s},
                                                    {u"exp"_s, nowSeconds() + 3600},
                                                    {u"channels"_s, QJsonArray{u"memories"_s}}}));
    claimed->send(subscribe({u"memories"_s}));
    QVERIFY(!claimed->take(u"subscribed"_s).isEmpty());
}

void TestHubSecurity::everyPublishIsChecked()
{
    // A session remembers the channels it was allowed to publish to (64 at
    // most); a refused one in between, or after, is refused every time.
    start();
    auto client = connectWith(u"token="_s + userToken(u"u1"_s, {}));
    QVERIFY(client);
    const QStringList sequence = {u"public.lobby"_s,  u"user.u2.inbox"_s, u"public.lobby"_s,
                                  u"public.lobby"_s,  u"user.u2.inbox"_s, u"bad channel"_s,
                                  u"user.u1.inbox"_s, u"user.u2.inbox"_s};
    for (int i = 0; i < sequence.size(); ++i) {
        const QString &channel = sequence.at(i);
        client->send(publish(channel, i));
        if (channel == u"bad channel"_s) {
            QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(),
                     u"bad_request"_s);
        } else if (channel.startsWith(u"user.u2."_s)) {
            QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
        } else {
            QCOMPARE(dataOf(client->take(u"published"_s)).value(u"channel"_s).toString(), channel);
        }
    }
    QVERIFY(client->all(u"error"_s).size() == 4);
    QCOMPARE(m_hub->stats().publications, quint64(4));

    // Past what it keeps: still allowed where it may, refused where not.
    for (int i = 0; i < 70; ++i)
        client->send(publish(u"public.room%1"_s.arg(i), i));
    client->send(publish(u"user.u2.inbox"_s, 0));
    client->send(publish(u"public.room3"_s, 0));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    QTRY_COMPARE(m_hub->stats().publications, quint64(4 + 70 + 1));
    QCOMPARE(client->all(u"error"_s).size(), 5);
}

void TestHubSecurity::tenantsNeverSeeEachOther()
{
    m_config.security.rateLimit = 0; // a backend publishing a burst
    m_config.security.maxConnectionsPerTenant = 10;
    m_config.security.fallback = SecurityConfig::Fallback::Allow;
    start();
    auto a1 = connectWith(u"token="_s + userToken(u"a1"_s, u"acme"_s) +
                          u"&c=memories&c=tenant.updates"_s);
    auto b1 = connectWith(u"token="_s + userToken(u"b1"_s, u"globex"_s) +
                          u"&c=memories&c=tenant.updates"_s);
    QVERIFY(a1 && b1);
    QVERIFY(!a1->take(u"subscribed"_s).isEmpty() && !b1->take(u"subscribed"_s).isEmpty());
    auto a2 = connectWith(u"token="_s + userToken(u"a2"_s, u"acme"_s));
    QVERIFY(a2);
    // Seed 001: a tenant's members hear of each other (whatever they
    // subscribed to), and only of each other.
    QJsonObject joined;
    QTRY_VERIFY([&] {
        for (const QJsonObject &j : a1->all(u"tenant.user_joined"_s)) {
            if (dataOf(j).value(u"user_id"_s) == u"a2"_s)
                joined = j;
        }
        return !joined.isEmpty();
    }());
    QCOMPARE(joined.value(u"channel"_s).toString(), u"$tenant"_s);

    const int count = 10000;
    for (int i = 0; i < count; ++i)
        a2->send(publish(u"memories"_s, i, i));
    QVERIFY(a1->waitForPublications(u"memories"_s, count, 60000));
    const auto got = a1->publications(u"memories"_s);
    QCOMPARE(got.size(), count);
    QCOMPARE(got.first().value(u"channel"_s).toString(), u"memories"_s); // no tenant prefix shown
    QCOMPARE(got.last().value(u"seq"_s).toInteger(), count);
    // Globex's channel of the same name saw nothing, not even the joins.
    b1->send(publish(u"memories"_s, u"globex"_s, u"g"_s));
    QCOMPARE(dataOf(b1->take(u"published"_s)).value(u"seq"_s).toInteger(), 1);
    QCOMPARE(b1->publications(u"memories"_s).size(), 1);
    QCOMPARE(b1->publications(u"memories"_s).first().value(u"data"_s).toString(), u"globex"_s);
    for (const QJsonObject &j : b1->all(u"tenant.user_joined"_s))
        QVERIFY(dataOf(j).value(u"user_id"_s).toString().startsWith(u'b'));
    QVERIFY(a1->publications(u"memories"_s).size() == count); // and acme never saw globex's
    // Presence is per tenant too.
    b1->send(frame(u"presence"_s, {{u"channel"_s, u"memories"_s}}));
    const QJsonArray members = dataOf(b1->take(u"presence"_s)).value(u"members"_s).toArray();
    QCOMPARE(members.size(), 1);
    QCOMPARE(members.first().toObject().value(u"user_id"_s).toString(), u"b1"_s);
    a2->socket.close();
    QCOMPARE(dataOf(a1->take(u"tenant.user_left"_s)).value(u"user_id"_s).toString(), u"a2"_s);
}

void TestHubSecurity::connectionLimitsClose4004()
{
    m_config.security.maxConnectionsPerUser = 2;
    start();
    const QString t = userToken(u"eve"_s);
    auto first = connectWith(u"token="_s + t + u"&c=public.feed"_s);
    auto second = connectWith(u"token="_s + t + u"&c=public.feed"_s);
    QVERIFY(first && second);
    QVERIFY(!first->take(u"subscribed"_s).isEmpty() && !second->take(u"subscribed"_s).isEmpty());
    TestClient third;
    QUrl url = m_hub->url();
    url.setQuery(u"token="_s + t);
    third.socket.open(url);
    QVERIFY(third.waitClosed());
    QCOMPARE(third.closeCode, 4004);
    m_hub->publish(u"public.feed"_s, u"message"_s, 1);
    QVERIFY(first->waitForPublications(u"public.feed"_s, 1));
    QVERIFY(second->waitForPublications(u"public.feed"_s, 1));
    // Once one leaves, there is room again.
    first->socket.close();
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    auto again = connectWith(u"token="_s + t);
    QVERIFY(again);
    QTest::qWait(100);
    QVERIFY(!again->closed);
}

void TestHubSecurity::subscriptionAndNameLimits()
{
    m_config.security.maxSubscriptionsPerConnection = 3;
    m_config.security.fallback = SecurityConfig::Fallback::Allow;
    start();
    auto client = connectWith(u"token="_s + userToken(u"f"_s));
    QVERIFY(client);
    client->send(subscribe({u"a"_s, u"b"_s, u"c"_s}));
    QVERIFY(!client->take(u"subscribed"_s).isEmpty());
    client->send(subscribe({u"d"_s}));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"forbidden"_s);
    client->send(subscribe({u"a"_s})); // already counted: fine
    QVERIFY(!client->take(u"subscribed"_s).isEmpty());
    client->send(publish(u"bad name!"_s, 1));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"bad_request"_s);
    client->send(publish(QString(201, u'x'), 1));
    QCOMPARE(dataOf(client->take(u"error"_s)).value(u"code"_s).toString(), u"bad_request"_s);
    QVERIFY(!client->closed);
}

void TestHubSecurity::rateLimitRefusesThenCloses4002()
{
    m_config.security.rateLimit = 10;
    m_config.security.rateBurst = 5;
    m_config.security.abuseThreshold = 20;
    start();
    auto bystander = connectWith(u"token="_s + userToken(u"calm"_s) + u"&c=public.x"_s);
    auto flooder = connectWith(u"token="_s + userToken(u"loud"_s));
    QVERIFY(bystander && flooder);
    QVERIFY(!bystander->take(u"subscribed"_s).isEmpty());
    for (int i = 0; i < 200; ++i)
        flooder->send(frame(u"ping"_s, {}));
    QVERIFY(flooder->waitClosed());
    QCOMPARE(flooder->closeCode, 4002);
    QVERIFY(flooder->all(u"pong"_s).size() >= 5); // the burst went through
    QVERIFY(!flooder->all(u"error"_s).isEmpty()); // then refusals...
    QCOMPARE(dataOf(flooder->all(u"error"_s).first()).value(u"code"_s).toString(),
             u"rate_limited"_s);
    QVERIFY(m_hub->stats().rateLimited > 0);
    m_hub->publish(u"public.x"_s, u"message"_s, 1);
    QVERIFY(bystander->waitForPublications(u"public.x"_s, 1));
    QVERIFY(!bystander->closed);
}

void TestHubSecurity::originAllowList()
{
    m_config.security.allowedOrigins = {u"https://app.example.com"_s};
    start();
    auto upgrade = [&](const QByteArray &origin) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_hub->serverPort());
        socket.waitForConnected(3000);
        socket.write("GET /ws?token=" + userToken(u"o"_s).toLatin1() +
                     " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     "Origin: " +
                     origin + "\r\n\r\n");
        QByteArray head;
        (void)QTest::qWaitFor(
            [&] {
                head += socket.readAll();
                return head.contains("\r\n\r\n");
            },
            3000);
        return head;
    };
    QVERIFY(upgrade("https://app.example.com").startsWith("HTTP/1.1 101"));
    QVERIFY(upgrade("https://evil.example.net").startsWith("HTTP/1.1 403"));
}

QTEST_GUILESS_MAIN(TestHubSecurity)
#include "tst_hubsecurity.moc"
