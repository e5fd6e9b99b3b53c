#pragma once

#include <herald/hub_export.h>

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Herald {

/// Who is on the other end of a connection, as authentication decided.
struct HERALD_HUB_EXPORT Identity
{
    QString userId;
    QString userName;
    QString tenant;
    QStringList roles;
    QStringList channels;   // channel patterns a token allows, if it says
    qint64 expiresAtMs = 0; // 0: never
    bool anonymous = true;

    bool hasRole(const QString &role) const { return roles.contains(role); }
};

} // namespace Herald

Q_DECLARE_METATYPE(Herald::Identity)
