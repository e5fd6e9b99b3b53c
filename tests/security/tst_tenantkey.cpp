// TenantKey: a tenant's channels live under keys no other tenant, and no
// tenantless client, can name (issue 5, "Tenants": two tenants using the
// same channel name never see each other's publications).

#include "tenantkey.h"

#include <QSet>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestTenantKey : public QObject
{
    Q_OBJECT

private slots:
    void mapsAndMapsBack_data();
    void mapsAndMapsBack();
    void tenantsNeverShareAKey();
    void refusesWhatCouldCollide_data();
    void refusesWhatCouldCollide();
    void belongsTo();
};

void TestTenantKey::mapsAndMapsBack_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("key");
    QTest::newRow("tenant") << u"acme"_s << u"memories"_s << u"acme\u001fmemories"_s;
    QTest::newRow("dotted") << u"acme.eu"_s << u"tenant.updates"_s
                            << u"acme.eu\u001ftenant.updates"_s;
    QTest::newRow("no tenant: the name itself") << QString() << u"memories"_s << u"memories"_s;
    QTest::newRow("non-ASCII tenant") << u"b\u00fccher"_s << u"x"_s << u"b\u00fccher\u001fx"_s;
}

void TestTenantKey::mapsAndMapsBack()
{
    QFETCH(QString, tenant);
    QFETCH(QString, channel);
    QFETCH(QString, key);
    const auto made = TenantKey::toKey(tenant, channel);
    QVERIFY2(made.ok(), qPrintable(made.reason()));
    QCOMPARE(*made, key);
    const TenantKey::Parts parts = TenantKey::fromKey(*made);
    QCOMPARE(parts.tenant, tenant);
    QCOMPARE(parts.channel, channel);
}

void TestTenantKey::tenantsNeverShareAKey()
{
    // Every pair of (tenant, channel) from names made to look alike.
    const QStringList tenants = {QString(), u"a"_s, u"a.b"_s, u"ab"_s, u"b"_s, u"a:b"_s};
    const QStringList channels = {u"b"_s, u"a.b"_s, u"b.c"_s, u"ab"_s, u"c"_s, u"a:b"_s};
    QSet<QString> keys;
    int made = 0;
    for (const QString &tenant : tenants) {
        for (const QString &channel : channels) {
            const auto key = TenantKey::toKey(tenant, channel);
            QVERIFY(key.ok());
            keys.insert(*key);
            ++made;
            QVERIFY(TenantKey::belongsTo(*key, tenant));
        }
    }
    QCOMPARE(keys.size(), made);
}

void TestTenantKey::refusesWhatCouldCollide_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("channel");
    QTest::newRow("channel holding the separator") << QString() << u"acme\u001fmemories"_s;
    QTest::newRow("tenant holding the separator") << u"ac\u001fme"_s << u"memories"_s;
    QTest::newRow("channel holding it, with a tenant") << u"acme"_s << u"x\u001fy"_s;
    QTest::newRow("tenant with a newline") << u"acme\n"_s << u"memories"_s;
}

void TestTenantKey::refusesWhatCouldCollide()
{
    QFETCH(QString, tenant);
    QFETCH(QString, channel);
    const auto key = TenantKey::toKey(tenant, channel);
    QVERIFY(!key.ok());
    QVERIFY(!key.reason().isEmpty());
}

void TestTenantKey::belongsTo()
{
    const QString key = *TenantKey::toKey(u"acme"_s, u"news"_s);
    QVERIFY(TenantKey::belongsTo(key, u"acme"_s));
    QVERIFY(!TenantKey::belongsTo(key, u"globex"_s));
    QVERIFY(!TenantKey::belongsTo(key, QString()));
    QVERIFY(TenantKey::belongsTo(u"news"_s, QString()));
    QVERIFY(!TenantKey::belongsTo(u"news"_s, u"acme"_s));
}

QTEST_APPLESS_MAIN(TestTenantKey)
#include "tst_tenantkey.moc"
