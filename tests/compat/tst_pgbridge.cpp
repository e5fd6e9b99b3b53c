// Seed 004 (HushNet) end to end: PostgreSQL triggers NOTIFY, the bridge
// carries each payload into an in-process hub, and each user's connection
// gets, verbatim, the payloads whose user_id is theirs. Then the link is
// cut and PostgreSQL restarted: the bridge comes back by itself and says
// what may have been missed (docs/compatibility.md, "Seed 004").

#include "postgresserver.h"
#include "testclient.h"

#include <herald/hub.h>
#include <herald/pgbridgeconfig.h>
#include <pgbridge.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrlQuery>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Herald::PgBridge;

namespace {

const QString kAdmin = u"tst-pgbridge-admin"_s;
const QStringList kPgChannels{u"messages_channel"_s, u"sessions_channel"_s, u"devices_channel"_s};
const QString kStatus = u"bridge.postgresql"_s;

// The seed's schema, as far as its triggers read it, and its triggers: the
// messages one verbatim from the seed, the other two building the payloads
// of its "Event Types".
const char *const kSchema[] = {
    "CREATE TABLE messages (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), chat_id uuid NOT NULL, "
    "to_user_id uuid NOT NULL, body text)",
    "CREATE TABLE sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid NOT NULL, "
    "sender_device_id uuid NOT NULL, receiver_device_id uuid NOT NULL)",
    "CREATE TABLE devices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id uuid NOT NULL, "
    "name text)",
    R"(CREATE OR REPLACE FUNCTION notify_new_message() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify(
    'messages_channel',
    json_build_object(
      'type', 'message',
      'chat_id', NEW.chat_id,
      'user_id', NEW.to_user_id
    )::text
  );
  RETURN NEW;
END;
$$ LANGUAGE plpgsql)",
    "CREATE TRIGGER messages_notify_trigger AFTER INSERT ON messages FOR EACH ROW "
    "EXECUTE FUNCTION notify_new_message()",
    R"(CREATE OR REPLACE FUNCTION notify_new_session() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('sessions_channel', json_build_object('type', 'session',
    'user_id', NEW.user_id, 'sender_device_id', NEW.sender_device_id,
    'receiver_device_id', NEW.receiver_device_id)::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql)",
    "CREATE TRIGGER sessions_notify_trigger AFTER INSERT ON sessions FOR EACH ROW "
    "EXECUTE FUNCTION notify_new_session()",
    R"(CREATE OR REPLACE FUNCTION notify_device_update() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('devices_channel',
    json_build_object('type', 'device', 'user_id', NEW.user_id)::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql)",
    "CREATE TRIGGER devices_notify_trigger AFTER INSERT OR UPDATE ON devices FOR EACH ROW "
    "EXECUTE FUNCTION notify_device_update()",
};

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QStringList types(const QList<QJsonObject> &frames)
{
    QStringList out;
    for (const QJsonObject &frame : frames)
        out.append(frame.value("type"_L1).toString());
    return out;
}

} // namespace

class TestPgBridge : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void startRefusesWhatCannotWork();
    void eachUserGetsExactlyTheirPayloads();
    void unroutablePayloadsAreDroppedAndCounted();
    void lostLinkIsReportedAsAGap();
    void resumesAfterPostgresRestarts();

private:
    Herald::PgBridgeConfig bridgeConfig() const;
    bool sql(const QString &statement);
    bool openAdmin();
    QString insertMessage(const QString &userId);
    /// A herald-dialect client of `userId` subscribed to `channels`. The
    /// identity matters once the hub's default rules keep user.<id> to <id>.
    std::unique_ptr<TestClient> subscriber(const QString &userId, const QStringList &channels);
    /// A `raw` client: ?protocol=raw&c=user.<id>, as close to seed 004's
    /// ?user_id= as the hub goes today.
    std::unique_ptr<TestClient> rawClient(const QString &userId);
    /// What PostgreSQL itself sent, captured by the admin connection.
    QList<QJsonObject> sentTo(const QString &userId) const;

    PostgresServer m_pg;
    std::unique_ptr<Herald::Hub> m_hub;
    std::unique_ptr<PgBridge> m_bridge;
    QStringList m_notified;
    const QString m_userA = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString m_userB = QUuid::createUuid().toString(QUuid::WithoutBraces);
};

