// RateLimiter: allow within the bucket, refuse (`rate_limited`) over it,
// close (4002) on persistent abuse (issue 5, "Limits").

#include "ratelimiter.h"

#include <QTest>

using namespace Herald;
using namespace std::chrono_literals;
using Verdict = RateLimiter::Verdict;

namespace {

RateLimiter::Options options(int rate, int burst, int abuseThreshold,
                             std::chrono::milliseconds abuseWindow = 10s)
{
    return {rate, 1s, burst, abuseThreshold, abuseWindow};
}

// Sends `frames` at one instant; counts each verdict.
struct Tally
{
    int allowed = 0;
    int refused = 0;
    int closed = 0;
};

Tally send(RateLimiter &limiter, int frames, qint64 nowMs)
{
    Tally tally;
    for (int i = 0; i < frames; ++i) {
        switch (limiter.onFrame(nowMs)) {
        case Verdict::Allow:
            ++tally.allowed;
            break;
        case Verdict::Refuse:
            ++tally.refused;
            break;
        case Verdict::Close:
            ++tally.closed;
            break;
        }
    }
    return tally;
}

} // namespace

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void defaultsLetAFeedThrough();
    void refusesOverTheBurst();
    void closesOnPersistentAbuse();
    void closeIsFinal();
    void backingOffAvoidsTheClose();
    void steadyOvershootIsClosedInTime();
    void zeroRateMeansNoLimit();
    void zeroThresholdNeverCloses();
    void seed001StrictExample();
};

void TestRateLimiter::defaultsLetAFeedThrough()
{
    // A backend publishing 1000 frames/s for a minute, 1 ms apart.
    RateLimiter limiter(RateLimiter::Options::from(SecurityConfig()), 0);
    for (qint64 ms = 0; ms < 60'000; ++ms)
        QCOMPARE(limiter.onFrame(ms), Verdict::Allow);
    // And it may burst 2000 at once after a quiet second.
    const Tally burst = send(limiter, 2000, 62'000);
    QCOMPARE(burst.allowed, 2000);
}

void TestRateLimiter::refusesOverTheBurst()
{
    RateLimiter limiter(options(10, 20, 100), 0);
    const Tally tally = send(limiter, 25, 0);
    QCOMPARE(tally.allowed, 20);
    QCOMPARE(tally.refused, 5);
    QCOMPARE(tally.closed, 0);
    QCOMPARE(limiter.onFrame(100), Verdict::Allow); // 100 ms at 10/s: one more
    QCOMPARE(limiter.onFrame(100), Verdict::Refuse);
}

void TestRateLimiter::closesOnPersistentAbuse()
{
    RateLimiter limiter(options(10, 20, 100), 0);
    const Tally tally = send(limiter, 20 + 100 + 1, 0);
    QCOMPARE(tally.allowed, 20);
    QCOMPARE(tally.refused, 100);
    QCOMPARE(tally.closed, 1);
}

void TestRateLimiter::closeIsFinal()
{
    RateLimiter limiter(options(10, 1, 1), 0);
    QCOMPARE(limiter.onFrame(0), Verdict::Allow);
    QCOMPARE(limiter.onFrame(0), Verdict::Refuse);
    QCOMPARE(limiter.onFrame(0), Verdict::Close);
    QCOMPARE(limiter.onFrame(1'000'000), Verdict::Close);
}

void TestRateLimiter::backingOffAvoidsTheClose()
{
    // Overshoots by 50 every 10 s window and then waits: refused, never closed.
    RateLimiter limiter(options(10, 20, 100, 10s), 0);
    qint64 now = 0;
    for (int round = 0; round < 20; ++round) {
        const Tally tally = send(limiter, 70, now);
        QCOMPARE(tally.closed, 0);
        QCOMPARE(tally.refused, 50);
        now += 10'000;
    }
}

void TestRateLimiter::steadyOvershootIsClosedInTime()
{
    // Twice the allowed rate, for as long as it takes: 20 frames/s against
    // 10/s refuses 10 a second; 100 refusals per 10 s refill exactly that,
    // so 30 a second (20 refused) must end in a close.
    RateLimiter limiter(options(10, 10, 100, 10s), 0);
    bool closed = false;
    int refused = 0;
    for (qint64 ms = 0; ms < 120'000 && !closed; ms += 33) {
        const Verdict verdict = limiter.onFrame(ms);
        refused += verdict == Verdict::Refuse;
        closed = verdict == Verdict::Close;
    }
    QVERIFY(closed);
    QVERIFY(refused > 100);
}

void TestRateLimiter::zeroRateMeansNoLimit()
{
    RateLimiter limiter(options(0, 0, 10), 0);
    QCOMPARE(send(limiter, 100'000, 0).allowed, 100'000);
}

void TestRateLimiter::zeroThresholdNeverCloses()
{
    RateLimiter limiter(options(1, 1, 0), 0);
    const Tally tally = send(limiter, 10'000, 0);
    QCOMPARE(tally.allowed, 1);
    QCOMPARE(tally.refused, 9'999);
    QCOMPARE(tally.closed, 0);
}

void TestRateLimiter::seed001StrictExample()
{
    // Seed 001: "Max messages per connection: 100/minute".
    RateLimiter limiter({100, 60s, 100, 20, 60s}, 0);
    QCOMPARE(send(limiter, 100, 0).allowed, 100);
    QCOMPARE(limiter.onFrame(599), Verdict::Refuse);
    QCOMPARE(limiter.onFrame(600), Verdict::Allow);
}

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
