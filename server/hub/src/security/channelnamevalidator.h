#pragma once

#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QList>
#include <QString>

#include <bitset>
#include <utility>

namespace Herald {

/// Channel names a client may use: length and characters as configured.
/// Control characters are refused whatever the configuration says, which is
/// what keeps the tenant separator (TenantKey) out of client names.
class ChannelNameValidator
{
public:
    /// characters: a set like `A-Za-z0-9._-`; `x-y` is a range, a `-` first
    /// or last stands for itself.
    static Result<ChannelNameValidator> create(int maxLength, const QString &characters);
    static Result<ChannelNameValidator> create(const SecurityConfig &config);

    Status validate(const QString &name) const;

private:
    bool allows(char16_t c) const;

    int m_maxLength = 0;
    std::bitset<128> m_ascii;
    QList<std::pair<char16_t, char16_t>> m_otherRanges;
};

} // namespace Herald
