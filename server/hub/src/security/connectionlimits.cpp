#include "connectionlimits.h"

#include "tenantkey.h"

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// Drops the entry at zero so the table only holds users that are connected.
void decrement(QHash<QString, int> &counts, const QString &key)
{
    const auto it = counts.find(key);
    if (it == counts.end())
        return;
    if (--it.value() <= 0)
        counts.erase(it);
}

} // namespace

ConnectionLimits::Limits ConnectionLimits::Limits::from(const SecurityConfig &config)
{
    return {config.maxConnections, config.maxConnectionsPerUser, config.maxConnectionsPerTenant};
}

ConnectionLimits::ConnectionLimits(const Limits &limits)
    : m_limits(limits)
{}

QString ConnectionLimits::userKey(const Identity &identity)
{
    const QString scoped =
        TenantKey::Separator + identity.tenant + TenantKey::Separator + identity.userId;
    return identity.anonymous ? u"anon"_s + scoped : scoped;
}

Status ConnectionLimits::admit(const Identity &identity)
{
    const QString user = userKey(identity);
    const QMutexLocker lock(&m_mutex);
    if (m_limits.total > 0 && m_total >= m_limits.total)
        return Status::failure(
            u"too many connections to this hub (limit %1)"_s.arg(m_limits.total));
    if (m_limits.perUser > 0 && m_perUser.value(user) >= m_limits.perUser)
        return Status::failure(
            u"too many connections for this user (limit %1)"_s.arg(m_limits.perUser));
    const bool tenanted = !identity.tenant.isEmpty();
    if (tenanted && m_limits.perTenant > 0 &&
        m_perTenant.value(identity.tenant) >= m_limits.perTenant) {
        return Status::failure(
            u"too many connections for this tenant (limit %1)"_s.arg(m_limits.perTenant));
    }
    ++m_total;
    ++m_perUser[user];
    if (tenanted)
        ++m_perTenant[identity.tenant];
    return Status::success();
}

void ConnectionLimits::release(const Identity &identity)
{
    const QString user = userKey(identity);
    const QMutexLocker lock(&m_mutex);
    if (!m_perUser.contains(user))
        return; // never admitted: counting down would free someone else's slot
    m_total = std::max(0, m_total - 1);
    decrement(m_perUser, user);
    if (!identity.tenant.isEmpty())
        decrement(m_perTenant, identity.tenant);
}

int ConnectionLimits::total() const
{
    const QMutexLocker lock(&m_mutex);
    return m_total;
}

int ConnectionLimits::userConnections(const Identity &identity) const
{
    const QString user = userKey(identity);
    const QMutexLocker lock(&m_mutex);
    return m_perUser.value(user);
}

int ConnectionLimits::tenantConnections(const QString &tenant) const
{
    const QMutexLocker lock(&m_mutex);
    return m_perTenant.value(tenant);
}

} // namespace Herald
