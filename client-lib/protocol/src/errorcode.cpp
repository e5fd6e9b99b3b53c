#include <herald/wire/errorcode.h>

#include <array>
#include <utility>

namespace Herald::Wire {

namespace {
constexpr std::array<std::pair<ErrorCode, const char *>, 7> kNames{{
    {ErrorCode::BadRequest, "bad_request"},
    {ErrorCode::UnknownType, "unknown_type"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::TooLarge, "too_large"},
    {ErrorCode::RateLimited, "rate_limited"},
    {ErrorCode::Internal, "internal"},
}};
} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[value, name] : kNames) {
        if (value == code)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("internal");
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

} // namespace Herald::Wire
