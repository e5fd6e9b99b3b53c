#include <herald/wire/json.h>

#include "jsonwriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>
#include <limits>

namespace Herald::Wire::Json {

void appendString(QByteArray &out, QStringView text)
{
    static const char kHex[] = "0123456789abcdef";
    // Names and event types are nearly always plain ASCII: no conversion.
    bool ascii = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == '"' || u == '\\') {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        const qsizetype start = out.size();
        out.resize(start + text.size() + 2);
        char *p = out.data() + start;
        *p++ = '"';
        for (const QChar c : text)
            *p++ = char(c.unicode());
        *p = '"';
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (u) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default:
            if (u < 0x20) {
                const char escaped[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xf]};
                out.append(escaped, sizeof escaped);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

QByteArray serialize(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    case QJsonValue::Array:
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        return QByteArrayLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QJsonValue::String: {
        // Scalars by hand: the wrap-in-an-array detour through QJsonDocument
        // costs thousands of instructions, once per publication.
        QByteArray out;
        appendString(out, value.toString());
        return out;
    }
    case QJsonValue::Double:
        if (const auto integer = toInteger(value))
            return QByteArray::number(*integer);
        [[fallthrough]];
    default: {
        // Wrap the scalar in an array and strip the brackets: QJsonDocument
        // then formats numbers and strings exactly as it does inside objects.
        QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    }
}

QJsonValue parseValue(QByteArrayView text)
{
    // QJsonDocument takes objects and arrays only: wrap the value in one.
    QByteArray wrapped;
    wrapped.reserve(text.size() + 2);
    wrapped.append('[').append(text.data(), text.size()).append(']');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return QJsonValue(QJsonValue::Undefined);
    return document.array().first();
}

std::optional<qint64> toInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d)
        return std::nullopt;
    if (d > double(kMaxSafeInteger) || d < -double(kMaxSafeInteger))
        return std::nullopt;
    return static_cast<qint64>(d);
}

namespace {

void computeIsoTimestamp(char *text, qint64 msecsSinceEpoch)
{
    // By hand: QDateTime::toString(Qt::ISODateWithMs) cost about 12 000
    // instructions a call (profiled), and every frame the hub sends carries
    // one. Civil date from days since 1970 (H. Hinnant's algorithm).
    qint64 ms = msecsSinceEpoch;
    qint64 days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    qint64 rest = ms - days * 86400000;
    const int millis = int(rest % 1000);
    rest /= 1000;
    const int second = int(rest % 60);
    const int minute = int((rest / 60) % 60);
    const int hour = int(rest / 3600);
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    auto put = [text](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i) {
            text[at + i] = char('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, day, 2);
    text[10] = 'T';
    put(11, hour, 2);
    text[13] = ':';
    put(14, minute, 2);
    text[16] = ':';
    put(17, second, 2);
    text[19] = '.';
    put(20, millis, 3);
    text[23] = 'Z';
}

void writeIsoTimestamp(char *text, qint64 msecsSinceEpoch)
{
    // A hub stamps its acks and publications with the clock's millisecond:
    // at 200 000 publications a second, hundreds share one. The last one
    // is kept per thread (~350 instructions a timestamp saved, profiled).
    struct Last
    {
        qint64 ms = std::numeric_limits<qint64>::min();
        char text[24];
    };
    thread_local Last last;
    if (msecsSinceEpoch != last.ms) {
        computeIsoTimestamp(last.text, msecsSinceEpoch);
        last.ms = msecsSinceEpoch;
    }
    std::memcpy(text, last.text, sizeof last.text);
}

} // namespace

void appendIsoTimestamp(QByteArray &out, qint64 msecsSinceEpoch)
{
    char text[24];
    writeIsoTimestamp(text, msecsSinceEpoch);
    out.append(text, 24);
}

void Writer::timestamp(qint64 msecsSinceEpoch)
{
    reserve(26);
    *m_at++ = '"';
    writeIsoTimestamp(m_at, msecsSinceEpoch);
    m_at += 24;
    *m_at++ = '"';
}

void Writer::value(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null:
        literal("null");
        return;
    case QJsonValue::Bool:
        if (value.toBool())
            literal("true");
        else
            literal("false");
        return;
    case QJsonValue::String:
        string(value.toString());
        return;
    case QJsonValue::Double:
        if (const auto integer = toInteger(value)) {
            number(*integer);
            return;
        }
        break;
    default:
        break;
    }
    raw(serialize(value));
}

QString isoTimestamp(qint64 msecsSinceEpoch)
{
    QByteArray text;
    appendIsoTimestamp(text, msecsSinceEpoch);
    return QString::fromLatin1(text);
}

qint64 parseTimestamp(const QString &text)
{
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    return parsed.isValid() ? parsed.toMSecsSinceEpoch() : 0;
}

} // namespace Herald::Wire::Json
