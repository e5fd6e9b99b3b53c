#include "originpolicy.h"

#include <QUrl>

namespace Herald {

using namespace Qt::StringLiterals;

QString OriginPolicy::normalized(const QString &origin)
{
    const QUrl url(origin.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != "http"_L1 && scheme != "https"_L1) ||
        !url.userInfo().isEmpty() || !url.query().isEmpty() || !url.fragment().isEmpty() ||
        (!url.path().isEmpty() && url.path() != "/"_L1)) {
        return {};
    }
    const int defaultPort = scheme == "https"_L1 ? 443 : 80;
    const int port = url.port(defaultPort);
    QString result = scheme + u"://"_s + url.host().toLower();
    if (port != defaultPort)
        result += u':' + QString::number(port);
    return result;
}

Result<OriginPolicy> OriginPolicy::create(const QStringList &allowed)
{
    OriginPolicy policy;
    policy.m_any = allowed.isEmpty();
    for (const QString &entry : allowed) {
        if (entry.trimmed() == "*"_L1) {
            policy.m_any = true;
            continue;
        }
        const QString origin = normalized(entry);
        if (origin.isEmpty())
            return Result<OriginPolicy>::failure(
                u"allowed origin '%1' is not scheme://host[:port]"_s.arg(entry));
        policy.m_allowed.append(origin);
    }
    return policy;
}

Result<OriginPolicy> OriginPolicy::create(const SecurityConfig &config)
{
    return create(config.allowedOrigins);
}

bool OriginPolicy::allows(const QString &origin) const
{
    if (m_any || origin.isEmpty())
        return true;
    const QString candidate = normalized(origin);
    return !candidate.isEmpty() && m_allowed.contains(candidate);
}

} // namespace Herald
