#pragma once

#include <herald/wire/protocol_export.h>

#include <QString>

#include <optional>

namespace Herald::Wire {

/// The `data.code` of an `error` frame (PROTOCOL.md, "Errors").
enum class ErrorCode {
    BadRequest,
    UnknownType,
    Forbidden,
    NotFound,
    TooLarge,
    RateLimited,
    Internal,
};

HERALD_PROTOCOL_EXPORT QString errorCodeName(ErrorCode code);
HERALD_PROTOCOL_EXPORT std::optional<ErrorCode> errorCodeFromName(const QString &name);

} // namespace Herald::Wire
