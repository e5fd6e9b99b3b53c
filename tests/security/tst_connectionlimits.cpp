// ConnectionLimits: per user (5), per tenant (100) and total, admitted or
// refused with a reason (the hub closes with 4004), released on disconnect.

#include "connectionlimits.h"
#include "testidentities.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestIdentities::anonymous;
using TestIdentities::verified;

class TestConnectionLimits : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFromConfig();
    void perUser();
    void perTenant();
    void total();
    void zeroMeansNoLimit();
    void usersOfOtherTenantsAreOtherUsers();
    void anonymousCannotUseUpAVerifiedUsersSlots();
    void releaseOfUnknownDoesNothing();
    void refusalCountsNothing();
    void threadsAdmitAndRelease();
};

void TestConnectionLimits::defaultsFromConfig()
{
    const auto limits = ConnectionLimits::Limits::from(SecurityConfig());
    QCOMPARE(limits.perUser, 5);
    QCOMPARE(limits.perTenant, 100);
    QCOMPARE(limits.total, 10000);
}

void TestConnectionLimits::perUser()
{
    ConnectionLimits limits({0, 5, 0});
    const Identity alice = verified(u"alice"_s);
    for (int i = 0; i < 5; ++i)
        QVERIFY(limits.admit(alice).ok());
    const Status sixth = limits.admit(alice);
    QVERIFY(!sixth.ok());
    QVERIFY2(sixth.reason().contains(u"user"_s), qPrintable(sixth.reason()));
    // A WebSocket close reason holds at most 123 bytes.
    QVERIFY(sixth.reason().toUtf8().size() <= 123);
    QVERIFY(limits.admit(verified(u"bob"_s)).ok());
    limits.release(alice);
    QVERIFY(limits.admit(alice).ok());
    QCOMPARE(limits.userConnections(alice), 5);
}

void TestConnectionLimits::perTenant()
{
    ConnectionLimits limits({0, 0, 100});
    for (int i = 0; i < 100; ++i)
        QVERIFY(limits.admit(verified(QString::number(i), u"acme"_s)).ok());
    const Status over = limits.admit(verified(u"late"_s, u"acme"_s));
    QVERIFY(!over.ok());
    QVERIFY2(over.reason().contains(u"tenant"_s), qPrintable(over.reason()));
    QVERIFY(limits.admit(verified(u"late"_s, u"globex"_s)).ok());
    QVERIFY(limits.admit(verified(u"late"_s)).ok()); // no tenant: no tenant limit
    QCOMPARE(limits.tenantConnections(u"acme"_s), 100);
    limits.release(verified(u"7"_s, u"acme"_s));
    QCOMPARE(limits.tenantConnections(u"acme"_s), 99);
    QVERIFY(limits.admit(verified(u"late"_s, u"acme"_s)).ok());
}

void TestConnectionLimits::total()
{
    ConnectionLimits limits({3, 0, 0});
    QVERIFY(limits.admit(verified(u"a"_s)).ok());
    QVERIFY(limits.admit(verified(u"b"_s, u"t"_s)).ok());
    QVERIFY(limits.admit(anonymous(u"c"_s)).ok());
    const Status over = limits.admit(verified(u"d"_s));
    QVERIFY(!over.ok());
    QVERIFY2(over.reason().contains(u"hub"_s), qPrintable(over.reason()));
    QCOMPARE(limits.total(), 3);
    limits.release(verified(u"b"_s, u"t"_s));
    QCOMPARE(limits.total(), 2);
    QVERIFY(limits.admit(verified(u"d"_s)).ok());
}

void TestConnectionLimits::zeroMeansNoLimit()
{
    ConnectionLimits limits({0, 0, 0});
    for (int i = 0; i < 1000; ++i)
        QVERIFY(limits.admit(verified(u"alice"_s, u"acme"_s)).ok());
    QCOMPARE(limits.total(), 1000);
}

void TestConnectionLimits::usersOfOtherTenantsAreOtherUsers()
{
    ConnectionLimits limits({0, 1, 0});
    QVERIFY(limits.admit(verified(u"alice"_s, u"acme"_s)).ok());
    QVERIFY(limits.admit(verified(u"alice"_s, u"globex"_s)).ok());
    QVERIFY(limits.admit(verified(u"alice"_s)).ok());
    QVERIFY(!limits.admit(verified(u"alice"_s, u"acme"_s)).ok());
}

void TestConnectionLimits::anonymousCannotUseUpAVerifiedUsersSlots()
{
    ConnectionLimits limits({0, 2, 0});
    const Identity impostor = anonymous(u"alice"_s);
    QVERIFY(limits.admit(impostor).ok());
    QVERIFY(limits.admit(impostor).ok());
    QVERIFY(!limits.admit(impostor).ok());
    QVERIFY(limits.admit(verified(u"alice"_s)).ok());
    QVERIFY(limits.admit(verified(u"alice"_s)).ok());
}

void TestConnectionLimits::releaseOfUnknownDoesNothing()
{
    ConnectionLimits limits({2, 0, 0});
    QVERIFY(limits.admit(verified(u"a"_s)).ok());
    limits.release(verified(u"never"_s));
    limits.release(verified(u"never"_s, u"acme"_s));
    QCOMPARE(limits.total(), 1);
    limits.release(verified(u"a"_s));
    limits.release(verified(u"a"_s));
    QCOMPARE(limits.total(), 0);
    QCOMPARE(limits.userConnections(verified(u"a"_s)), 0);
}

void TestConnectionLimits::refusalCountsNothing()
{
    ConnectionLimits limits({0, 1, 1});
    QVERIFY(limits.admit(verified(u"a"_s, u"t"_s)).ok());
    QVERIFY(!limits.admit(verified(u"b"_s, u"t"_s)).ok()); // tenant full
    QCOMPARE(limits.userConnections(verified(u"b"_s, u"t"_s)), 0);
    QCOMPARE(limits.total(), 1);
}

void TestConnectionLimits::threadsAdmitAndRelease()
{
    ConnectionLimits limits({0, 0, 0});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&limits, t] {
            const Identity identity = verified(u"u%1"_s.arg(t % 2), u"acme"_s);
            for (int i = 0; i < 5000; ++i) {
                if (limits.admit(identity).ok())
                    limits.release(identity);
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(limits.total(), 0);
    QCOMPARE(limits.tenantConnections(u"acme"_s), 0);
}

QTEST_APPLESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
