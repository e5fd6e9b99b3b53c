#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Herald::Wire::Json {

/// A forward-only reader of JSON text for the hub's hot path: it checks
/// the grammar of RFC 8259 and hands out plain strings and whole values as
/// bytes, without building a QJsonDocument.
///
/// It is deliberately narrow. Whatever it does not take on (a string with
/// escapes where a name is expected, a number with an exponent or more
/// than 15 integer digits, nesting deeper than kMaxDepth) makes it fail;
/// the caller then goes the general way, which decides and explains. So a
/// failure here never means "invalid", only "not for the fast path".
///
/// The input must be valid UTF-8 (a WebSocket text frame is checked
/// before it gets here); bytes from 0x80 up pass through unexamined.
class Scanner
{
public:
    static constexpr int kMaxDepth = 32;

    explicit Scanner(QByteArrayView text)
        : m_at(text.data())
        , m_end(text.data() + text.size())
    {}

    /// Skips whitespace, then takes `c` if it comes next.
    bool take(char c)
    {
        skipSpace();
        if (m_at < m_end && *m_at == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    /// Only whitespace is left.
    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }
    /// A string without escapes; `text` is what lies between the quotes.
    bool plainString(QByteArrayView *text);
    /// A whole number of at most 15 digits, optionally negative: exactly
    /// representable as a double, as QJsonDocument reads it.
    bool smallInteger(qint64 *value);
    /// One JSON value of any kind, checked and appended to `out` exactly as
    /// it stands in the text (PROTOCOL.md: raw deliveries are the published
    /// data byte for byte).
    bool copyValue(QByteArray &out);

private:
    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }
    bool value(int depth);
    bool string();
    bool number();
    bool literal(QByteArrayView word);

    const char *m_at;
    const char *m_end;
};

} // namespace Herald::Wire::Json
