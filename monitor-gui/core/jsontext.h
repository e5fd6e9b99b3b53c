#pragma once

#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace Herald::Monitor {

/// JSON typed by a person: any value (not only objects and arrays), and
/// when it is not JSON, where and why, in words the person can act on.
class JsonText
{
    Q_DECLARE_TR_FUNCTIONS(JsonText)

public:
    static JsonText parse(const QString &text);

    bool isValid() const { return m_error.isEmpty(); }
    QJsonValue value() const { return m_value; }
    /// "Line 3, column 7: missing comma", empty when valid.
    QString error() const { return m_error; }
    int line() const { return m_line; }
    int column() const { return m_column; }

private:
    QJsonValue m_value;
    QString m_error;
    int m_line = 0;
    int m_column = 0;
};

} // namespace Herald::Monitor
