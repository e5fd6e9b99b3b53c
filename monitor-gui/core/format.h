#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace Herald::Monitor {

/// How the monitor writes numbers, sizes, times and payloads, in one place
/// so that every view says the same thing the same way (and translates it).
class Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)

public:
    static QString count(quint64 value);
    /// Events per second: one decimal below 100, none above.
    static QString rate(double perSecond);
    static QString bytesPerSecond(double perSecond);
    /// 3 d 04:05:06, or 04:05:06 under a day.
    static QString duration(qint64 ms);
    /// Local time of day, with the date when it is not today.
    static QString time(const QDateTime &when);
    /// Local time of day to the millisecond, for streams of messages.
    static QString preciseTime(const QDateTime &when);
    /// Local date and time to the millisecond, for tooltips.
    static QString fullTime(const QDateTime &when);
    /// Compact JSON on one line, cut to `maxLength` characters.
    static QString compactJson(const QJsonValue &value, int maxLength = 300);
    static QString prettyJson(const QJsonValue &value);
};

} // namespace Herald::Monitor
