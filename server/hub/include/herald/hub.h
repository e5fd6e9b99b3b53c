#pragma once

#include <herald/hub_export.h>
#include <herald/hubconfig.h>
#include <herald/hubhooks.h>
#include <herald/hubstats.h>
#include <herald/identity.h>
#include <herald/result.h>

#include <QHostAddress>
#include <QJsonValue>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Herald {

class HubPrivate;

/// A publish/subscribe hub: a WebSocket endpoint, its channels, their
/// history and presence. Several may live in one process.
class HERALD_HUB_EXPORT Hub : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int connectionCount READ connectionCount NOTIFY connectionCountChanged)
    Q_PROPERTY(int channelCount READ channelCount NOTIFY channelCountChanged)

public:
    explicit Hub(const HubConfig &config = HubConfig(), QObject *parent = nullptr);
    ~Hub() override;

    const HubConfig &config() const;

    /// Starts accepting WebSocket connections (any path; /ws is documented).
    /// Port 0 picks a free port: see serverPort().
    Status listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    /// ws://address:port/ws
    QUrl url() const;

    /// Stops listening and closes every client with 1001 (going away).
    /// shutdownFinished() follows once the last client is gone.
    void shutdown();

    /// Publishes from the embedding application: seq assigned, history
    /// kept, every subscriber served. Returns the publication's seq.
    /// With a Redis backplane the seq is assigned by Redis later: this then
    /// returns 0 once the publication is on its way (use the overload with
    /// a callback to learn the seq).
    Result<quint64> publish(const QString &channel, const QString &event, const QJsonValue &data);
    /// The same, telling `done` (in the hub's thread) the seq or why not.
    void publish(const QString &channel, const QString &event, const QJsonValue &data,
                 std::function<void(const Result<quint64> &)> done);

    int connectionCount() const;
    int channelCount() const;
    QStringList channels() const;
    /// The newest seq of a channel (0 if it has none or does not exist).
    quint64 lastSeq(const QString &channel) const;

    /// Totals since start; cheap enough to call every second. Any thread.
    HubStats stats() const;
    QList<ChannelStats> channelStats() const;
    QList<ConnectionStats> connectionStats() const;
    /// Closes one client connection (the monitor's "disconnect"); false if
    /// there is no such connection. Any thread.
    bool disconnect(const QString &connectionId, int closeCode = 1000,
                    const QString &reason = QString());

    /// Decides who a connection is; the default accepts everyone as an
    /// anonymous identity from ?user_id= / ?user_name=.
    void setAuthenticator(Authenticator authenticator);
    /// Decides whether an identity may act on a channel; default: allow all.
    void setAuthorizer(Authorizer authorizer);

Q_SIGNALS:
    void clientConnected(const QString &connectionId, const Herald::Identity &identity);
    void clientDisconnected(const QString &connectionId, int closeCode);
    void channelCreated(const QString &channel);
    void channelRemoved(const QString &channel);
    void connectionCountChanged(int count);
    void channelCountChanged(int count);
    void shutdownFinished();
    /// The Redis backplane went up or down (only with HubConfig::redisUrl).
    void backplaneStateChanged(bool up);
    /// HubConfig::redisRequired and Redis could not be reached: give up.
    void backplaneFailed(const QString &reason);

private:
    friend class HubPrivate;
    std::unique_ptr<HubPrivate> d;
};

} // namespace Herald
