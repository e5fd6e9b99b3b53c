// The main window against a real in-process hub, offscreen, driven by
// object names the way an operator drives it by hand (issue 4): the
// overview, the channels table and its filter, selecting a channel (tail,
// presence, chart), pause / clear / filter / pretty JSON on the tail, the
// disconnect action, the publish dialog with its JSON check, the connect
// dialog and the recent hubs, the status bar light through a hub restart.

#include "connectdialog.h"
#include "connectionindicator.h"
#include "mainwindow.h"
#include "modelrole.h"
#include "monitorfixture.h"
#include "publishdialog.h"
#include "ratechart.h"
#include "recenthubs.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Herald;
using namespace Herald::Monitor;
using namespace MonitorTestSupport;
using namespace Qt::StringLiterals;

namespace {

QStringList columnOf(const QAbstractItemModel *model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row)
        values.append(model->index(row, column).data().toString());
    return values;
}

int rowWith(const QAbstractItemModel *model, int column, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

} // namespace

class TestMonitorWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        quietOffscreenPlatform();
        QVERIFY(m_settingsDir.isValid());
        useScratchSettings(m_settingsDir.path(), u"tst_monitorwindow"_s);
    }

    void init()
    {
        QVERIFY(m_fixture.start());
        m_hub = m_fixture.hub.get();
        m_crowd = m_fixture.crowd.get();
        m_monitor = m_fixture.monitor.get();
        m_window = std::make_unique<MainWindow>(m_monitor);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_fixture.open());
    }
    void cleanup()
    {
        m_window.reset();
        m_fixture.stop();
    }

    void overviewAndChannelsTable()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"sensors.eu"_s, u"chat"_s});
        Client *bob = m_crowd->join(u"bob"_s, {u"sensors.us"_s});
        QVERIFY(ada && bob);
        QVERIFY(m_crowd->publish(ada, u"sensors.eu"_s, 12));
        QVERIFY(m_crowd->publish(bob, u"sensors.us"_s, 7));
        QVERIFY(m_crowd->publish(ada, u"chat"_s, 3));

        auto *connections = find<QLabel>(u"overviewConnections"_s);
        QTRY_COMPARE(connections->text(), u"3"_s);
        QTRY_COMPARE(find<QLabel>(u"overviewChannels"_s)->text(), u"4"_s); // and $sys.stats
        QCOMPARE(find<QLabel>(u"overviewVersion"_s)->text(), m_monitor->snapshot().version);
        QVERIFY(find<QLabel>(u"overviewBackplane"_s)->text().startsWith(u"memory"_s));
        QVERIFY(!find<QLabel>(u"overviewUptime"_s)->text().isEmpty());
        QTRY_VERIFY(find<QLabel>(u"overviewPublicationsIn"_s)->text() != u"–"_s);

        auto *view = find<QTableView>(u"channelsView"_s);
        const QAbstractItemModel *model = view->model();
        QTRY_COMPARE(model->rowCount(), 3); // $sys.stats hidden by default
        const int eu = rowWith(model, ChannelsModel::Name, u"sensors.eu"_s);
        QVERIFY(eu >= 0);
        QTRY_COMPARE(
            model->index(rowWith(model, ChannelsModel::Name, u"sensors.eu"_s), ChannelsModel::Total)
                .data()
                .toString(),
            u"12"_s);
        QCOMPARE(model
                     ->index(rowWith(model, ChannelsModel::Name, u"sensors.eu"_s),
                             ChannelsModel::Subscribers)
                     .data()
                     .toString(),
                 u"1"_s);

        find<QLineEdit>(u"channelFilter"_s)->setText(u"sensors"_s);
        QCOMPARE(model->rowCount(), 2);
        find<QLineEdit>(u"channelFilter"_s)->clear();
        find<QCheckBox>(u"showSystemChannels"_s)->setChecked(true);
        QTRY_COMPARE(model->rowCount(), 4);
        QVERIFY(rowWith(model, ChannelsModel::Name, u"$sys.stats"_s) >= 0);

        // Sortable: by total, ascending.
        view->sortByColumn(ChannelsModel::Total, Qt::AscendingOrder);
        find<QCheckBox>(u"showSystemChannels"_s)->setChecked(false);
        QTRY_COMPARE(columnOf(model, ChannelsModel::Name),
                     (QStringList{u"chat"_s, u"sensors.us"_s, u"sensors.eu"_s}));
    }

    // Selecting a row watches the channel: tail, presence, chart.
    void selectingAChannel()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"room"_s});
        Client *bob = m_crowd->join(u"bob"_s, {u"room"_s});
        QVERIFY(ada && bob);
        QVERIFY(m_crowd->publish(ada, u"room"_s, 2, u"chat.message"_s));
        selectChannel(u"room"_s);
        QCOMPARE(m_monitor->selectedChannel(), u"room"_s);

        auto *tail = find<QTableView>(u"tailView"_s);
        QTRY_COMPARE(tail->model()->rowCount(), 2);
        QVERIFY(m_crowd->publish(bob, u"room"_s, 1, u"chat.reply"_s));
        QTRY_COMPARE(tail->model()->rowCount(), 3);
        QCOMPARE(tail->model()->index(2, TailModel::Event).data().toString(), u"chat.reply"_s);
        QCOMPARE(tail->model()->index(2, TailModel::Sender).data().toString(), u"BOB"_s);
        QCOMPARE(tail->model()->index(2, TailModel::Seq).data().toULongLong(), 3u);

        auto *presence = find<QTableView>(u"presenceView"_s);
        QTRY_COMPARE(columnOf(presence->model(), PresenceModel::User),
                     (QStringList{u"ada"_s, u"bob"_s}));
        QTRY_VERIFY(find<QLabel>(u"presenceTitle"_s)->text().contains(u"room"_s));
        QVERIFY(m_crowd->join(u"carol"_s, {u"room"_s}));
        QTRY_COMPARE(columnOf(presence->model(), PresenceModel::User),
                     (QStringList{u"ada"_s, u"bob"_s, u"carol"_s}));
        auto *tabs = find<QTabWidget>(u"detailTabs"_s);
        QVERIFY(tabs->tabText(0).contains(u"room"_s));

        auto *chart = find<RateChart>(u"rateChart"_s);
        QTRY_VERIFY(chart->totalPoints().size() >= 2);
        QTRY_VERIFY(!chart->selectedPoints().isEmpty());
    }

    void tailPauseClearFilterPretty()
    {
        Client *ada = m_crowd->join(u"ada"_s);
        QVERIFY(ada);
        m_monitor->selectChannel(u"news"_s);
        QTRY_COMPARE(m_monitor->client()->subscription(u"news"_s)->state(),
                     Subscription::State::Subscribed);
        QVERIFY(m_crowd->publish(ada, u"news"_s, 3, u"article"_s));
        auto *tail = find<QTableView>(u"tailView"_s);
        QTRY_COMPARE(tail->model()->rowCount(), 3);

        auto *pause = find<QToolButton>(u"tailPause"_s);
        pause->click();
        QVERIFY(m_monitor->tail()->isPaused());
        QVERIFY(m_crowd->publish(ada, u"news"_s, 2, u"breaking"_s));
        QTRY_COMPARE(pause->text(), u"Resume (2 new)"_s);
        QCOMPARE(tail->model()->rowCount(), 3);
        pause->click();
        QCOMPARE(tail->model()->rowCount(), 5);
        QCOMPARE(pause->text(), u"Pause"_s);

        find<QLineEdit>(u"tailFilter"_s)->setText(u"BREAK"_s);
        QCOMPARE(tail->model()->rowCount(), 2);
        find<QLineEdit>(u"tailFilter"_s)->clear();
        QCOMPARE(tail->model()->rowCount(), 5);

        auto *details = find<QPlainTextEdit>(u"tailDetails"_s);
        QVERIFY(!details->isVisible());
        tail->setCurrentIndex(tail->model()->index(4, TailModel::Payload));
        find<QCheckBox>(u"tailPretty"_s)->setChecked(true);
        QVERIFY(details->isVisible());
        QCOMPARE(details->toPlainText().trimmed(), u"{\n    \"n\": 2\n}"_s);

        find<QToolButton>(u"tailClear"_s)->click();
        QCOMPARE(tail->model()->rowCount(), 0);
        QVERIFY(m_crowd->publish(ada, u"news"_s, 1));
        QTRY_COMPARE(tail->model()->rowCount(), 1);
    }

    void disconnectAction()
    {
        Client *ada = m_crowd->join(u"ada"_s);
        Client *bob = m_crowd->join(u"bob"_s);
        QVERIFY(ada && bob);
        auto *view = find<QTableView>(u"connectionsView"_s);
        auto *action = find<QAction>(u"disconnectAction"_s);
        QTRY_COMPARE(view->model()->rowCount(), 3);
        QVERIFY(!action->isEnabled());
        QTRY_VERIFY(rowWith(view->model(), ConnectionsModel::User, u"BOB (bob)"_s) >= 0);
        const int row = rowWith(view->model(), ConnectionsModel::User, u"BOB (bob)"_s);
        view->setCurrentIndex(view->model()->index(row, 0));
        QVERIFY(action->isEnabled());
        const QString id = view->model()->index(row, ConnectionsModel::Id).data().toString();

        QSignalSpy bobLost(bob, &Client::disconnected);
        QSignalSpy adaLost(ada, &Client::disconnected);
        action->trigger();
        QTRY_COMPARE(bobLost.count(), 1);
        QCOMPARE(adaLost.count(), 0);
        QTRY_COMPARE(rowWith(view->model(), ConnectionsModel::Id, id), -1);
        QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(id));
        QTRY_VERIFY(find<QTabWidget>(u"detailTabs"_s)->tabText(1).startsWith(u"Connections"_s));
    }

    void publishDialog()
    {
        Client *ada = m_crowd->join(u"ada"_s, {u"news"_s});
        QVERIFY(ada);
        QSignalSpy received(ada, &Client::messageReceived);
        m_monitor->selectChannel(u"news"_s);
        find<QAction>(u"publishAction"_s)->trigger();
        auto *dialog = m_window->findChild<PublishDialog *>(u"publishDialog"_s);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *button = dialog->findChild<QPushButton *>(u"publishButton"_s);
        auto *payload = dialog->findChild<QPlainTextEdit *>(u"publishPayload"_s);
        auto *status = dialog->findChild<QLabel *>(u"publishStatus"_s);
        QCOMPARE(dialog->findChild<QComboBox *>(u"publishChannel"_s)->currentText(), u"news"_s);

        // "JSON payload validated before sending".
        payload->setPlainText(u"{\"text\": \"hi\",}"_s);
        QVERIFY(!button->isEnabled());
        QVERIFY2(status->text().startsWith(u"Line 1, column"_s), qPrintable(status->text()));
        dialog->findChild<QLineEdit *>(u"publishEvent"_s)->setText(u"presence"_s);
        payload->setPlainText(u"{\"text\": \"hi\"}"_s);
        QVERIFY(!button->isEnabled()); // a reserved event name
        dialog->findChild<QLineEdit *>(u"publishEvent"_s)->setText(u"note.added"_s);
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);

        QTRY_COMPARE(received.count(), 1);
        const Message message = received.at(0).at(0).value<Message>();
        QCOMPARE(message.type(), u"note.added"_s);
        QCOMPARE(message.data(), QJsonValue(QJsonObject{{u"text"_s, u"hi"_s}}));
        QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(u"seq 1"_s));
        QTRY_VERIFY(!m_window->findChild<PublishDialog *>());
    }

    void connectDialogRemembersHubs()
    {
        RecentHubs::clear();
        TestHub other;
        QVERIFY(other.start());
        find<QAction>(u"connectAction"_s)->trigger();
        auto *dialog = m_window->findChild<ConnectDialog *>(u"connectDialog"_s);
        QVERIFY(dialog);
        auto *url = dialog->findChild<QComboBox *>(u"connectUrl"_s);
        auto *button = dialog->findChild<QPushButton *>(u"connectButton"_s);
        url->setCurrentText(u"not a url"_s);
        QVERIFY(!button->isEnabled());
        url->setCurrentText(other.url().toString());
        QVERIFY(button->isEnabled());
        const QDateTime firstStart = m_monitor->snapshot().startedAt;
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(m_monitor->client()->url(), other.url());
        QTRY_VERIFY(m_monitor->hasSnapshot() && m_monitor->snapshot().startedAt != firstStart);
        QCOMPARE(RecentHubs::urls(), QStringList{other.url().toString()});
        QVERIFY(m_window->windowTitle().contains(other.url().toString()));
    }

    // The status bar light, and the window through a hub restart.
    void survivesAHubRestart()
    {
        auto *indicator = find<ConnectionIndicator>(u"connectionIndicator"_s);
        QTRY_VERIFY(indicator->text().startsWith(u"Connected to"_s));
        Client *ada = m_crowd->join(u"ada"_s, {u"room"_s});
        QVERIFY(ada);
        selectChannel(u"room"_s);

        m_hub->stop();
        QTRY_VERIFY(indicator->text().startsWith(u"Reconnecting to"_s));
        QTRY_VERIFY(!find<QWidget>(u"overviewPanel"_s)->isEnabled());

        QVERIFY(m_hub->start());
        QTRY_VERIFY(indicator->text().startsWith(u"Connected to"_s));
        QTRY_VERIFY(find<QWidget>(u"overviewPanel"_s)->isEnabled());
        QTRY_COMPARE(ada->state(), Client::State::Connected);
        QVERIFY(m_crowd->publish(ada, u"room"_s, 4));
        QTRY_COMPARE(find<QTableView>(u"tailView"_s)->model()->rowCount(), 4);
        auto *channels = find<QTableView>(u"channelsView"_s)->model();
        QTRY_COMPARE(
            channels->index(rowWith(channels, ChannelsModel::Name, u"room"_s), ChannelsModel::Total)
                .data()
                .toString(),
            u"4"_s);
        QTRY_COMPARE(columnOf(find<QTableView>(u"presenceView"_s)->model(), PresenceModel::User),
                     QStringList{u"ada"_s});
        QTRY_COMPARE(find<QLabel>(u"overviewConnections"_s)->text(), u"2"_s);
    }

    // Outside loopback, without an admin token, the hub says no: a banner.
    void accessBanner()
    {
        HubConfig config = fastConfig();
        config.loopbackAdmin = false;
        TestHub strict(config);
        QVERIFY(strict.start());
        m_monitor->open(strict.url());
        auto *banner = find<QLabel>(u"accessBanner"_s);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(u"admin"_s));
    }

private:
    template<typename T>
    T *find(const QString &name)
    {
        T *widget = m_window->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }

    void selectChannel(const QString &channel)
    {
        auto *view = find<QTableView>(u"channelsView"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return rowWith(view->model(), ChannelsModel::Name, channel) >= 0; }, 5000));
        view->setCurrentIndex(
            view->model()->index(rowWith(view->model(), ChannelsModel::Name, channel), 0));
    }

    QTemporaryDir m_settingsDir;
    MonitorFixture m_fixture;
    TestHub *m_hub = nullptr;
    Crowd *m_crowd = nullptr;
    HubMonitor *m_monitor = nullptr;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestMonitorWindow)
#include "tst_monitorwindow.moc"
