#pragma once

#include <herald/wire/protocol_export.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>

// Small JSON building blocks for the hot path: the hub renders each
// publication once into bytes that every subscriber receives unchanged.
namespace Herald::Wire::Json {

/// Largest integer a JSON number carries exactly (2^53 - 1).
constexpr qint64 kMaxSafeInteger = 9007199254740991LL;

/// Appends `text` as a quoted, escaped JSON string.
HERALD_PROTOCOL_EXPORT void appendString(QByteArray &out, QStringView text);
/// Compact JSON for any value, scalars included (QJsonDocument only takes
/// objects and arrays).
HERALD_PROTOCOL_EXPORT QByteArray serialize(const QJsonValue &value);
/// Parses one JSON value of any kind (serialize()'s inverse); Undefined if
/// `text` is not exactly one valid value.
HERALD_PROTOCOL_EXPORT QJsonValue parseValue(QByteArrayView text);
/// A JSON number that is a whole number within +-2^53, or nothing.
HERALD_PROTOCOL_EXPORT std::optional<qint64> toInteger(const QJsonValue &value);
/// ISO 8601 UTC with milliseconds: 2026-11-22T10:00:00.000Z.
HERALD_PROTOCOL_EXPORT QString isoTimestamp(qint64 msecsSinceEpoch);
HERALD_PROTOCOL_EXPORT void appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch);
/// Parses isoTimestamp()'s output (and other ISO 8601 forms); 0 if invalid.
HERALD_PROTOCOL_EXPORT qint64 parseTimestamp(const QString &text);

} // namespace Herald::Wire::Json
