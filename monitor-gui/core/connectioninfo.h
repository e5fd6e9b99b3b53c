#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Herald::Monitor {

/// One client connection as admin.connections lists it.
struct ConnectionInfo
{
    QString id;
    QString userId;
    QString userName;
    QString tenant;
    QString peer;
    QString dialect;
    int subscriptions = 0;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    QDateTime connectedAt;

    static ConnectionInfo fromJson(const QJsonObject &object);

    friend bool operator==(const ConnectionInfo &a, const ConnectionInfo &b)
    {
        return a.id == b.id && a.userId == b.userId && a.userName == b.userName &&
               a.tenant == b.tenant && a.peer == b.peer && a.dialect == b.dialect &&
               a.subscriptions == b.subscriptions && a.messagesIn == b.messagesIn &&
               a.messagesOut == b.messagesOut && a.connectedAt == b.connectedAt;
    }
};

} // namespace Herald::Monitor
