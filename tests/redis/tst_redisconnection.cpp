// RedisConnection against a private redis-server: replies, AUTH/SELECT,
// connect and command timeouts, the heartbeat on a half-open link (SIGSTOP),
// reconnects after SIGKILL, one write per event-loop turn, pub/sub order.

#include "redisserver.h"

#include <redisconnection.h>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

/// fastLink(), but to another URL (a password, a database).
RedisConnection::Options linkTo(RedisServer &server, const RedisUrl &url)
{
    RedisConnection::Options options = server.fastLink();
    options.url = url;
    return options;
}

/// Runs one command and waits for its callback.
Result<RedisReply> exec(RedisConnection &connection, const QByteArrayList &arguments)
{
    std::optional<Result<RedisReply>> out;
    connection.command(arguments, [&out](const Result<RedisReply> &reply) { out = reply; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 5000))
        return Result<RedisReply>::failure(u"no callback within 5 s"_s);
    return *out;
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void repliesOfEveryType();
    void callbacksNeverRunInsideCommand();
    void authenticatesAndSelectsTheDatabase();
    void wrongPasswordIsReported();
    void reconnectsWhenTheServerComesUp();
    void connectTimeoutOnAStoppedServer();
    void commandTimeoutDropsTheLink();
    void heartbeatNoticesAHalfOpenLink();
    void killedServerFailsPendingAndReconnects();
    void commandsOfOneTurnShareOneWrite();
    void subscriberReceivesInOrder();
    void patternSubscriptions();
    void subscriberResubscribesAfterRestart();

private:
    std::unique_ptr<RedisServer> m_server;
};

void TestRedisConnection::init()
{
    REQUIRE_REDIS_SERVER();
    m_server = std::make_unique<RedisServer>();
}

void TestRedisConnection::cleanup()
{
    m_server.reset(); // kills it, also after a failed check
}

void TestRedisConnection::repliesOfEveryType()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection connection(m_server->fastLink());
    connection.open();
    QTRY_VERIFY(connection.isConnected());

    QCOMPARE(exec(connection, {"SET", "k", "v"}).value(), RedisReply::status("OK"));
    QCOMPARE(exec(connection, {"GET", "k"}).value(), RedisReply::string("v"));
    QCOMPARE(exec(connection, {"GET", "missing"}).value(), RedisReply::nil());
    QCOMPARE(exec(connection, {"INCR", "n"}).value(), RedisReply::integer(1));
    QCOMPARE(exec(connection, {"RPUSH", "l", "a", "b"}).value(), RedisReply::integer(2));
    QCOMPARE(exec(connection, {"LRANGE", "l", "0", "-1"}).value(),
             RedisReply::array({RedisReply::string("a"), RedisReply::string("b")}));

    // Binary-safe both ways: NUL, CR LF and non-UTF-8 bytes.
    const QByteArray binary("a\0b\r\nc\xff", 7);
    QVERIFY(exec(connection, {"SET", "bin", binary}).ok());
    QCOMPARE(exec(connection, {"GET", "bin"})->bytes(), binary);

    // An error reply is a failure with Redis's reason; the link stays up.
    const Result<RedisReply> error = exec(connection, {"INCR", "k"});
    QVERIFY(!error.ok());
    QVERIFY2(error.reason().startsWith(u"ERR"_s), qPrintable(error.reason()));
    QVERIFY(connection.isConnected());
    QCOMPARE(exec(connection, {"PING"}).value(), RedisReply::status("PONG"));
}

void TestRedisConnection::callbacksNeverRunInsideCommand()
{
    RedisConnection connection(m_server->fastLink()); // never opened
    bool called = false;
    QString reason;
    connection.command({"PING"}, [&](const Result<RedisReply> &reply) {
        called = true;
        reason = reply.reason();
    });
    QVERIFY(!called);
    QTRY_VERIFY(called);
    QVERIFY2(reason.contains(u"not connected"_s), qPrintable(reason));
}

void TestRedisConnection::authenticatesAndSelectsTheDatabase()
{
    QVERIFY_STATUS(m_server->start({u"--requirepass"_s, u"s3cret"_s}));
    RedisUrl url = m_server->url();
    url.password = u"s3cret"_s;
    url.db = 3;
    RedisConnection connection(linkTo(*m_server, url));
    connection.open();
    QTRY_VERIFY(connection.isConnected());
    QVERIFY(exec(connection, {"SET", "where", "db3"}).ok());

    const QStringList auth{u"-a"_s, u"s3cret"_s, u"--no-auth-warning"_s};
    QCOMPARE(m_server->cli(auth + QStringList{u"-n"_s, u"3"_s, u"GET"_s, u"where"_s}), u"db3"_s);
    QCOMPARE(m_server->cli(auth + QStringList{u"-n"_s, u"0"_s, u"EXISTS"_s, u"where"_s}), u"0"_s);
}

