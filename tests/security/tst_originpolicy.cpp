// OriginPolicy: the Origin allow-list of the WebSocket handshake (issue 5,
// "Limits": refused with HTTP 403).

#include "originpolicy.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestOriginPolicy : public QObject
{
    Q_OBJECT

private slots:
    void allows_data();
    void allows();
    void emptyListAllowsAny();
    void starAllowsAny();
    void createRefusesBadEntries_data();
    void createRefusesBadEntries();
};

void TestOriginPolicy::allows_data()
{
    QTest::addColumn<QString>("origin");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("listed") << u"https://app.example.com"_s << true;
    QTest::newRow("case folded") << u"HTTPS://App.Example.COM"_s << true;
    QTest::newRow("default port spelt out") << u"https://app.example.com:443"_s << true;
    QTest::newRow("listed with port") << u"http://localhost:5173"_s << true;
    QTest::newRow("other port") << u"http://localhost:5174"_s << false;
    QTest::newRow("other scheme") << u"http://app.example.com"_s << false;
    QTest::newRow("subdomain") << u"https://evil.app.example.com"_s << false;
    QTest::newRow("suffix trick") << u"https://app.example.com.evil.net"_s << false;
    QTest::newRow("null origin") << u"null"_s << false;
    QTest::newRow("file origin") << u"file://"_s << false;
    QTest::newRow("no Origin header: not a browser") << QString() << true;
}

void TestOriginPolicy::allows()
{
    QFETCH(QString, origin);
    QFETCH(bool, allowed);
    const auto policy = OriginPolicy::create(
        QStringList{u"https://app.example.com/"_s, u"http://localhost:5173"_s});
    QVERIFY2(policy.ok(), qPrintable(policy.reason()));
    QCOMPARE(policy->allows(origin), allowed);
}

void TestOriginPolicy::emptyListAllowsAny()
{
    const auto policy = OriginPolicy::create(SecurityConfig());
    QVERIFY(policy.ok());
    QVERIFY(policy->allows(u"https://anywhere.example"_s));
}

void TestOriginPolicy::starAllowsAny()
{
    const auto policy = OriginPolicy::create(QStringList{u"https://a.example"_s, u"*"_s});
    QVERIFY(policy.ok());
    QVERIFY(policy->allows(u"https://b.example"_s));
}

void TestOriginPolicy::createRefusesBadEntries_data()
{
    QTest::addColumn<QString>("entry");
    QTest::newRow("no scheme") << u"app.example.com"_s;
    QTest::newRow("ws scheme") << u"ws://app.example.com"_s;
    QTest::newRow("with a path") << u"https://app.example.com/app"_s;
    QTest::newRow("with user info") << u"https://user@app.example.com"_s;
    QTest::newRow("wildcard host") << u"https://*.example.com"_s;
}

void TestOriginPolicy::createRefusesBadEntries()
{
    QFETCH(QString, entry);
    const auto policy = OriginPolicy::create(QStringList{entry});
    QVERIFY(!policy.ok());
    QVERIFY(policy.reason().contains(entry));
}

QTEST_APPLESS_MAIN(TestOriginPolicy)
#include "tst_originpolicy.moc"
