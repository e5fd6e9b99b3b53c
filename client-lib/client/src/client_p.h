#pragma once

#include "property_p.h"

#include <herald/client.h>
#include <herald/wire/codec.h>

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMap>
#include <QPointer>
#include <QTimer>

#include <map>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcClient)

namespace Herald {

/// A request the hub has not answered yet.
struct PendingRequest
{
    enum class Kind { Subscribe, Publish, History, Presence, Ping, Extension };
    Kind kind = Kind::Ping;
    QString channel;
    QPointer<Subscription> subscription; // Subscribe: the one it was for
    bool resuming = false;               // Subscribe: it carried a `since`
};

/// A publication waiting for a connection.
struct QueuedPublish
{
    quint64 id = 0;
    Wire::Publish publish;
};

class ClientPrivate
{
public:
    explicit ClientPrivate(Client *q);
    ~ClientPrivate();

    // The connection's life: open a socket, confirm the hub answers (the
    // opening ping), serve, and on loss either retry with backoff or stop.
    void connectSocket();
    void socketOpened();
    void socketClosed(QWebSocket *socket);
    void sessionEstablished();
    void connectionLost(int closeCode, const QString &reason, bool wasOpen);
    void releaseSocket(bool graceful);
    void setState(Client::State state);
    int nextReconnectDelay();

    // Heartbeat: one ping in flight at most; silence past the deadline
    // (no frame at all) means the connection is dead.
    void sendPing();
    void deadlinePassed();

    /// Sends a command; id 0 sends none (no answer expected).
    void sendFrame(quint64 id, const Wire::Command &command);
    /// Sends a request of a type the codec does not know, as given.
    quint64 sendExtension(const QString &type, const QJsonObject &data);
    /// Sends a command and remembers it until answered; returns its id (a
    /// fresh one unless `id` is given).
    quint64 sendRequest(const Wire::Command &command, PendingRequest request, quint64 id = 0);
    void sendSubscribe(Subscription *subscription);
    void flushQueue();
    void failPending();
    Subscription *addSubscription(const QString &channel, Subscription::Options options);
    void removeSubscription(Subscription *subscription);

    void frameReceived(const QString &text);
    void handle(const Wire::Publication &publication, quint64 id);
    void handle(const Wire::Subscribed &reply, quint64 id);
    void handle(const Wire::Unsubscribed &reply, quint64 id);
    void handle(const Wire::Published &reply, quint64 id);
    void handle(const Wire::HistoryReply &reply, quint64 id);
    void handle(const Wire::PresenceReply &reply, quint64 id);
    void handle(const Wire::Pong &reply, quint64 id);
    void handle(const Wire::PresenceChange &change, quint64 id);
    void handle(const Wire::ErrorReply &error, quint64 id);
    void handle(const Wire::OtherFrame &frame, quint64 id);

    Client *q;

    QUrl m_url;
    QString m_token;
    Client::State m_state = Client::State::Disconnected;
    int m_latency = -1;
    int m_reconnectDelay = 1000;
    int m_maxReconnectDelay = 60000;
    int m_heartbeatInterval = 15000;
    int m_heartbeatTimeout = 10000;
    int m_maxQueuedPublishes = 1000;

    QWebSocket *m_socket = nullptr;
    bool m_socketOpen = false;         // the WebSocket handshake finished on m_socket
    bool m_closeFrameReceived = false; // the hub sent a close frame on m_socket
    bool m_wanted = false;             // open() was called and close() was not
    int m_attempt = 0;                 // retries since the last established session
    QTimer m_reconnectTimer;
    QTimer m_heartbeatTimer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_pingClock;
    quint64 m_pingId = 0; // the ping in flight, 0 if none

    quint64 m_lastRequestId = 0;
    std::map<quint64, PendingRequest> m_pending;
    QList<QueuedPublish> m_queue;
    QMap<QString, Subscription *> m_subscriptions;
};

} // namespace Herald
