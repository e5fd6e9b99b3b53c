// TokenBucket: the arithmetic of the per-connection rate limit, driven by
// a clock the test owns (issue 5: 1000 frames/s with a burst of 2000 by
// default, seed 001's 100 frames/min as the strict example).

#include "tokenbucket.h"

#include <QTest>

#include <limits>

using namespace Herald;
using namespace std::chrono_literals;

class TestTokenBucket : public QObject
{
    Q_OBJECT

private slots:
    void startsFullWithTheBurst();
    void refillsAtTheRate_data();
    void refillsAtTheRate();
    void neverHoldsMoreThanTheBurst();
    void refusedTakesNothing();
    void clockSteppingBackGivesNothing();
    void longPauseDoesNotOverflow();
    void msUntil();
    void takesSeveralAtOnce();
};

void TestTokenBucket::startsFullWithTheBurst()
{
    TokenBucket bucket(1000, 1s, 2000, 0);
    QCOMPARE(bucket.available(0), 2000);
    for (int i = 0; i < 2000; ++i)
        QVERIFY(bucket.tryTake(0));
    QVERIFY(!bucket.tryTake(0));
    QCOMPARE(bucket.available(0), 0);
}

void TestTokenBucket::refillsAtTheRate_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("periodMs");
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("1000/s after 1 ms") << 1000LL << 1000LL << 1LL << 1LL;
    QTest::newRow("1000/s after 250 ms") << 1000LL << 1000LL << 250LL << 250LL;
    QTest::newRow("100/min after 599 ms") << 100LL << 60000LL << 599LL << 0LL;
    QTest::newRow("100/min after 600 ms") << 100LL << 60000LL << 600LL << 1LL;
    QTest::newRow("100/min after 30 s") << 100LL << 60000LL << 30000LL << 50LL;
    QTest::newRow("3/s after 333 ms") << 3LL << 1000LL << 333LL << 0LL;
    QTest::newRow("3/s after 334 ms") << 3LL << 1000LL << 334LL << 1LL;
    QTest::newRow("3/s after 1 s") << 3LL << 1000LL << 1000LL << 3LL;
}

void TestTokenBucket::refillsAtTheRate()
{
    QFETCH(qint64, count);
    QFETCH(qint64, periodMs);
    QFETCH(qint64, elapsedMs);
    QFETCH(qint64, expected);
    const qint64 burst = 1000;
    TokenBucket bucket(count, std::chrono::milliseconds(periodMs), burst, 0);
    QVERIFY(bucket.tryTake(0, burst));
    QCOMPARE(bucket.available(elapsedMs), expected);
}

void TestTokenBucket::neverHoldsMoreThanTheBurst()
{
    TokenBucket bucket(1000, 1s, 50, 0);
    QVERIFY(bucket.tryTake(0, 50));
    QCOMPARE(bucket.available(10'000), 50);
    QVERIFY(!bucket.tryTake(10'000, 51));
}

void TestTokenBucket::refusedTakesNothing()
{
    TokenBucket bucket(10, 1s, 5, 0);
    QVERIFY(bucket.tryTake(0, 3));
    QVERIFY(!bucket.tryTake(0, 3));
    QCOMPARE(bucket.available(0), 2);
}

void TestTokenBucket::clockSteppingBackGivesNothing()
{
    TokenBucket bucket(1000, 1s, 10, 1000);
    QVERIFY(bucket.tryTake(1000, 10));
    QCOMPARE(bucket.available(500), 0);
    // Time lost going back is not credited twice on the way forward.
    QCOMPARE(bucket.available(1005), 5);
}

void TestTokenBucket::longPauseDoesNotOverflow()
{
    TokenBucket bucket(1'000'000, 1ms, 1'000'000, 0);
    QVERIFY(bucket.tryTake(0, 1'000'000));
    QCOMPARE(bucket.available(std::numeric_limits<qint64>::max() / 2), 1'000'000);
}

void TestTokenBucket::msUntil()
{
    TokenBucket bucket(100, 60s, 10, 0);
    QCOMPARE(bucket.msUntil(0), 0);
    QVERIFY(bucket.tryTake(0, 10));
    QCOMPARE(bucket.msUntil(0), 600);
    QCOMPARE(bucket.msUntil(100), 500);
    QCOMPARE(bucket.msUntil(100, 2), 1100);
    QCOMPARE(bucket.msUntil(100, 11), -1);
}

void TestTokenBucket::takesSeveralAtOnce()
{
    TokenBucket bucket(1000, 1s, 2000, 0);
    QVERIFY(bucket.tryTake(0, 1500));
    QVERIFY(!bucket.tryTake(0, 501));
    QVERIFY(bucket.tryTake(0, 500));
    QVERIFY(!bucket.tryTake(0, -1));
}

QTEST_APPLESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
