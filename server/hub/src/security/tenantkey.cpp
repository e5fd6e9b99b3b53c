#include "tenantkey.h"

#include "plaintext.h"

namespace Herald {

using namespace Qt::StringLiterals;

bool TenantKey::isValidTenant(const QString &tenant)
{
    return !PlainText::hasControl(tenant);
}

Result<QString> TenantKey::toKey(const QString &tenant, const QString &channel)
{
    if (PlainText::hasControl(channel))
        return Result<QString>::failure(u"channel name holds a control character"_s);
    if (tenant.isEmpty())
        return channel;
    if (!isValidTenant(tenant))
        return Result<QString>::failure(u"tenant holds a control character"_s);
    return tenant + Separator + channel;
}

TenantKey::Parts TenantKey::fromKey(const QString &key)
{
    const qsizetype at = key.indexOf(Separator);
    if (at < 0)
        return {QString(), key};
    return {key.left(at), key.mid(at + 1)};
}

bool TenantKey::belongsTo(const QString &key, const QString &tenant)
{
    return fromKey(key).tenant == tenant;
}

} // namespace Herald
