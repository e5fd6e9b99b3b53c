#pragma once

#include "broker.h"

#include <herald/hub.h>

#include <QHash>
#include <QLoggingCategory>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QWebSocketServer;
QT_END_NAMESPACE

Q_DECLARE_LOGGING_CATEGORY(lcHub)

namespace Herald {

class Session;

class HubPrivate
{
public:
    HubPrivate(Hub *hub, const HubConfig &config);
    ~HubPrivate();

    qint64 now() const { return broker.now(); }
    bool authorize(const Identity &identity, Action action, const QString &channel) const;
    /// Called by a session whose socket is gone.
    void sessionClosed(Session *session, int code, const QString &reason);

    Hub *q;
    HubConfig config;
    Broker broker;
    QWebSocketServer *server = nullptr;
    QHash<Session *, std::shared_ptr<Session>> sessions;
    Authenticator authenticator;
    Authorizer authorizer;
    QTimer housekeeping;
    QTimer sweeper;
    QString instanceId;
    quint64 connectionCounter = 0;
    bool shuttingDown = false;

    void acceptConnection();
    void housekeep();

private:
    AuthResult defaultAuthenticate(const ConnectionRequest &request) const;
};

} // namespace Herald