Herald::PgBridgeConfig TestPgBridge::bridgeConfig() const
{
    Herald::PgBridgeConfig config;
    config.host = u"127.0.0.1"_s;
    config.port = m_pg.port();
    config.database = m_pg.database();
    config.user = m_pg.user();
    config.channels = kPgChannels;
    config.route = u"user.{user_id}"_s;
    config.eventField = u"type"_s;
    config.statusChannel = kStatus;
    config.backoffMin = 100ms;
    config.backoffMax = 1s;
    config.healthInterval = 200ms;
    return config;
}

bool TestPgBridge::sql(const QString &statement)
{
    QSqlQuery query(QSqlDatabase::database(kAdmin));
    if (query.exec(statement))
        return true;
    qWarning().noquote() << "SQL failed:" << statement.left(80) << query.lastError().text();
    return false;
}

bool TestPgBridge::openAdmin()
{
    QSqlDatabase db = QSqlDatabase::contains(kAdmin)
                          ? QSqlDatabase::database(kAdmin, false)
                          : QSqlDatabase::addDatabase(u"QPSQL"_s, kAdmin);
    db.close();
    db.setHostName(u"127.0.0.1"_s);
    db.setPort(m_pg.port());
    db.setDatabaseName(m_pg.database());
    db.setUserName(m_pg.user());
    if (!db.open())
        return false;
    // The admin connection listens too: what PostgreSQL sent is what each
    // user's connection must receive.
    disconnect(db.driver(), &QSqlDriver::notification, this, nullptr);
    connect(db.driver(), &QSqlDriver::notification, this,
            [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                m_notified.append(payload.toString());
            });
    for (const QString &channel : kPgChannels) {
        if (!db.driver()->subscribeToNotification(channel))
            return false;
    }
    return true;
}

void TestPgBridge::initTestCase()
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        QSKIP("Qt's QPSQL driver is missing (Debian: libqt6sql6-psql)");
    if (const QString reason = PostgresServer::unavailableReason(); !reason.isEmpty())
        QSKIP(qPrintable(reason));
    const Herald::Status started = m_pg.start();
    QVERIFY2(started, qPrintable(started.reason()));
    QVERIFY2(openAdmin(), "cannot connect to the private PostgreSQL");
    for (const char *statement : kSchema)
        QVERIFY(sql(QString::fromUtf8(statement)));
}

void TestPgBridge::init()
{
    // The clients here are anonymous with the user ids of seed 004's rows;
    // the default rules keep user.* channels to verified owners, which this
    // test of routing is not about.
    Herald::HubConfig hubConfig;
    hubConfig.security.rules.clear();
    m_hub = std::make_unique<Herald::Hub>(hubConfig);
    const Herald::Status listening = m_hub->listen(QHostAddress::LocalHost, 0);
    QVERIFY2(listening, qPrintable(listening.reason()));
    m_notified.clear();
}

void TestPgBridge::cleanup()
{
    m_bridge.reset();
    m_hub.reset();
}

void TestPgBridge::cleanupTestCase()
{
    if (QSqlDatabase::contains(kAdmin)) {
        QSqlDatabase::database(kAdmin, false).close();
        QSqlDatabase::removeDatabase(kAdmin);
    }
    const Herald::Status stopped = m_pg.stop();
    QVERIFY2(stopped, qPrintable(stopped.reason()));
}

std::unique_ptr<TestClient> TestPgBridge::subscriber(const QString &userId,
                                                     const QStringList &channels)
{
    auto client = std::make_unique<TestClient>();
    QUrl url = m_hub->url();
    url.setQuery(u"user_id="_s + userId);
    if (!client->open(url))
        return nullptr;
    client->send(QJsonObject{
        {u"type"_s, u"subscribe"_s},
        {u"id"_s, u"s"_s},
        {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray::fromStringList(channels)}}}});
    if (!QTest::qWaitFor([&] { return !client->all(u"subscribed"_s).isEmpty(); }, 5000))
        return nullptr;
    return client;
}

