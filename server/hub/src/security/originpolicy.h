#pragma once

#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QString>
#include <QStringList>

namespace Herald {

/// The Origin allow-list checked at the WebSocket handshake (refused with
/// HTTP 403). It keeps other web sites' pages from opening connections in a
/// visitor's browser; it is no authentication, as any other client can send
/// whatever Origin it likes, so a request without one is let through.
class OriginPolicy
{
public:
    /// Entries are `scheme://host[:port]` or `*`; empty: any origin.
    static Result<OriginPolicy> create(const QStringList &allowed);
    static Result<OriginPolicy> create(const SecurityConfig &config);

    bool allows(const QString &origin) const;

    /// Lower case, no trailing slash, default port dropped: how browsers
    /// serialise an origin (RFC 6454 6.1). Empty if it is not one.
    static QString normalized(const QString &origin);

private:
    QStringList m_allowed;
    bool m_any = true;
};

} // namespace Herald
