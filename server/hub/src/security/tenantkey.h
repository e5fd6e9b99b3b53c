#pragma once

#include <herald/result.h>

#include <QString>

namespace Herald {

/// Where a tenant's channels live inside the hub (docs/security.md,
/// "Tenants"): the key is `tenant U+001F channel`. U+001F (the ASCII unit
/// separator) is a control character, which no client channel name and no
/// verified tenant may hold, so two tenants, or a tenant and the tenantless
/// namespace, can never name the same key. No tenant: the key is the name.
class TenantKey
{
public:
    static constexpr QChar Separator = QChar(0x1f);

    struct Parts
    {
        QString tenant;
        QString channel;
    };

    /// Fails for a tenant or channel that holds a control character, rather
    /// than making a key that could collide.
    static Result<QString> toKey(const QString &tenant, const QString &channel);
    /// The inverse, for display and stats: what the tenant's clients call it.
    static Parts fromKey(const QString &key);
    /// Whether a key belongs to the tenant (the empty tenant: unprefixed keys).
    static bool belongsTo(const QString &key, const QString &tenant);

    static bool isValidTenant(const QString &tenant);
};

} // namespace Herald
