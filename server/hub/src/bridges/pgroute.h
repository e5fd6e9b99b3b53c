#pragma once

#include <herald/result.h>

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace Herald {

/// Where a NOTIFY payload goes: a route template such as `user.{user_id}`
/// filled from the payload's own fields, and the event name subscribers
/// see. Pure, so the rules are tested without a database.
class PgRoute
{
public:
    /// One payload, routed: the payload itself is the publication's data.
    struct Target
    {
        QString channel;
        QString event;
        QJsonObject data;
    };

    /// Checks the template ({field} placeholders, no stray braces).
    static Result<PgRoute> parse(const QString &route, const QString &eventField,
                                 const QString &fixedEvent);

    /// The target for one payload, or why it cannot be routed (then the
    /// bridge drops it): not JSON, not an object, a field missing or unusable.
    Result<Target> apply(const QString &payload) const;

    /// Whether `channel` is one this route can produce: the channels a gap
    /// report goes to.
    bool matches(const QString &channel) const;

    /// The payload fields the template reads, in order.
    QStringList fields() const;

private:
    PgRoute() = default;

    struct Part
    {
        QString text;
        bool isField = false;
    };
    QList<Part> m_parts;
    QString m_eventField;
    QString m_fixedEvent;
    QRegularExpression m_pattern;
};

} // namespace Herald