void TestRedisConnection::wrongPasswordIsReported()
{
    QVERIFY_STATUS(m_server->start({u"--requirepass"_s, u"s3cret"_s}));
    RedisUrl url = m_server->url();
    url.password = u"wrong"_s;
    RedisConnection connection(linkTo(*m_server, url));
    QSignalSpy errors(&connection, &RedisConnection::errorOccurred);
    QSignalSpy connected(&connection, &RedisConnection::connected);
    connection.open();
    QTRY_VERIFY(errors.count() >= 1);
    QVERIFY2(connection.errorString().contains(u"AUTH refused"_s),
             qPrintable(connection.errorString()));
    QCOMPARE(connected.count(), 0);
    QVERIFY(!connection.isConnected());
}

void TestRedisConnection::reconnectsWhenTheServerComesUp()
{
    RedisConnection connection(m_server->fastLink());
    QSignalSpy errors(&connection, &RedisConnection::errorOccurred);
    QSignalSpy states(&connection, &RedisConnection::stateChanged);
    connection.open();
    QTRY_VERIFY(errors.count() >= 2); // refused, and refused again after a backoff
    QVERIFY(!connection.isConnected());

    QVERIFY_STATUS(m_server->start());
    QTRY_VERIFY(connection.isConnected());
    QCOMPARE(states.last().first().value<RedisConnection::State>(),
             RedisConnection::State::Connected);
    QCOMPARE(exec(connection, {"PING"}).value(), RedisReply::status("PONG"));
}

void TestRedisConnection::connectTimeoutOnAStoppedServer()
{
    QVERIFY_STATUS(m_server->start());
    m_server->pause();
    RedisConnection::Options options = m_server->fastLink();
    options.connectTimeoutMs = 300;
    RedisConnection connection(options);
    QSignalSpy errors(&connection, &RedisConnection::errorOccurred);
    connection.open();
    // TCP connects (the kernel's backlog) but PING goes unanswered.
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 5000);
    QVERIFY2(connection.errorString().contains(u"connect timeout"_s),
             qPrintable(connection.errorString()));
    QVERIFY(!connection.isConnected());

    m_server->resume();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), 5000);
}

void TestRedisConnection::commandTimeoutDropsTheLink()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection::Options options = m_server->fastLink();
    options.commandTimeoutMs = 300;
    RedisConnection connection(options);
    connection.open();
    QTRY_VERIFY(connection.isConnected());
    QSignalSpy disconnected(&connection, &RedisConnection::disconnected);

    m_server->pause();
    const Result<RedisReply> reply = exec(connection, {"PING"});
    QVERIFY(!reply.ok());
    QVERIFY2(reply.reason().contains(u"command timeout"_s), qPrintable(reply.reason()));
    QVERIFY2(reply.reason().contains(u"may or may not"_s), qPrintable(reply.reason()));
    QCOMPARE(disconnected.count(), 1);

    m_server->resume();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), 5000);
    QVERIFY(exec(connection, {"PING"}).ok());
}

void TestRedisConnection::heartbeatNoticesAHalfOpenLink()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection::Options options = m_server->fastLink(RedisConnection::Mode::Subscriber);
    options.heartbeatIntervalMs = 100;
    options.commandTimeoutMs = 400;
    RedisConnection subscriber(options);
    QSignalSpy subscribed(&subscriber, &RedisConnection::subscribed);
    QSignalSpy disconnected(&subscriber, &RedisConnection::disconnected);
    subscriber.subscribe({"quiet"});
    subscriber.open();
    QTRY_COMPARE(subscribed.count(), 1);

    // A silent subscriber link PINGs and stays up while Redis answers.
    const quint64 writes = subscriber.writeCount();
    QTRY_VERIFY(subscriber.writeCount() >= writes + 3);
    QCOMPARE(disconnected.count(), 0);
    QVERIFY(subscriber.roundTripMs() >= 0);

    // Nothing closes the socket of a stopped server: only the unanswered
    // PING tells, within heartbeat interval + command timeout (+ a tick).
    m_server->pause();
    QElapsedTimer noticed;
    noticed.start();
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.count() == 1,
                             options.heartbeatIntervalMs + options.commandTimeoutMs + 1000);
    QVERIFY2(subscriber.errorString().contains(u"command timeout"_s),
             qPrintable(subscriber.errorString()));
    qInfo("half-open link noticed after %lld ms", noticed.elapsed());

    m_server->resume();
    QTRY_VERIFY_WITH_TIMEOUT(subscribed.count() == 2, 5000); // subscribed again
}

void TestRedisConnection::killedServerFailsPendingAndReconnects()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection connection(m_server->fastLink());
    connection.open();
    QTRY_VERIFY(connection.isConnected());
    QSignalSpy disconnected(&connection, &RedisConnection::disconnected);

    // Stopped first, so the command is surely still waiting when it dies.
    m_server->pause();
    std::optional<Result<RedisReply>> pending;
    connection.command({"INCR", "n"}, [&](const Result<RedisReply> &r) { pending = r; });
    QTRY_COMPARE(connection.writeCount() > 0 && connection.pendingCount() == 1, true);
    m_server->kill();
    QTRY_VERIFY(pending.has_value());
    QVERIFY(!pending->ok());
    QVERIFY2(pending->reason().contains(u"may or may not"_s), qPrintable(pending->reason()));
    QCOMPARE(disconnected.count(), 1);

    // While it is down, commands fail at once instead of waiting.
    const Result<RedisReply> whileDown = exec(connection, {"PING"});
    QVERIFY(!whileDown.ok());
    QVERIFY2(whileDown.reason().contains(u"not connected"_s), qPrintable(whileDown.reason()));

    QVERIFY_STATUS(m_server->start()); // the same port
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), 5000);
    QCOMPARE(exec(connection, {"INCR", "n"}).value(), RedisReply::integer(1));
}

