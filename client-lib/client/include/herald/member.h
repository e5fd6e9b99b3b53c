#pragma once

#include <herald/client_export.h>

#include <QMetaType>
#include <QObject>
#include <QSharedDataPointer>
#include <QString>

namespace Herald {

class MemberData;

/// Someone on a channel: the sender of a message, a presence change, or an
/// entry of a presence() reply. A value type, usable from QML.
class HERALD_CLIENT_EXPORT Member
{
    Q_GADGET
    Q_PROPERTY(QString userId READ userId WRITE setUserId)
    Q_PROPERTY(QString userName READ userName WRITE setUserName)
    Q_PROPERTY(QString connectionId READ connectionId WRITE setConnectionId)
    Q_PROPERTY(int connectionCount READ connectionCount WRITE setConnectionCount)

public:
    Member();
    Member(const QString &userId, const QString &userName, const QString &connectionId = {});
    Member(const Member &other);
    Member(Member &&other) noexcept;
    Member &operator=(const Member &other);
    Member &operator=(Member &&other) noexcept;
    ~Member();

    QString userId() const;
    void setUserId(const QString &userId);
    QString userName() const;
    void setUserName(const QString &userName);
    /// The connection a presence change is about; empty in other places.
    QString connectionId() const;
    void setConnectionId(const QString &connectionId);
    /// How many connections the user has on the channel; only presence()
    /// replies say, elsewhere 0.
    int connectionCount() const;
    void setConnectionCount(int count);

    bool isEmpty() const;

    friend HERALD_CLIENT_EXPORT bool operator==(const Member &a, const Member &b);
    friend bool operator!=(const Member &a, const Member &b) { return !(a == b); }

private:
    QSharedDataPointer<MemberData> d;
};

} // namespace Herald

Q_DECLARE_METATYPE(Herald::Member)
