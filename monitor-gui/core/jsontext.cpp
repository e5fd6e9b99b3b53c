#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Herald::Monitor {

JsonText JsonText::parse(const QString &text)
{
    JsonText result;
    if (text.trimmed().isEmpty()) {
        result.m_error = tr("Enter a JSON value, e.g. {\"text\": \"hello\"} or null.");
        return result;
    }
    // QJsonDocument reads only objects and arrays; inside an array any
    // value will do. The bracket shifts offsets by one.
    const QByteArray wrapped = '[' + text.toUtf8() + "\n]";
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError && document.array().size() == 1) {
        result.m_value = document.array().first();
        return result;
    }
    QString reason = error.errorString();
    int offset = std::max(0, error.offset - 1);
    if (error.error == QJsonParseError::NoError) {
        reason = tr("more than one value");
        offset = 0;
    }
    // Line and column counted in characters of what was typed.
    const QString before = QString::fromUtf8(text.toUtf8().left(offset));
    result.m_line = int(before.count(QLatin1Char('\n'))) + 1;
    result.m_column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
    result.m_error =
        tr("Line %1, column %2: %3").arg(result.m_line).arg(result.m_column).arg(reason);
    return result;
}

} // namespace Herald::Monitor