void TestRedisConnection::commandsOfOneTurnShareOneWrite()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection connection(m_server->fastLink());
    connection.open();
    QTRY_VERIFY(connection.isConnected());
    QTRY_COMPARE(connection.pendingCount(), 0);

    constexpr int kCommands = 500;
    const quint64 before = connection.writeCount();
    QList<qint64> replies;
    for (int i = 0; i < kCommands; ++i) {
        connection.command({"INCR", "counter"}, [&replies](const Result<RedisReply> &reply) {
            replies.append(reply ? reply->integerValue() : -1);
        });
    }
    QCOMPARE(connection.writeCount(), before); // nothing written inside command()
    QTRY_COMPARE(replies.size(), kCommands);
    QCOMPARE(connection.writeCount() - before, 1u);
    for (int i = 0; i < kCommands; ++i)
        QCOMPARE(replies.at(i), qint64(i + 1)); // in the order issued

    // Two turns, two writes.
    const quint64 second = connection.writeCount();
    connection.command({"PING"});
    QTRY_COMPARE(connection.writeCount(), second + 1);
    connection.command({"PING"});
    connection.command({"PING"});
    QTRY_COMPARE(connection.writeCount(), second + 2);
}

void TestRedisConnection::subscriberReceivesInOrder()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection publisher(m_server->fastLink());
    RedisConnection::Options options = m_server->fastLink(RedisConnection::Mode::Subscriber);
    options.heartbeatIntervalMs = 5; // PINGs interleave with the messages
    RedisConnection subscriber(options);
    QSignalSpy subscribed(&subscriber, &RedisConnection::subscribed);
    QSignalSpy unsubscribed(&subscriber, &RedisConnection::unsubscribed);
    QSignalSpy messages(&subscriber, &RedisConnection::messageReceived);
    publisher.open();
    subscriber.open();
    subscriber.subscribe({"a", "b"});
    QTRY_COMPARE(subscribed.count(), 2);
    QTRY_VERIFY(publisher.isConnected());

    constexpr int kMessages = 400;
    for (int i = 0; i < kMessages; ++i)
        publisher.command({"PUBLISH", i % 2 ? "b" : "a", QByteArray::number(i)});
    QTRY_COMPARE(messages.count(), kMessages);
    for (int i = 0; i < kMessages; ++i) {
        QCOMPARE(messages.at(i).at(0).toByteArray(), QByteArray(i % 2 ? "b" : "a"));
        QCOMPARE(messages.at(i).at(1).toByteArray(), QByteArray::number(i));
    }
    QVERIFY(subscriber.isConnected());

    subscriber.unsubscribe({"a"});
    QTRY_COMPARE(unsubscribed.count(), 1);
    messages.clear();
    publisher.command({"PUBLISH", "a", "after"});
    publisher.command({"PUBLISH", "b", "end"});
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("end"));
    QCOMPARE(subscriber.channels(), QSet<QByteArray>{"b"});
}

void TestRedisConnection::patternSubscriptions()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection publisher(m_server->fastLink());
    RedisConnection subscriber(m_server->fastLink(RedisConnection::Mode::Subscriber));
    QSignalSpy subscribed(&subscriber, &RedisConnection::patternSubscribed);
    QSignalSpy messages(&subscriber, &RedisConnection::patternMessageReceived);
    publisher.open();
    subscriber.open();
    subscriber.psubscribe({"news.*"});
    QTRY_COMPARE(subscribed.count(), 1);
    QTRY_VERIFY(publisher.isConnected());
    publisher.command({"PUBLISH", "sport", "no"});
    publisher.command({"PUBLISH", "news.world", "yes"});
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.at(0),
             (QList<QVariant>{QByteArray("news.*"), QByteArray("news.world"), QByteArray("yes")}));
}

void TestRedisConnection::subscriberResubscribesAfterRestart()
{
    QVERIFY_STATUS(m_server->start());
    RedisConnection publisher(m_server->fastLink());
    RedisConnection subscriber(m_server->fastLink(RedisConnection::Mode::Subscriber));
    QSignalSpy subscribed(&subscriber, &RedisConnection::subscribed);
    QSignalSpy messages(&subscriber, &RedisConnection::messageReceived);
    publisher.open();
    subscriber.open();
    subscriber.subscribe({"a", "b"});
    QTRY_COMPARE(subscribed.count(), 2);

    m_server->kill();
    QTRY_VERIFY(!subscriber.isConnected());
    QVERIFY_STATUS(m_server->start());
    QTRY_VERIFY_WITH_TIMEOUT(subscribed.count() == 4, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(publisher.isConnected(), 5000);
    publisher.command({"PUBLISH", "b", "again"});
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("again"));
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
