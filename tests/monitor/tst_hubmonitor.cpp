// HubMonitor against a real in-process hub (issue 4, "Tests"): traffic on
// several channels shows in the channels table and the rates with the
// right values; presence follows joins and leaves; the tail shows the
// selected channel; disconnect closes the chosen connection; publish
// publishes; and all of it survives the hub going away and coming back.
// Everything arrives through Herald::Client and the admin extensions.

#include "modelrole.h"
#include "monitorfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Herald;
using namespace Herald::Monitor;
using namespace MonitorTestSupport;
using namespace Qt::StringLiterals;

namespace {

QStringList presentUsers(PresenceModel *model)
{
    QStringList users;
    for (const PresenceEntry &entry : model->rows())
        users.append(entry.userId);
    users.sort();
    return users;
}

quint64 channelTotal(HubMonitor &monitor, const QString &channel)
{
    const int row = monitor.channels()->rowOf(channel);
    return row < 0 ? 0 : monitor.channels()->rowAt(row).sample.published;
}

int channelSubscribers(HubMonitor &monitor, const QString &channel)
{
    const int row = monitor.channels()->rowOf(channel);
    return row < 0 ? -1 : monitor.channels()->rowAt(row).sample.subscribers;
}

QList<quint64> tailSeqs(TailModel *tail)
{
    QList<quint64> seqs;
    for (int row = 0; row < tail->rowCount(); ++row)
        seqs.append(tail->entryAt(row).seq);
    return seqs;
}

} // namespace

class TestHubMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fixture.start());
        QVERIFY(m_fixture.open());
        m_hub = m_fixture.hub.get();
        m_crowd = m_fixture.crowd.get();
        m_monitor = m_fixture.monitor.get();
    }
    void cleanup() { m_fixture.stop(); }

    // The overview's numbers and the channels table, from $sys.stats.
    void channelsTableFollowsTraffic()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"orders"_s, u"chat"_s});
        Client *bob = m_crowd->join(u"bob"_s, {u"orders"_s});
        QVERIFY(ada && bob);
        QVERIFY(m_crowd->publish(ada, u"orders"_s, 30));
        QVERIFY(m_crowd->publish(bob, u"chat"_s, 10));
        QVERIFY(m_crowd->publish(bob, u"sensors"_s, 5)); // no subscribers at all

        QTRY_COMPARE(channelTotal(*m_monitor, u"orders"_s), 30u);
        QTRY_COMPARE(channelTotal(*m_monitor, u"chat"_s), 10u);
        QTRY_COMPARE(channelTotal(*m_monitor, u"sensors"_s), 5u);
        QCOMPARE(channelSubscribers(*m_monitor, u"orders"_s), 2);
        QCOMPARE(channelSubscribers(*m_monitor, u"chat"_s), 1);
        QCOMPARE(channelSubscribers(*m_monitor, u"sensors"_s), 0);
        ChannelsModel *channels = m_monitor->channels();
        const int orders = channels->rowOf(u"orders"_s);
        QCOMPARE(channels->index(orders, ChannelsModel::LastSeq).data().toString(), u"30"_s);
        QVERIFY(channels->index(orders, ChannelsModel::LastActivity)
                    .data(SortRole)
                    .toDateTime()
                    .isValid());

        // Three clients and the monitor itself.
        QTRY_COMPARE(m_monitor->snapshot().connections, 3);
        QVERIFY(!m_monitor->snapshot().version.isEmpty());
        QCOMPARE(m_monitor->snapshot().backplaneKind, u"memory"_s);
        QVERIFY(m_monitor->snapshot().backplaneUp);
    }

    // Rates are differences between snapshots: summed over time they give
    // back exactly what was published, per channel and in total.
    void ratesAddUpToWhatWasPublished()
    {
        Client *ada = m_crowd->join(u"ada"_s);
        QVERIFY(ada);
        QTRY_VERIFY(m_monitor->hubRates().valid);
        const quint64 publicationsBefore = m_monitor->snapshot().publications;
        double orders = 0;
        double total = 0;
        qint64 uptime = m_monitor->snapshot().uptimeMs;
        const auto tally = connect(m_monitor, &HubMonitor::snapshotReceived, this, [&] {
            const double seconds = double(m_monitor->snapshot().uptimeMs - uptime) / 1000.0;
            uptime = m_monitor->snapshot().uptimeMs;
            orders += m_monitor->hubRates().channels.value(u"orders"_s) * seconds;
            total += m_monitor->hubRates().publicationsIn * seconds;
        });
        QVERIFY(m_crowd->publish(ada, u"orders"_s, 40));
        QVERIFY(m_crowd->publish(ada, u"orders"_s, 20));
        QTRY_COMPARE(channelTotal(*m_monitor, u"orders"_s), 60u);
        disconnect(tally);
        QCOMPARE(qRound(orders), 60);
        // The hub's own stats publications count too.
        QCOMPARE(qRound(total), int(m_monitor->snapshot().publications - publicationsBefore));
        QVERIFY(m_monitor->rates()->rowCount() > 0);
        QVERIFY(m_monitor->rates()->maximum({RatesModel::PublicationsIn}) > 0);
    }

    // The rate history of the selected channel is the channel's own.
    void selectedChannelRate()
    {
        Client *ada = m_crowd->join(u"ada"_s);
        QVERIFY(ada);
        m_monitor->selectChannel(u"orders"_s);
        QCOMPARE(m_monitor->rates()->selectedChannel(), u"orders"_s);
        RatesModel *rates = m_monitor->rates();
        QTRY_VERIFY(rates->rowCount() >= 2); // what follows is all in later samples
        QVERIFY(m_crowd->publish(ada, u"orders"_s, 25));
        QVERIFY(m_crowd->publish(ada, u"other"_s, 25));
        QTRY_COMPARE(channelTotal(*m_monitor, u"orders"_s), 25u);
        QTRY_VERIFY(rates->maximum({RatesModel::Selected}) > 0);
        // Summed over the samples' hub times the selected column gives the 25 back.
        double sum = 0;
        for (int row = 1; row < rates->rowCount(); ++row) {
            const double seconds =
                double(rates->timeAt(row - 1).msecsTo(rates->timeAt(row))) / 1000;
            sum += rates->valueAt(row, RatesModel::Selected) * seconds;
        }
        QVERIFY2(qAbs(sum - 25) < 2.5, qPrintable(QString::number(sum)));
    }

    // "Presence of the selected channel (live on join/leave)", and the
    // monitor's own hidden watch is not part of it.
    void presenceFollowsJoinsAndLeaves()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"room"_s});
        Client *bob = m_crowd->join(u"bob"_s, {u"room"_s});
        QVERIFY(ada && bob);
        m_monitor->selectChannel(u"room"_s);
        PresenceModel *presence = m_monitor->presence();
        QCOMPARE(presence->channel(), u"room"_s);
        QTRY_COMPARE(presentUsers(presence), (QStringList{u"ada"_s, u"bob"_s}));

        Client *carol = m_crowd->join(u"carol"_s, {u"room"_s});
        QVERIFY(carol);
        QTRY_COMPARE(presentUsers(presence), (QStringList{u"ada"_s, u"bob"_s, u"carol"_s}));
        QCOMPARE(presence->rowAt(presence->rowOf(u"carol"_s)).userName, u"CAROL"_s);
        QVERIFY(presence->rowAt(presence->rowOf(u"carol"_s)).sinceKnown);

        Client *ada2 = m_crowd->join(u"ada"_s, {u"room"_s});
        QVERIFY(ada2);
        QTRY_COMPARE(presence->rowAt(presence->rowOf(u"ada"_s)).connections, 2);

        m_crowd->leave(bob);
        QTRY_COMPARE(presentUsers(presence), (QStringList{u"ada"_s, u"carol"_s}));
        ada->subscription(u"room"_s)->unsubscribe();
        QTRY_COMPARE(presence->rowAt(presence->rowOf(u"ada"_s)).connections, 1);

        // Watching did not make the monitor a subscriber the hub counts.
        QTRY_COMPARE(channelSubscribers(*m_monitor, u"room"_s), 2);
        QCOMPARE(presence->connectionCount(), 2);
    }

    // The tail: the newest before selecting (history), then live ones, with
    // event, sender and payload.
    void tailShowsTheSelectedChannel()
    {
        Client *ada = m_crowd->join(u"ada"_s);
        QVERIFY(ada);
        QVERIFY(m_crowd->publish(ada, u"news"_s, 3, u"article.published"_s));
        QVERIFY(m_crowd->publish(ada, u"elsewhere"_s, 4));
        m_monitor->selectChannel(u"news"_s);
        TailModel *tail = m_monitor->tail();
        QTRY_COMPARE(tailSeqs(tail), (QList<quint64>{1, 2, 3}));
        QVERIFY(m_crowd->publish(ada, u"news"_s, 2, u"article.updated"_s));
        QTRY_COMPARE(tailSeqs(tail), (QList<quint64>{1, 2, 3, 4, 5}));
        QCOMPARE(tail->index(0, TailModel::Event).data().toString(), u"article.published"_s);
        QCOMPARE(tail->index(4, TailModel::Event).data().toString(), u"article.updated"_s);
        QCOMPARE(tail->index(4, TailModel::Sender).data().toString(), u"ADA"_s);
        QCOMPARE(tail->index(4, TailModel::Payload).data().toString(), u"{\"n\":2}"_s);
        QCOMPARE(tail->entryAt(4).data, QJsonValue(QJsonObject{{u"n"_s, 2}}));

        // Another channel: another tail; the first one is no longer watched.
        m_monitor->selectChannel(u"elsewhere"_s);
        QTRY_COMPARE(tailSeqs(tail), (QList<quint64>{1, 2, 3, 4}));
        QVERIFY(!m_monitor->client()->subscription(u"news"_s));
        QVERIFY(m_crowd->publish(ada, u"news"_s, 1));
        QVERIFY(m_crowd->publish(ada, u"elsewhere"_s, 1));
        QTRY_COMPARE(tailSeqs(tail), (QList<quint64>{1, 2, 3, 4, 5}));
    }

    // admin.connections and admin.disconnect.
    void disconnectClosesTheChosenConnection()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"a"_s, u"b"_s});
        Client *bob = m_crowd->join(u"bob"_s);
        QVERIFY(ada && bob);
        ConnectionsModel *connections = m_monitor->connections();
        auto rowOfUser = [connections](const QString &user) {
            for (int row = 0; row < connections->rowCount(); ++row) {
                if (connections->rowAt(row).userId == user)
                    return row;
            }
            return -1;
        };
        QTRY_VERIFY(rowOfUser(u"ada"_s) >= 0 && rowOfUser(u"bob"_s) >= 0);
        QCOMPARE(connections->rowCount(), 3); // and the monitor
        QTRY_COMPARE(connections->rowAt(rowOfUser(u"ada"_s)).subscriptions, 2);
        const ConnectionInfo bobInfo = connections->rowAt(rowOfUser(u"bob"_s));
        QCOMPARE(bobInfo.peer, u"127.0.0.1"_s);
        QCOMPARE(bobInfo.dialect, u"herald"_s);
        QVERIFY(bobInfo.connectedAt.isValid());

        QSignalSpy closed(m_monitor, &HubMonitor::connectionClosed);
        QSignalSpy bobLost(bob, &Client::disconnected);
        QSignalSpy adaLost(ada, &Client::disconnected);
        QVERIFY(m_monitor->disconnectConnection(bobInfo.id));
        QTRY_COMPARE(closed.count(), 1);
        QCOMPARE(closed.at(0).at(0).toString(), bobInfo.id);
        QTRY_COMPARE(bobLost.count(), 1);
        QCOMPARE(adaLost.count(), 0);
        QTRY_COMPARE(connections->rowOf(bobInfo.id), -1);

        QSignalSpy problems(m_monitor, &HubMonitor::problemOccurred);
        QVERIFY(m_monitor->disconnectConnection(u"no-such-connection"_s));
        QTRY_COMPARE(problems.count(), 1);
    }

    void publishPublishes()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"news"_s});
        QVERIFY(ada);
        QSignalSpy received(ada, &Client::messageReceived);
        QSignalSpy published(m_monitor, &HubMonitor::published);
        QVERIFY(m_monitor->publish(u"news"_s, u"note.added"_s, QJsonObject{{u"x"_s, 1}}));
        QTRY_COMPARE(published.count(), 1);
        QCOMPARE(published.at(0).at(0).toString(), u"news"_s);
        QCOMPARE(published.at(0).at(1).toULongLong(), 1u);
        QTRY_COMPARE(received.count(), 1);
        const Message message = received.at(0).at(0).value<Message>();
        QCOMPARE(message.type(), u"note.added"_s);
        QCOMPARE(message.data(), QJsonValue(QJsonObject{{u"x"_s, 1}}));

        QSignalSpy problems(m_monitor, &HubMonitor::problemOccurred);
        QVERIFY(!m_monitor->publish(u"news"_s, u"presence"_s, 1));   // reserved: not even sent
        QVERIFY(m_monitor->publish(u"$sys.stats"_s, u"stats"_s, 1)); // the hub says no
        QTRY_COMPARE(problems.count(), 1);
    }

    // "The UI survives the hub going away and coming back" (same port).
    void survivesAHubRestart()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"room"_s});
        QVERIFY(ada);
        QVERIFY(m_crowd->publish(ada, u"room"_s, 3));
        m_monitor->selectChannel(u"room"_s);
        QTRY_COMPARE(tailSeqs(m_monitor->tail()).size(), 3);
        QTRY_COMPARE(presentUsers(m_monitor->presence()), QStringList{u"ada"_s});
        QTRY_VERIFY(m_monitor->channels()->rowOf(u"room"_s) >= 0);
        const QDateTime firstStart = m_monitor->snapshot().startedAt;

        QSignalSpy reconnecting(m_monitor->client(), &Client::reconnecting);
        m_hub->stop();
        QTRY_VERIFY(!reconnecting.isEmpty());
        QVERIFY(m_monitor->client()->state() != Client::State::Connected);
        // Everything known is still there to look at.
        QVERIFY(m_monitor->channels()->rowOf(u"room"_s) >= 0);

        QVERIFY(m_hub->start());
        QTRY_COMPARE(m_monitor->client()->state(), Client::State::Connected);
        QTRY_VERIFY(m_monitor->snapshot().startedAt != firstStart);
        QTRY_COMPARE(ada->state(), Client::State::Connected);
        // A new hub: new channels, new counts, the same watch.
        Client *bob = m_crowd->join(u"bob"_s, {u"room"_s});
        QVERIFY(bob);
        QVERIFY(m_crowd->publish(bob, u"room"_s, 2, u"after.restart"_s));
        QTRY_COMPARE(channelTotal(*m_monitor, u"room"_s), 2u);
        QTRY_COMPARE(presentUsers(m_monitor->presence()), (QStringList{u"ada"_s, u"bob"_s}));
        QTRY_COMPARE(m_monitor->tail()->rowCount(), 5);
        QCOMPARE(m_monitor->tail()->entryAt(4).event, u"after.restart"_s);
        QTRY_COMPARE(m_monitor->snapshot().connections, 3);
        QTRY_VERIFY(m_monitor->hubRates().valid);
    }

    // Without the admin role the hub refuses $sys.stats: the monitor says so.
    void saysWhenItIsNotAnAdmin()
    {
        HubConfig config = fastConfig();
        config.loopbackAdmin = false;
        TestHub strict(config);
        QVERIFY(strict.start());
        HubMonitor monitor;
        QSignalSpy denied(&monitor, &HubMonitor::accessDenied);
        monitor.open(strict.url());
        QTRY_VERIFY(!denied.isEmpty());
        QVERIFY(!monitor.hasSnapshot());
    }

private:
    MonitorFixture m_fixture;
    TestHub *m_hub = nullptr;
    Crowd *m_crowd = nullptr;
    HubMonitor *m_monitor = nullptr;
};

QTEST_GUILESS_MAIN(TestHubMonitor)
#include "tst_hubmonitor.moc"
