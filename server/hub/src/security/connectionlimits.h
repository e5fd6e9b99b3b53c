#pragma once

#include <herald/identity.h>
#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QHash>
#include <QMutex>
#include <QString>

namespace Herald {

/// Counts open connections in total, per user and per tenant, and admits
/// a new one only under every limit (over one: close 4004). Thread-safe, so
/// shards may release from their own threads. Every admit() that succeeds
/// must be matched by one release() with the same identity.
class ConnectionLimits
{
public:
    struct Limits
    {
        int total = 10000; // 0: no limit, for each of the three
        int perUser = 5;
        int perTenant = 100;

        static Limits from(const SecurityConfig &config);
    };

    explicit ConnectionLimits(const Limits &limits);

    /// Counts the connection in and succeeds, or counts nothing and says
    /// which limit it would pass (short enough for a close frame's reason).
    Status admit(const Identity &identity);
    void release(const Identity &identity);

    int total() const;
    int userConnections(const Identity &identity) const;
    int tenantConnections(const QString &tenant) const;

private:
    /// Users of different tenants are different users; and an anonymous
    /// connection only claims its id, so it counts apart from the verified
    /// user of that id and cannot use up that user's connections.
    static QString userKey(const Identity &identity);

    const Limits m_limits;
    mutable QMutex m_mutex;
    int m_total = 0;
    QHash<QString, int> m_perUser;
    QHash<QString, int> m_perTenant;
};

} // namespace Herald