std::unique_ptr<TestClient> TestPgBridge::rawClient(const QString &userId)
{
    auto client = std::make_unique<TestClient>();
    QUrl url = m_hub->url();
    url.setQuery(u"user_id=%1&protocol=raw&c=user.%1"_s.arg(userId));
    if (!client->open(url))
        return nullptr;
    // A raw connection gets publications only, no replies: wait until the
    // hub lists its subscription.
    const bool subscribed = QTest::qWaitFor(
        [&] {
            const auto connections = m_hub->connectionStats();
            return std::any_of(connections.cbegin(), connections.cend(), [&](const auto &c) {
                return c.dialect == "raw"_L1 && c.userId == userId && c.subscriptions == 1;
            });
        },
        5000);
    return subscribed ? std::move(client) : nullptr;
}

QString TestPgBridge::insertMessage(const QString &userId)
{
    const QString chat = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return sql(u"INSERT INTO messages (chat_id, to_user_id, body) VALUES ('%1', '%2', 'hi')"_s.arg(
               chat, userId))
               ? chat
               : QString();
}

QList<QJsonObject> TestPgBridge::sentTo(const QString &userId) const
{
    QList<QJsonObject> out;
    for (const QString &payload : m_notified) {
        const QJsonObject object = parse(payload);
        if (object.value("user_id"_L1).toString() == userId)
            out.append(object);
    }
    return out;
}

void TestPgBridge::startRefusesWhatCannotWork()
{
    Herald::PgBridgeConfig config = bridgeConfig();
    config.channels.clear();
    PgBridge noChannels(m_hub.get(), config);
    const Herald::Status refused = noChannels.start();
    QVERIFY(!refused);
    QVERIFY2(refused.reason().contains("channels"_L1), qPrintable(refused.reason()));
    QVERIFY(!noChannels.isRunning());

    config = bridgeConfig();
    config.route = u"user.{user_id"_s;
    PgBridge badRoute(m_hub.get(), config);
    QVERIFY(!badRoute.start());
}

void TestPgBridge::eachUserGetsExactlyTheirPayloads()
{
    auto a = subscriber(m_userA, {u"user."_s + m_userA, kStatus});
    auto b = subscriber(m_userB, {u"user."_s + m_userB});
    auto aRaw = rawClient(m_userA);
    QVERIFY(a && b && aRaw);

    m_bridge = std::make_unique<PgBridge>(m_hub.get(), bridgeConfig());
    QSignalSpy up(m_bridge.get(), &PgBridge::connected);
    QSignalSpy states(m_bridge.get(), &PgBridge::stateChanged);
    const Herald::Status started = m_bridge->start();
    QVERIFY2(started, qPrintable(started.reason()));
    QTRY_COMPARE(up.size(), 1);
    QCOMPARE(m_bridge->state(), PgBridge::State::Up);
    QCOMPARE(states.size(), 1);
    QTRY_COMPARE(a->publications(kStatus).size(), 1);
    QCOMPARE(a->publications(kStatus).at(0).value("type"_L1).toString(), u"bridge.up"_s);

    // One of each of the seed's events for A, a message for B.
    QVERIFY(!insertMessage(m_userA).isEmpty());
    QVERIFY(sql(u"INSERT INTO sessions (user_id, sender_device_id, receiver_device_id) VALUES "
                u"('%1', gen_random_uuid(), gen_random_uuid())"_s.arg(m_userA)));
    QVERIFY(sql(u"INSERT INTO devices (user_id, name) VALUES ('%1', 'phone')"_s.arg(m_userA)));
    QVERIFY(!insertMessage(m_userB).isEmpty());

    QTRY_COMPARE(sentTo(m_userA).size(), 3);
    QTRY_COMPARE(a->publications(u"user."_s + m_userA).size(), 3);
    QTRY_COMPARE(b->publications(u"user."_s + m_userB).size(), 1);
    const QList<QJsonObject> expected = sentTo(m_userA);
    const QList<QJsonObject> got = a->publications(u"user."_s + m_userA);
    for (qsizetype i = 0; i < expected.size(); ++i) {
        // Herald dialect: the payload's type is the event, the payload the data.
        QCOMPARE(got.at(i).value("data"_L1).toObject(), expected.at(i));
        QCOMPARE(got.at(i).value("type"_L1).toString(), expected.at(i).value("type"_L1).toString());
    }
    QCOMPARE(types(got), (QStringList{u"message"_s, u"session"_s, u"device"_s}));
    QCOMPARE(b->publications(u"user."_s + m_userB).at(0).value("data"_L1).toObject(),
             sentTo(m_userB).at(0));

    // Raw dialect: each frame is the payload itself, as seed 004's client reads it.
    QTRY_COMPARE(aRaw->raw.size(), 3); // the payloads, nothing else
    for (qsizetype i = 0; i < expected.size(); ++i)
        QCOMPARE(parse(aRaw->raw.at(i)), expected.at(i));

    QCOMPARE(m_bridge->receivedCount(), 4u);
    QCOMPARE(m_bridge->publishedCount(), 4u);
    QCOMPARE(m_bridge->droppedCount(), 0u);
    // Nothing of B's reached A, on any channel.
    for (const QJsonObject &frame : std::as_const(a->frames))
        QVERIFY(!QJsonDocument(frame).toJson().contains(m_userB.toUtf8()));
}

