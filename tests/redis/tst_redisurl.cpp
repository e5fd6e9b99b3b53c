// RedisUrl: the `--redis redis://[:password@]host:port[/db]` forms of
// issue 6, and every way such a URL can be wrong.

#include <redisurl.h>

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestRedisUrl : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void displayStringHidesThePassword();
};

void TestRedisUrl::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("db");

    QTest::newRow("host and port")
        << u"redis://127.0.0.1:6379"_s << u"127.0.0.1"_s << 6379 << QString() << QString() << 0;
    QTest::newRow("default port and db") << u"redis://redis.internal"_s << u"redis.internal"_s
                                         << 6379 << QString() << QString() << 0;
    QTest::newRow("password only") << u"redis://:secret@10.0.0.5:7000/3"_s << u"10.0.0.5"_s << 7000
                                   << QString() << u"secret"_s << 3;
    QTest::newRow("ACL user, escaped password")
        << u"redis://alice:s3cr%40t@redis.internal:6380/0"_s << u"redis.internal"_s << 6380
        << u"alice"_s << u"s3cr@t"_s << 0;
    QTest::newRow("IPv6") << u"redis://[::1]:6390/2"_s << u"::1"_s << 6390 << QString() << QString()
                          << 2;
    QTest::newRow("surrounding blanks")
        << u"  redis://h:1/15 "_s << u"h"_s << 1 << QString() << QString() << 15;
    QTest::newRow("trailing slash")
        << u"redis://h:1/"_s << u"h"_s << 1 << QString() << QString() << 0;
}

void TestRedisUrl::parses()
{
    QFETCH(QString, text);
    const Result<RedisUrl> url = RedisUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.reason()));
    QTEST(url->host, "host");
    QTEST(int(url->port), "port");
    QTEST(url->username, "username");
    QTEST(url->password, "password");
    QTEST(url->db, "db");
}

void TestRedisUrl::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason"); // a part of the reason given

    QTest::newRow("empty") << QString() << u"empty"_s;
    QTest::newRow("other scheme") << u"http://h:6379"_s << u"scheme must be redis://"_s;
    QTest::newRow("TLS") << u"rediss://h:6379"_s << u"not supported"_s;
    QTest::newRow("no host") << u"redis://"_s << u"no host"_s;
    QTest::newRow("port zero") << u"redis://h:0"_s << u"out of range"_s;
    QTest::newRow("port too large") << u"redis://h:99999"_s << u"not a valid URL"_s;
    QTest::newRow("db not a number") << u"redis://h/cache"_s << u"database number"_s;
    QTest::newRow("negative db") << u"redis://h/-1"_s << u"database number"_s;
    QTest::newRow("user without password") << u"redis://alice@h"_s << u"needs a password"_s;
    QTest::newRow("query") << u"redis://h?db=2"_s << u"query"_s;
}

void TestRedisUrl::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const Result<RedisUrl> url = RedisUrl::parse(text);
    QVERIFY(!url.ok());
    QVERIFY2(url.reason().contains(reason), qPrintable(url.reason()));
}

void TestRedisUrl::displayStringHidesThePassword()
{
    const Result<RedisUrl> url = RedisUrl::parse(u"redis://alice:hunter2@h:7000/4"_s);
    QVERIFY(url.ok());
    const QString shown = url->toDisplayString();
    QVERIFY2(!shown.contains(u"hunter2"_s), qPrintable(shown));
    QCOMPARE(shown, u"redis://alice:***@h:7000/4"_s);
    QCOMPARE(RedisUrl::parse(shown)->host, u"h"_s); // still a URL
}

QTEST_APPLESS_MAIN(TestRedisUrl)
#include "tst_redisurl.moc"
