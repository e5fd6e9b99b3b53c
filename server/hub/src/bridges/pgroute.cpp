#include "pgroute.h"

#include <herald/wire/json.h>

#include <QJsonDocument>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// Hub channel names are at most 200 characters (docs/protocol.md).
constexpr qsizetype kMaxChannelLength = 200;

bool hasControlCharacter(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

} // namespace

Result<PgRoute> PgRoute::parse(const QString &route, const QString &eventField,
                               const QString &fixedEvent)
{
    using Failure = Result<PgRoute>;
    if (route.isEmpty())
        return Failure::failure(u"the route must not be empty"_s);
    if (route.startsWith(u'$'))
        return Failure::failure(u"the route must not start with '$' (the hub's own channels)"_s);
    if (hasControlCharacter(route))
        return Failure::failure(u"the route must not contain control characters"_s);
    if (eventField.isEmpty() && fixedEvent.isEmpty())
        return Failure::failure(u"either an event field or a fixed event name is needed"_s);

    PgRoute result;
    result.m_eventField = eventField;
    result.m_fixedEvent = fixedEvent;
    QString pattern = u"^"_s;
    qsizetype i = 0;
    while (i < route.size()) {
        const qsizetype open = route.indexOf(u'{', i);
        const qsizetype strayClose = route.indexOf(u'}', i);
        if (strayClose >= 0 && (open < 0 || strayClose < open))
            return Failure::failure(
                u"unmatched '}' at %1 in route '%2'"_s.arg(strayClose).arg(route));
        if (open < 0) {
            result.m_parts.append({route.mid(i), false});
            pattern += QRegularExpression::escape(route.mid(i));
            break;
        }
        if (open > i) {
            result.m_parts.append({route.mid(i, open - i), false});
            pattern += QRegularExpression::escape(route.mid(i, open - i));
        }
        const qsizetype close = route.indexOf(u'}', open);
        if (close < 0)
            return Failure::failure(u"unmatched '{' at %1 in route '%2'"_s.arg(open).arg(route));
        const QString field = route.mid(open + 1, close - open - 1);
        if (field.isEmpty() || field.contains(u'{'))
            return Failure::failure(
                u"empty or nested placeholder at %1 in route '%2'"_s.arg(open).arg(route));
        result.m_parts.append({field, true});
        pattern += u"(.+)"_s;
        i = close + 1;
    }
    pattern += u'$';
    result.m_pattern = QRegularExpression(pattern, QRegularExpression::DotMatchesEverythingOption);
    return result;
}

Result<PgRoute::Target> PgRoute::apply(const QString &payload) const
{
    using Failure = Result<Target>;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(payload.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return Failure::failure(
            u"payload is not JSON (%1 at offset %2)"_s.arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return Failure::failure(u"payload is not a JSON object"_s);

    Target target;
    target.data = document.object();
    for (const Part &part : m_parts) {
        if (!part.isField) {
            target.channel += part.text;
            continue;
        }
        const QJsonValue value = target.data.value(part.text);
        if (value.isString()) {
            const QString text = value.toString();
            if (text.isEmpty() || hasControlCharacter(text))
                return Failure::failure(
                    u"payload field '%1' is empty or has control characters"_s.arg(part.text));
            target.channel += text;
        } else if (const auto number = Wire::Json::toInteger(value)) {
            target.channel += QString::number(*number);
        } else if (value.isUndefined()) {
            return Failure::failure(u"payload has no field '%1'"_s.arg(part.text));
        } else {
            return Failure::failure(
                u"payload field '%1' is neither a string nor a whole number"_s.arg(part.text));
        }
    }
    if (target.channel.size() > kMaxChannelLength)
        return Failure::failure(
            u"routed channel is longer than %1 characters"_s.arg(kMaxChannelLength));
    // A payload must not steer a publication into the hub's own `$` space.
    if (target.channel.startsWith(u'$'))
        return Failure::failure(u"routed channel '%1' starts with '$'"_s.arg(target.channel));

    if (!m_eventField.isEmpty()) {
        const QJsonValue event = target.data.value(m_eventField);
        if (event.isString() && !event.toString().isEmpty())
            target.event = event.toString();
    }
    if (target.event.isEmpty())
        target.event = m_fixedEvent;
    if (target.event.isEmpty())
        return Failure::failure(
            u"payload has no string field '%1' to name its event"_s.arg(m_eventField));
    return target;
}

bool PgRoute::matches(const QString &channel) const
{
    return m_pattern.match(channel).hasMatch();
}

QStringList PgRoute::fields() const
{
    QStringList out;
    for (const Part &part : m_parts) {
        if (part.isField)
            out.append(part.text);
    }
    return out;
}

} // namespace Herald
