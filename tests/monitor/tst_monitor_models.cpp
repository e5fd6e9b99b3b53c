// The monitor's models and their parts, apart from any hub or widget
// (issue 4: "models testable apart from the widgets"): snapshots and the
// rates between them, incremental table updates, presence, the batched
// tail, the rate history, JSON and name checks, the channel filter, and
// the recent hubs list.

#include "channelfilter.h"
#include "channelsmodel.h"
#include "connectionsmodel.h"
#include "hubrates.h"
#include "jsontext.h"
#include "modelrole.h"
#include "presencemodel.h"
#include "publishcheck.h"
#include "ratesmodel.h"
#include "recenthubs.h"
#include "statssnapshot.h"
#include "tailmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;
using namespace Herald::Monitor;
using namespace Qt::StringLiterals;

namespace {

const QString kStarted = u"2026-11-22T10:00:00.000Z"_s;

QJsonObject channelJson(const QString &name, quint64 published, int subscribers = 1,
                        const QString &epoch = u"e1"_s)
{
    return QJsonObject{{u"name"_s, name},
                       {u"epoch"_s, epoch},
                       {u"subscribers"_s, subscribers},
                       {u"last_seq"_s, double(published)},
                       {u"published"_s, double(published)},
                       {u"last_activity"_s, u"2026-11-22T10:01:00.000Z"_s}};
}

// A stats snapshot's data as the hub publishes it (docs/protocol.md).
QJsonObject statsJson(qint64 uptimeMs, quint64 publications, const QJsonArray &channels,
                      const QString &startedAt = kStarted)
{
    const QJsonObject hub{
        {u"version"_s, u"0.1.0"_s},
        {u"started_at"_s, startedAt},
        {u"uptime_ms"_s, double(uptimeMs)},
        {u"threads"_s, 2},
        {u"connections"_s, 3},
        {u"channels"_s, channels.size()},
        {u"connections_accepted"_s, 7},
        {u"messages_in"_s, double(publications + 10)},
        {u"messages_out"_s, 480},
        {u"bytes_in"_s, double(publications * 100)},
        {u"bytes_out"_s, 52000},
        {u"publications"_s, double(publications)},
        {u"deliveries"_s, double(publications * 4)},
        {u"backplane"_s, QJsonObject{{u"kind"_s, u"memory"_s}, {u"up"_s, true}, {u"lag_ms"_s, 0}}}};
    return QJsonObject{{u"hub"_s, hub}, {u"channels"_s, channels}};
}

StatsSnapshot snapshot(qint64 uptimeMs, quint64 publications, const QJsonArray &channels,
                       const QString &startedAt = kStarted)
{
    return StatsSnapshot::fromJson(statsJson(uptimeMs, publications, channels, startedAt),
                                   QDateTime::fromMSecsSinceEpoch(1'790'000'000'000 + uptimeMs));
}

Message message(quint64 seq, const QString &event = u"message"_s, const QString &user = u"u1"_s)
{
    Message m;
    m.setChannel(u"news"_s);
    m.setSeq(seq);
    m.setType(event);
    m.setSender(Member(user, user.toUpper()));
    m.setTimestamp(QDateTime::currentDateTimeUtc());
    m.setData(QJsonObject{{u"n"_s, double(seq)}});
    return m;
}

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.append(model.index(row, column).data().toString());
    return values;
}

} // namespace

class TestMonitorModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(u"HeraldTests"_s);
        QCoreApplication::setApplicationName(u"tst_monitor_models"_s);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    }

    // docs/protocol.md, "$sys.stats": every field the monitor shows.
    void snapshotReadsTheHubsFields()
    {
        const StatsSnapshot s = snapshot(61000, 100, {channelJson(u"room"_s, 100, 2)});
        QVERIFY(s.isValid());
        QCOMPARE(s.version, u"0.1.0"_s);
        QCOMPARE(s.startedAt, QDateTime::fromString(kStarted, Qt::ISODateWithMs));
        QCOMPARE(s.uptimeMs, 61000);
        QCOMPARE(s.connections, 3);
        QCOMPARE(s.channelCount, 1);
        QCOMPARE(s.publications, 100u);
        QCOMPARE(s.deliveries, 400u);
        QCOMPARE(s.backplaneKind, u"memory"_s);
        QVERIFY(s.backplaneUp);
        QCOMPARE(s.channels.size(), 1);
        QCOMPARE(s.channels.first().name, u"room"_s);
        QCOMPARE(s.channels.first().subscribers, 2);
        QCOMPARE(s.channels.first().published, 100u);
        QVERIFY(s.channels.first().lastActivity.isValid());
        QVERIFY(!StatsSnapshot::fromJson({}, QDateTime()).isValid());
    }

    // "Rates are the difference between two snapshots", over the hub's
    // uptime; a channel made or reset in between counts from zero.
    void ratesBetweenSnapshots()
    {
        const StatsSnapshot before =
            snapshot(10000, 100,
                     {channelJson(u"a"_s, 50), channelJson(u"b"_s, 50), channelJson(u"gone"_s, 7)});
        const StatsSnapshot after =
            snapshot(12000, 160,
                     {channelJson(u"a"_s, 90), channelJson(u"b"_s, 4, 1, u"e2"_s),
                      channelJson(u"new"_s, 16)});
        const HubRates r = HubRates::between(before, after);
        QVERIFY(r.valid);
        QCOMPARE(r.publicationsIn, 30.0);
        QCOMPARE(r.deliveriesOut, 120.0);
        QCOMPARE(r.bytesIn, 3000.0);
        QCOMPARE(r.channels.value(u"a"_s), 20.0);
        QCOMPARE(r.channels.value(u"b"_s), 2.0);   // a new epoch: all of it is new
        QCOMPARE(r.channels.value(u"new"_s), 8.0); // made in between
        QVERIFY(!r.channels.contains(u"gone"_s));
    }

    void noRatesAcrossARestart()
    {
        const StatsSnapshot before = snapshot(10000, 100, {});
        QVERIFY(
            !HubRates::between(before, snapshot(500, 3, {}, u"2026-11-22T11:00:00.000Z"_s)).valid);
        QVERIFY(!HubRates::between(before, before).valid);
        QVERIFY(!HubRates::between(StatsSnapshot(), before).valid);
    }

    // "No per-message full-table resets": rows that stay are updated in
    // place, new ones inserted, vanished ones removed; never a reset.
    void channelsUpdateInPlace()
    {
        ChannelsModel model;
        QAbstractItemModelTester tester(&model);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        const StatsSnapshot first =
            snapshot(1000, 10, {channelJson(u"a"_s, 5), channelJson(u"b"_s, 5)});
        model.update(first, {});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserts.count(), 1);

        const StatsSnapshot second =
            snapshot(2000, 14, {channelJson(u"b"_s, 9, 3), channelJson(u"c"_s, 1)});
        model.update(second, HubRates::between(first, second));
        QCOMPARE(column(model, ChannelsModel::Name), (QStringList{u"b"_s, u"c"_s}));
        QCOMPARE(removes.count(), 1);
        QCOMPARE(inserts.count(), 2);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(resets.count(), 0);
        const int b = model.rowOf(u"b"_s);
        QCOMPARE(model.index(b, ChannelsModel::Subscribers).data().toString(), u"3"_s);
        QCOMPARE(model.index(b, ChannelsModel::Rate).data(SortRole).toDouble(), 4.0);
        QCOMPARE(model.index(b, ChannelsModel::Total).data(SortRole).toULongLong(), 9u);
        QCOMPARE(model.index(b, ChannelsModel::LastSeq).data(SortRole).toULongLong(), 9u);
        QCOMPARE(model.index(b, ChannelsModel::Name).data(KeyRole).toString(), u"b"_s);

        // The same snapshot again changes nothing.
        model.update(second, HubRates::between(first, second));
        QCOMPARE(changes.count(), 1);
    }

    void connectionsFromAdminReply()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model);
        const QJsonObject ada{
            {u"id"_s, u"c-1"_s},         {u"user_id"_s, u"ada"_s},
            {u"user_name"_s, u"Ada"_s},  {u"tenant"_s, u"acme"_s},
            {u"peer"_s, u"127.0.0.1"_s}, {u"dialect"_s, u"herald"_s},
            {u"subscriptions"_s, 2},     {u"messages_in"_s, 12},
            {u"messages_out"_s, 30},     {u"connected_at"_s, u"2026-11-22T10:00:00.000Z"_s}};
        QJsonObject bob = ada;
        bob.insert(u"id"_s, u"c-2"_s);
        bob.insert(u"user_id"_s, u"bob"_s);
        bob.insert(u"user_name"_s, QString());
        model.update({ada, bob});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ConnectionsModel::User).data().toString(), u"Ada (ada)"_s);
        QCOMPARE(model.index(1, ConnectionsModel::User).data().toString(), u"bob"_s);
        QCOMPARE(model.index(0, ConnectionsModel::Tenant).data().toString(), u"acme"_s);
        QCOMPARE(model.index(0, ConnectionsModel::Peer).data().toString(), u"127.0.0.1"_s);
        QCOMPARE(model.index(0, ConnectionsModel::MessagesIn).data(SortRole).toULongLong(), 12u);
        QCOMPARE(model.index(0, ConnectionsModel::MessagesOut).data(SortRole).toULongLong(), 30u);
        QCOMPARE(model.index(1, ConnectionsModel::Id).data(KeyRole).toString(), u"c-2"_s);
        model.update({bob});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(u"c-2"_s), 0);
    }

    // presence.joined / presence.left are per connection; the list is per user.
    void presenceJoinAndLeave()
    {
        PresenceModel model;
        QAbstractItemModelTester tester(&model);
        model.setChannel(u"room"_s);
        Member ada(u"ada"_s, u"Ada"_s);
        ada.setConnectionCount(2);
        model.reset({ada});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.connectionCount(), 2);
        QVERIFY(model.index(0, PresenceModel::Since).data().toString().startsWith(u"before"_s));

        model.join(Member(u"bob"_s, u"Bob"_s, u"c-9"_s));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, PresenceModel::Name).data().toString(), u"Bob"_s);
        QVERIFY(!model.index(1, PresenceModel::Since).data().toString().startsWith(u"before"_s));
        model.join(Member(u"bob"_s, u"Bob"_s, u"c-10"_s));
        QCOMPARE(model.index(1, PresenceModel::Connections).data().toString(), u"2"_s);
        model.leave(Member(u"ada"_s, u"Ada"_s, u"c-1"_s));
        model.leave(Member(u"ada"_s, u"Ada"_s, u"c-2"_s));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowAt(0).userId, u"bob"_s);
        QCOMPARE(model.connectionCount(), 2);
        model.leave(Member(u"nobody"_s, QString()));
        QCOMPARE(model.rowCount(), 1);

        // A later reply keeps the time a user was first seen.
        const QDateTime bobSince = model.rowAt(0).since;
        Member bobAgain(u"bob"_s, u"Bob"_s);
        bobAgain.setConnectionCount(1);
        model.reset({bobAgain});
        QCOMPARE(model.rowAt(0).since, bobSince);
        QVERIFY(model.rowAt(0).sinceKnown);

        model.setChannel(u"other"_s);
        QCOMPARE(model.rowCount(), 0);
    }

    // "Batch tail updates (append at most every 100 ms)": a burst reaches
    // the model as one insert.
    void tailBatchesAppends()
    {
        TailModel model;
        QAbstractItemModelTester tester(&model);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        for (quint64 seq = 1; seq <= 50; ++seq)
            model.append(message(seq));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.pendingCount(), 50);
        QTRY_COMPARE(model.rowCount(), 50);
        QCOMPARE(inserts.count(), 1);
        QCOMPARE(model.index(0, TailModel::Seq).data().toULongLong(), 1u);
        QCOMPARE(model.index(49, TailModel::Seq).data().toULongLong(), 50u);
        QCOMPARE(model.index(0, TailModel::Event).data().toString(), u"message"_s);
        QCOMPARE(model.index(0, TailModel::Sender).data().toString(), u"U1"_s);
        QCOMPARE(model.index(0, TailModel::Payload).data().toString(), u"{\"n\":1}"_s);
    }

    // "Cap the tail's rows": the oldest go.
    void tailKeepsAtMostMaxRows()
    {
        TailModel model;
        QAbstractItemModelTester tester(&model);
        model.setMaxRows(10);
        for (quint64 seq = 1; seq <= 8; ++seq)
            model.append(message(seq));
        model.flush();
        for (quint64 seq = 9; seq <= 30; ++seq)
            model.append(message(seq));
        model.flush();
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.entryAt(0).seq, 21u);
        QCOMPARE(model.entryAt(9).seq, 30u);
    }

    void tailPauseHoldsMessages()
    {
        TailModel model;
        QAbstractItemModelTester tester(&model);
        model.setMaxRows(5);
        QSignalSpy pending(&model, &TailModel::pendingCountChanged);
        model.setPaused(true);
        for (quint64 seq = 1; seq <= 7; ++seq)
            model.append(message(seq));
        QTRY_VERIFY(!pending.isEmpty());
        QCOMPARE(pending.last().at(0).toInt(), 5);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.droppedCount(), 2u);
        model.setPaused(false);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.entryAt(0).seq, 3u);
        QCOMPARE(model.pendingCount(), 0);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // History fills the tail above what arrived live, without repeats.
    void tailHistoryGoesFirst()
    {
        TailModel model;
        QAbstractItemModelTester tester(&model);
        model.append(message(4));
        model.append(message(5));
        model.flush();
        model.prependHistory({message(2), message(3), message(4)});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.entryAt(0).seq, 2u);
        QCOMPARE(model.entryAt(3).seq, 5u);
    }

    // The chart's data: five minutes by default, each channel's past kept.
    void ratesKeepEachChannelsPast()
    {
        RatesModel model;
        QAbstractItemModelTester tester(&model);
        model.setCapacity(3);
        HubRates r;
        r.valid = true;
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 1; i <= 4; ++i) {
            r.publicationsIn = i;
            r.channels = {{u"a"_s, 10.0 * i}};
            if (i >= 3)
                r.channels.insert(u"b"_s, 100.0 * i);
            model.addSample(t0.addSecs(i), r);
        }
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.valueAt(0, RatesModel::PublicationsIn), 2.0);
        QCOMPARE(model.valueAt(2, RatesModel::PublicationsIn), 4.0);
        QCOMPARE(model.valueAt(0, RatesModel::Selected), 0.0); // nothing selected
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSelectedChannel(u"a"_s);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.valueAt(0, RatesModel::Selected), 20.0);
        QCOMPARE(model.valueAt(2, RatesModel::Selected), 40.0);
        model.setSelectedChannel(u"b"_s);
        QCOMPARE(model.valueAt(0, RatesModel::Selected), 0.0); // b was not there yet
        QCOMPARE(model.valueAt(1, RatesModel::Selected), 300.0);
        QCOMPARE(model.maximum({RatesModel::PublicationsIn, RatesModel::Selected}), 400.0);
        QVERIFY(model.headerData(RatesModel::Selected, Qt::Horizontal).toString().contains(u"b"_s));
    }

    // The publish dialog's check: any JSON value, and where it goes wrong.
    void jsonText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("line");
        QTest::newRow("object") << u"{\"a\": 1}"_s << true << QJsonValue(QJsonObject{{u"a"_s, 1}})
                                << 0;
        QTest::newRow("number") << u" 42 "_s << true << QJsonValue(42) << 0;
        QTest::newRow("string") << u"\"hi\""_s << true << QJsonValue(u"hi"_s) << 0;
        QTest::newRow("null") << u"null"_s << true << QJsonValue(QJsonValue::Null) << 0;
        QTest::newRow("empty") << QString() << false << QJsonValue() << 0;
        QTest::newRow("missing comma")
            << u"{\n  \"a\": 1\n  \"b\": 2\n}"_s << false << QJsonValue() << 3;
        QTest::newRow("two values") << u"1 2"_s << false << QJsonValue() << 1;
    }
    void jsonText()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QJsonValue, value);
        QFETCH(int, line);
        const JsonText json = JsonText::parse(text);
        QCOMPARE(json.isValid(), valid);
        if (valid) {
            QCOMPARE(json.value(), value);
            QVERIFY(json.error().isEmpty());
        } else {
            QVERIFY(!json.error().isEmpty());
            if (line)
                QCOMPARE(json.line(), line);
        }
    }

    // docs/protocol.md: `$` channels belong to the hub; reserved events.
    void publishChecks()
    {
        QVERIFY(PublishCheck::channelProblem(u"news"_s).isEmpty());
        QVERIFY(!PublishCheck::channelProblem(QString()).isEmpty());
        QVERIFY(!PublishCheck::channelProblem(u"$sys.stats"_s).isEmpty());
        QVERIFY(!PublishCheck::channelProblem(QString(201, u'x')).isEmpty());
        QVERIFY(!PublishCheck::channelProblem(u"a\nb"_s).isEmpty());
        QVERIFY(PublishCheck::eventProblem(u"memory.created"_s).isEmpty());
        QVERIFY(!PublishCheck::eventProblem(QString()).isEmpty());
        QVERIFY(!PublishCheck::eventProblem(u"presence.joined"_s).isEmpty());
        QVERIFY(!PublishCheck::eventProblem(u"$x"_s).isEmpty());
    }

    void channelFilter()
    {
        ChannelsModel model;
        model.update(snapshot(1000, 0,
                              {channelJson(u"$sys.stats"_s, 9), channelJson(u"sensors.eu"_s, 5),
                               channelJson(u"sensors.us"_s, 50), channelJson(u"chat"_s, 7)}),
                     {});
        ChannelFilter filter;
        QAbstractItemModelTester tester(&filter);
        filter.setSourceModel(&model);
        QCOMPARE(filter.rowCount(), 3);
        filter.setShowSystemChannels(true);
        QCOMPARE(filter.rowCount(), 4);
        filter.setText(u"SENS"_s);
        QCOMPARE(filter.rowCount(), 2);
        // Sorted by the number, not by its text ("50" < "7" as strings).
        filter.setText(QString());
        filter.sort(ChannelsModel::Total, Qt::DescendingOrder);
        QCOMPARE(column(filter, ChannelsModel::Name),
                 (QStringList{u"sensors.us"_s, u"$sys.stats"_s, u"chat"_s, u"sensors.eu"_s}));
    }

    // "Recent hubs remembered (QSettings)": newest first, once, bounded,
    // and never with a token in it.
    void recentHubs()
    {
        RecentHubs::clear();
        QVERIFY(RecentHubs::urls().isEmpty());
        RecentHubs::add(QUrl(u"ws://a:1/ws"_s));
        RecentHubs::add(QUrl(u"ws://b:1/ws?token=secret"_s));
        RecentHubs::add(QUrl(u"ws://a:1/ws"_s));
        QCOMPARE(RecentHubs::urls(), (QStringList{u"ws://a:1/ws"_s, u"ws://b:1/ws"_s}));
        for (int i = 0; i < 20; ++i)
            RecentHubs::add(QUrl(u"ws://h%1:1/ws"_s.arg(i)));
        QCOMPARE(RecentHubs::urls().size(), RecentHubs::kMaxEntries);
        QCOMPARE(RecentHubs::urls().first(), u"ws://h19:1/ws"_s);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_GUILESS_MAIN(TestMonitorModels)
#include "tst_monitor_models.moc"
