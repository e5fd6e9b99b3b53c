#include "format.h"

#include <herald/wire/json.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

QString Format::count(quint64 value)
{
    return QLocale().toString(value);
}

QString Format::rate(double perSecond)
{
    return QLocale().toString(perSecond, 'f', perSecond < 100 ? 1 : 0);
}

QString Format::bytesPerSecond(double perSecond)
{
    //: A data rate, e.g. "1.5 KiB/s"
    return tr("%1/s").arg(QLocale().formattedDataSize(qint64(perSecond)));
}

QString Format::duration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    const QString clock = u"%1:%2:%3"_s.arg((seconds / 3600) % 24, 2, 10, QLatin1Char('0'))
                              .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                              .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    const qint64 days = seconds / 86400;
    if (days == 0)
        return clock;
    //: Uptime: days, then hours:minutes:seconds
    return tr("%1 d %2").arg(days).arg(clock);
}

QString Format::time(const QDateTime &when)
{
    if (!when.isValid())
        return QString();
    const QDateTime local = when.toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), u"HH:mm:ss"_s);
    return QLocale().toString(local, QLocale::ShortFormat);
}

QString Format::preciseTime(const QDateTime &when)
{
    return when.isValid() ? QLocale().toString(when.toLocalTime().time(), u"HH:mm:ss.zzz"_s)
                          : QString();
}

QString Format::fullTime(const QDateTime &when)
{
    return when.isValid() ? when.toLocalTime().toString(Qt::ISODateWithMs) : QString();
}

QString Format::compactJson(const QJsonValue &value, int maxLength)
{
    QString text = QString::fromUtf8(Wire::Json::serialize(value));
    if (text.size() > maxLength) {
        text.truncate(maxLength);
        text.append(QChar(0x2026)); // …
    }
    return text;
}

QString Format::prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    return QString::fromUtf8(Wire::Json::serialize(value));
}

} // namespace Herald::Monitor