void TestPgBridge::unroutablePayloadsAreDroppedAndCounted()
{
    auto a = subscriber(m_userA, {u"user."_s + m_userA});
    QVERIFY(a);
    m_bridge = std::make_unique<PgBridge>(m_hub.get(), bridgeConfig());
    QSignalSpy dropped(m_bridge.get(), &PgBridge::notificationDropped);
    QVERIFY(m_bridge->start());
    QTRY_COMPARE(m_bridge->state(), PgBridge::State::Up);

    // Not JSON, not an object, no user_id, no type: each dropped, none fatal.
    QVERIFY(sql(u"SELECT pg_notify('messages_channel', 'not json')"_s));
    QVERIFY(sql(u"SELECT pg_notify('messages_channel', '[1, 2]')"_s));
    QVERIFY(sql(u"SELECT pg_notify('messages_channel', '{\"type\": \"message\"}')"_s));
    QVERIFY(sql(u"SELECT pg_notify('devices_channel', '{\"user_id\": \"%1\"}')"_s.arg(m_userA)));
    // A whole number beyond 2^53 must come through unchanged.
    QVERIFY(sql(u"SELECT pg_notify('devices_channel', json_build_object('type', 'device', "
                u"'user_id', '%1', 'big', 9007199254740993)::text)"_s.arg(m_userA)));

    QTRY_COMPARE(dropped.size(), 4);
    QTRY_COMPARE(a->publications(u"user."_s + m_userA).size(), 1);
    QCOMPARE(m_bridge->droppedCount(), 4u);
    QCOMPARE(m_bridge->publishedCount(), 1u);
    QCOMPARE(m_bridge->receivedCount(), 5u);
    QCOMPARE(dropped.at(0).at(0).toString(), u"messages_channel"_s);
    QVERIFY2(dropped.at(0).at(1).toString().contains("not JSON"_L1),
             qPrintable(dropped.at(0).at(1).toString()));
    QVERIFY(dropped.at(2).at(1).toString().contains("user_id"_L1));
    QVERIFY(dropped.at(3).at(1).toString().contains("type"_L1));
    const QString frame = a->raw.last();
    QVERIFY2(frame.contains("9007199254740993"_L1), qPrintable(frame));
    QCOMPARE(m_bridge->state(), PgBridge::State::Up);
}

