#pragma once

#include <QChar>
#include <QStringView>

#include <algorithm>

namespace Herald::PlainText {

/// C0, DEL, C1 and the other Unicode control characters. None may stand in a
/// channel name, a tenant or a claim shown in logs; the tenant separator of
/// TenantKey is one of them, which is what keeps tenants apart.
inline bool isControl(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || (u >= 0x7f && u < 0xa0) || c.category() == QChar::Other_Control;
}

inline bool hasControl(QStringView text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return isControl(c); });
}

} // namespace Herald::PlainText
