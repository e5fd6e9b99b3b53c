#pragma once

// Helpers shared by the monitor's tests: a real hub on 127.0.0.1 that can
// be stopped and started again on the same port, and named clients that
// make traffic on it. Client timings come from tests/client/testsupport.h.

#include "testsupport.h"

#include <herald/client.h>
#include <herald/hub.h>

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <map>
#include <memory>

namespace MonitorTestSupport {

/// A hub that publishes its stats ten times a second, so tests wait
/// tenths of seconds for what the monitor shows once a second.
inline Herald::HubConfig fastConfig()
{
    Herald::HubConfig config;
    config.statsInterval = std::chrono::milliseconds(100);
    return config;
}

/// An in-process hub on a port of its own, which a test can take away and
/// bring back on the same port, as a restarted hub would be.
class TestHub
{
public:
    explicit TestHub(Herald::HubConfig config = fastConfig())
        : m_config(config)
    {}

    bool start()
    {
        m_hub = std::make_unique<Herald::Hub>(m_config);
        if (!m_hub->listen(QHostAddress::LocalHost, m_port).ok())
            return false;
        m_port = m_hub->serverPort();
        return true;
    }
    void stop() { m_hub.reset(); }

    Herald::Hub *operator->() const { return m_hub.get(); }
    Herald::Hub *get() const { return m_hub.get(); }
    quint16 port() const { return m_port; }
    QUrl url() const { return TestSupport::hubUrl(m_port); }
    QUrl urlFor(const QString &userId) const
    {
        return TestSupport::hubUrl(
            m_port, QStringLiteral("user_id=%1&user_name=%2").arg(userId, userId.toUpper()));
    }

private:
    Herald::HubConfig m_config;
    std::unique_ptr<Herald::Hub> m_hub;
    quint16 m_port = 0;
};

/// Named clients of a TestHub, the traffic the monitor watches.
class Crowd
{
public:
    explicit Crowd(const TestHub &hub)
        : m_hub(hub)
    {}

    /// A client for `userId`, opened, with fast timings; waits until it is
    /// connected. Each call makes another connection.
    Herald::Client *join(const QString &userId, const QStringList &channels = {})
    {
        auto client = std::make_unique<Herald::Client>();
        TestSupport::makeFast(*client, m_hub.urlFor(userId));
        for (const QString &channel : channels)
            client->subscribe(channel);
        QSignalSpy connected(client.get(), &Herald::Client::connected);
        client->open();
        if (!connected.wait(5000) && connected.isEmpty())
            return nullptr;
        for (const QString &channel : channels) {
            if (!QTest::qWaitFor(
                    [&] {
                        return client->subscription(channel)->state() ==
                               Herald::Subscription::State::Subscribed;
                    },
                    5000))
                return nullptr;
        }
        Herald::Client *raw = client.get();
        m_clients.emplace(raw, std::move(client));
        return raw;
    }

    void leave(Herald::Client *client) { m_clients.erase(client); }

    /// Publishes `count` payloads {"n": i}; waits until the hub has them all.
    bool publish(Herald::Client *client, const QString &channel, int count,
                 const QString &event = QStringLiteral("message"))
    {
        QSignalSpy published(client, &Herald::Client::published);
        for (int i = 1; i <= count; ++i) {
            if (!client->publish(channel, QJsonObject{{QStringLiteral("n"), i}}, event))
                return false;
        }
        return QTest::qWaitFor([&] { return published.count() == count; }, 5000);
    }

private:
    const TestHub &m_hub;
    std::map<Herald::Client *, std::unique_ptr<Herald::Client>> m_clients;
};

} // namespace MonitorTestSupport
