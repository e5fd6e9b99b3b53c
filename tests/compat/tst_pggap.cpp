// What the PostgreSQL bridge can say about notifications sent while its link
// was down (seed 004): NOTIFY keeps nothing for a session that is not
// listening, but every notifying transaction holds a transaction id, so
// the transaction counter before and after bounds what was missed.

#include <pggap.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Herald::PgGap;
using Herald::PgPosition;

class TestPgGap : public QObject
{
    Q_OBJECT

private slots:
    void snapshots_data();
    void snapshots();
    void assessments_data();
    void assessments();
    void eventDataDescribesItself();
};

void TestPgGap::snapshots_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("xmax");
    QTest::addColumn<QList<quint64>>("running");
    QTest::newRow("idle") << u"725:725:"_s << true << quint64(725) << QList<quint64>{};
    QTest::newRow("two running") << u"720:730:721,724"_s << true << quint64(730)
                                 << QList<quint64>{721, 724};
    QTest::newRow("64-bit ids") << u"4294967300:4294967310:"_s << true << quint64(4294967310)
                                << QList<quint64>{};
    QTest::newRow("garbage") << u"hello"_s << false << quint64(0) << QList<quint64>{};
    QTest::newRow("xmax below xmin") << u"10:5:"_s << false << quint64(0) << QList<quint64>{};
    QTest::newRow("bad running id") << u"1:5:x"_s << false << quint64(0) << QList<quint64>{};
}

void TestPgGap::snapshots()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(quint64, xmax);
    QFETCH(QList<quint64>, running);
    const auto position = PgPosition::fromSnapshot(text);
    QCOMPARE(bool(position), valid);
    if (valid) {
        QCOMPARE(position->xmax, xmax);
        QCOMPARE(position->inProgress, running);
    }
}

namespace {

PgPosition at(quint64 xmax, QList<quint64> running = {}, QString system = u"sys1"_s,
              QString start = u"t0"_s)
{
    PgPosition position;
    position.xmax = xmax;
    position.inProgress = std::move(running);
    position.systemId = std::move(system);
    position.serverStart = std::move(start);
    return position;
}

} // namespace

void TestPgGap::assessments_data()
{
    QTest::addColumn<PgPosition>("before");
    QTest::addColumn<PgPosition>("after");
    QTest::addColumn<int>("committedOfRunning"); // -1: unknown
    QTest::addColumn<int>("possiblyLost");       // -1: cannot tell, 0, 1
    QTest::addColumn<int>("transactions");       // -1: unknown
    QTest::addColumn<int>("restarted");          // -1: unknown, 0, 1

    QTest::newRow("nothing happened") << at(100) << at(100) << 0 << 0 << 0 << 0;
    QTest::newRow("restart, nothing written")
        << at(100) << at(100, {}, u"sys1"_s, u"t1"_s) << 0 << 0 << 0 << 1;
    QTest::newRow("three transactions") << at(100) << at(103) << 0 << 1 << 3 << 0;
    // Running before the loss and committed while nobody listened: its
    // NOTIFY is lost although the counter did not move.
    QTest::newRow("long transaction committed meanwhile")
        << at(100, {98}) << at(100) << 1 << 1 << 1 << 0;
    QTest::newRow("long transaction aborted meanwhile")
        << at(100, {98}) << at(100) << 0 << 0 << 0 << 0;
    QTest::newRow("running outcome unknown counts")
        << at(100, {97, 98}) << at(101) << -1 << 1 << 3 << 0;
    QTest::newRow("another cluster") << at(100) << at(500, {}, u"sys2"_s) << 0 << -1 << -1 << 0;
    QTest::newRow("counter went backwards") << at(100) << at(50) << 0 << -1 << -1 << 0;
    QTest::newRow("no position before") << PgPosition() << at(100) << 0 << -1 << -1 << -1;
    QTest::newRow("system id unknown on one side")
        << at(100, {}, QString()) << at(102) << 0 << 1 << 2 << 0;
}

void TestPgGap::assessments()
{
    QFETCH(PgPosition, before);
    QFETCH(PgPosition, after);
    QFETCH(int, committedOfRunning);
    QFETCH(int, possiblyLost);
    QFETCH(int, transactions);
    QFETCH(int, restarted);
    const PgGap gap = PgGap::assess(
        before, after,
        committedOfRunning < 0 ? std::nullopt : std::optional<quint64>(committedOfRunning), 1000,
        3500, u"the server closed the connection"_s);
    QCOMPARE(gap.possiblyLost.has_value(), possiblyLost >= 0);
    if (possiblyLost >= 0)
        QCOMPARE(*gap.possiblyLost, possiblyLost == 1);
    QCOMPARE(gap.transactions.has_value(), transactions >= 0);
    if (transactions >= 0)
        QCOMPARE(*gap.transactions, quint64(transactions));
    QCOMPARE(gap.serverRestarted.has_value(), restarted >= 0);
    if (restarted >= 0)
        QCOMPARE(*gap.serverRestarted, restarted == 1);
    QVERIFY(!gap.detail.isEmpty());
}

void TestPgGap::eventDataDescribesItself()
{
    const PgGap gap = PgGap::assess(at(100), at(102), 0, 0, 1500, u"terminated"_s);
    const QJsonObject data = gap.toJson(u"bridge.gap"_s, u"postgresql"_s, {u"messages_channel"_s});
    QCOMPARE(data.value("type"_L1).toString(), u"bridge.gap"_s);
    QCOMPARE(data.value("bridge"_L1).toString(), u"postgresql"_s);
    QCOMPARE(data.value("possibly_lost"_L1), QJsonValue(true));
    QCOMPARE(data.value("transactions"_L1).toInt(), 2);
    QCOMPARE(data.value("server_restarted"_L1), QJsonValue(false));
    QCOMPARE(data.value("down_ms"_L1).toInt(), 1500);
    QCOMPARE(data.value("down_at"_L1).toString(), u"1970-01-01T00:00:00.000Z"_s);
    QCOMPARE(data.value("reason"_L1).toString(), u"terminated"_s);
    QCOMPARE(data.value("pg_channels"_L1).toArray().size(), 1);

    const PgGap unknown = PgGap::assess(PgPosition(), at(1), 0, 0, 0, QString());
    const QJsonObject unknownData = unknown.toJson(u"bridge.gap"_s, u"pg"_s, {});
    QVERIFY(unknownData.value("possibly_lost"_L1).isNull());
    QVERIFY(unknownData.value("transactions"_L1).isNull());
}

QTEST_APPLESS_MAIN(TestPgGap)
#include "tst_pggap.moc"
