// build/bin/herald-monitor as a user starts it (issue 4): `--embedded
// [--port N]` runs a hub inside the monitor and watches it through the
// same client path as a remote one; `--url` watches a hub elsewhere.
// Checked from outside, through the hub's admin extensions.

#include "monitortestsupport.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestMonitorProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_home.isValid());
        // The monitor keeps its recent hubs and window in QSettings: not in
        // the real home. The platform (offscreen) comes from ctest.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path());
        env.insert(u"HOME"_s, m_home.path());
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    }
    void cleanup()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    // The embedded hub answers on the port given, and the monitor inside
    // the process is one of its clients, subscribed to $sys.stats like a
    // monitor anywhere else.
    void embeddedHubIsMonitoredThroughAClient()
    {
        const quint16 port = TestSupport::freePort();
        QVERIFY(port);
        m_process.start(QStringLiteral(HERALD_BIN_DIR "/herald-monitor"),
                        {u"--embedded"_s, u"--port"_s, QString::number(port)});
        QVERIFY(m_process.waitForStarted(5000));

        Client admin;
        TestSupport::makeFast(admin, TestSupport::hubUrl(port));
        QSignalSpy connected(&admin, &Client::connected);
        admin.open();
        QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), 15000);

        // Two connections: ours and the monitor's (once it is up).
        QSignalSpy replies(&admin, &Client::replyReceived);
        QJsonArray connections;
        for (int attempt = 0; attempt < 100 && connections.size() != 2; ++attempt) {
            if (attempt)
                QTest::qWait(100);
            replies.clear();
            QVERIFY(admin.request(u"admin.connections"_s));
            QTRY_VERIFY(!replies.isEmpty());
            connections = replies.at(0).at(1).toJsonObject().value("connections"_L1).toArray();
        }
        QCOMPARE(connections.size(), 2);
        for (const QJsonValue &connection : std::as_const(connections))
            QCOMPARE(connection.toObject().value("peer"_L1).toString(), u"127.0.0.1"_s);

        // The monitor's stats subscription makes the hub publish them.
        Subscription *stats = admin.subscribe(u"$sys.stats"_s);
        QSignalSpy snapshots(stats, &Subscription::messageReceived);
        QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 10000);
        QCOMPARE(m_process.state(), QProcess::Running);
    }

    // --url: the monitor connects to that hub at start.
    void urlConnectsAtStart()
    {
        MonitorTestSupport::TestHub hub;
        QVERIFY(hub.start());
        QSignalSpy joined(hub.get(), &Hub::clientConnected);
        m_process.start(QStringLiteral(HERALD_BIN_DIR "/herald-monitor"),
                        {u"--url"_s, hub.url().toString(), u"--channel"_s, u"news"_s});
        QVERIFY(m_process.waitForStarted(5000));
        QTRY_COMPARE_WITH_TIMEOUT(joined.count(), 1, 15000);
        // Watching $sys.stats and, hidden, the channel it was told to watch.
        QTRY_VERIFY_WITH_TIMEOUT(hub->channels().contains(u"news"_s), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(hub->channels().contains(u"$sys.stats"_s), 10000);
        const auto channels = hub->channelStats();
        for (const ChannelStats &channel : channels) {
            if (channel.name == "news"_L1)
                QCOMPARE(channel.subscribers, 0);
        }
    }

    void refusesContradictoryOptions()
    {
        m_process.start(QStringLiteral(HERALD_BIN_DIR "/herald-monitor"), {u"--port"_s, u"9"_s});
        QVERIFY(m_process.waitForFinished(15000));
        QCOMPARE(m_process.exitCode(), 1);
    }

private:
    QTemporaryDir m_home;
    QProcess m_process;
};

QTEST_GUILESS_MAIN(TestMonitorProcess)
#include "tst_monitor_process.moc"