void TestPgBridge::lostLinkIsReportedAsAGap()
{
    auto a = subscriber(m_userA, {u"user."_s + m_userA, kStatus});
    auto b = subscriber(m_userB, {u"user."_s + m_userB});
    auto aRaw = rawClient(m_userA);
    QVERIFY(a && b && aRaw);
    Herald::PgBridgeConfig config = bridgeConfig();
    // Long enough that rows inserted right after the loss are certainly
    // committed while nobody listens.
    config.backoffMin = 2s;
    config.backoffMax = 2s;
    m_bridge = std::make_unique<PgBridge>(m_hub.get(), config);
    QSignalSpy lost(m_bridge.get(), &PgBridge::disconnected);
    QSignalSpy gaps(m_bridge.get(), &PgBridge::gapReported);
    QVERIFY(m_bridge->start());
    QTRY_COMPARE(m_bridge->state(), PgBridge::State::Up);

    // Cut the bridge's own session, as a network drop or an admin would.
    QVERIFY(sql(u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                u"WHERE application_name = 'herald-pgbridge'"_s));
    QTRY_COMPARE(lost.size(), 1);
    QCOMPARE(m_bridge->state(), PgBridge::State::Down);
    QVERIFY(!m_bridge->errorString().isEmpty());
    QVERIFY(!insertMessage(m_userA).isEmpty());
    QVERIFY(!insertMessage(m_userA).isEmpty());

    QTRY_COMPARE_WITH_TIMEOUT(gaps.size(), 1, 10000);
    QCOMPARE(m_bridge->state(), PgBridge::State::Up);
    const QJsonObject gap = gaps.at(0).at(0).toJsonObject();
    QCOMPARE(gap.value("type"_L1).toString(), u"bridge.gap"_s);
    QCOMPARE(gap.value("possibly_lost"_L1), QJsonValue(true));
    QVERIFY2(gap.value("transactions"_L1).toInt() >= 2, QJsonDocument(gap).toJson().constData());
    QCOMPARE(gap.value("server_restarted"_L1), QJsonValue(false));
    QCOMPARE(m_bridge->gapCount(), 1u);
    QCOMPARE(m_bridge->lastGap(), gap);

    // Told where the users who missed something are, in each dialect...
    QTRY_COMPARE(a->all(u"bridge.gap"_s).size(), 2); // user.A and the status channel
    QTRY_COMPARE(b->all(u"bridge.gap"_s).size(), 1);
    QCOMPARE(b->all(u"bridge.gap"_s).at(0).value("data"_L1).toObject(), gap);
    QTRY_VERIFY(aRaw->raw.size() >= 1);
    QCOMPARE(parse(aRaw->raw.last()), gap);
    // ...and on the status channel: down, gap, up.
    QTRY_COMPARE(types(a->publications(kStatus)),
                 (QStringList{u"bridge.up"_s, u"bridge.down"_s, u"bridge.gap"_s, u"bridge.up"_s}));
    // The two messages sent meanwhile are not delivered late: they are gone.
    QCOMPARE(a->all(u"message"_s).size(), 0);

    // And delivery goes on.
    QVERIFY(!insertMessage(m_userA).isEmpty());
    QTRY_COMPARE(a->all(u"message"_s).size(), 1);
}

void TestPgBridge::resumesAfterPostgresRestarts()
{
    auto a = subscriber(m_userA, {u"user."_s + m_userA, kStatus});
    QVERIFY(a);
    m_bridge = std::make_unique<PgBridge>(m_hub.get(), bridgeConfig());
    QSignalSpy lost(m_bridge.get(), &PgBridge::disconnected);
    QSignalSpy gaps(m_bridge.get(), &PgBridge::gapReported);
    QVERIFY(m_bridge->start());
    QTRY_COMPARE(m_bridge->state(), PgBridge::State::Up);

    // The test's own connection goes first, so that only the bridge has to
    // notice the server going away.
    QSqlDatabase::database(kAdmin, false).close();
    const Herald::Status stopped = m_pg.stop();
    QVERIFY2(stopped, qPrintable(stopped.reason()));
    QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, 10000);
    QCOMPARE(m_bridge->state(), PgBridge::State::Down);
    const Herald::Status started = m_pg.start();
    QVERIFY2(started, qPrintable(started.reason()));

    QTRY_COMPARE_WITH_TIMEOUT(gaps.size(), 1, 20000);
    QCOMPARE(m_bridge->state(), PgBridge::State::Up);
    const QJsonObject gap = gaps.at(0).at(0).toJsonObject();
    QCOMPARE(gap.value("server_restarted"_L1), QJsonValue(true));
    // Nothing wrote meanwhile (autovacuum is off): the bridge can prove
    // that nothing was lost, and so does not disturb the users' channels.
    QCOMPARE(gap.value("possibly_lost"_L1), QJsonValue(false));
    QCOMPARE(gap.value("transactions"_L1).toInt(), 0);
    QTRY_COMPARE(types(a->publications(kStatus)).mid(1),
                 (QStringList{u"bridge.down"_s, u"bridge.gap"_s, u"bridge.up"_s}));
    QCOMPARE(a->publications(u"user."_s + m_userA).size(), 0);

    QVERIFY2(openAdmin(), "cannot reconnect to the restarted PostgreSQL");
    QVERIFY(!insertMessage(m_userA).isEmpty());
    QTRY_COMPARE(a->all(u"message"_s).size(), 1);
    QCOMPARE(a->all(u"message"_s).at(0).value("data"_L1).toObject(), sentTo(m_userA).last());
}

QTEST_GUILESS_MAIN(TestPgBridge)
#include "tst_pgbridge.moc"
