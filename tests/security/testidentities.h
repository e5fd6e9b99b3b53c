#pragma once

#include <herald/identity.h>

#include <QString>
#include <QStringList>

/// Identities as authentication makes them, for the security tests.
namespace TestIdentities {

/// What a verified token or API key gives: anonymous false.
inline Herald::Identity verified(const QString &userId, const QString &tenant = QString(),
                                 const QStringList &roles = {}, const QStringList &channels = {})
{
    Herald::Identity identity;
    identity.userId = userId;
    identity.userName = userId;
    identity.tenant = tenant;
    identity.roles = roles;
    identity.channels = channels;
    identity.anonymous = false;
    return identity;
}

/// What a client without a token gets: only a claimed id.
inline Herald::Identity anonymous(const QString &userId)
{
    Herald::Identity identity;
    identity.userId = userId;
    identity.userName = userId;
    identity.anonymous = true;
    return identity;
}

} // namespace TestIdentities
