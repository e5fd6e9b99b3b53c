#include "jsonscanner.h"

#include <cstring>

namespace Herald::Wire::Json {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Steps over string bytes that need no attention (not a quote, a backslash
// or a control character) eight at a time: payloads are mostly text.
const char *skipPlain(const char *at, const char *end)
{
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    // Exact "some byte is below n" and "some byte is zero" tests (n <= 128).
    const auto below = [](quint64 word, quint64 n) { return (word - kOnes * n) & ~word & kHighs; };
    while (end - at >= 8) {
        quint64 word;
        std::memcpy(&word, at, 8);
        if (below(word, 0x20) | below(word ^ (kOnes * '"'), 1) | below(word ^ (kOnes * '\\'), 1))
            break;
        at += 8;
    }
    while (at < end) {
        const auto c = static_cast<unsigned char>(*at);
        if (c < 0x20 || c == '"' || c == '\\')
            break;
        ++at;
    }
    return at;
}

} // namespace

bool Scanner::plainString(QByteArrayView *text)
{
    skipSpace();
    if (m_at == m_end || *m_at != '"')
        return false;
    const char *start = ++m_at;
    m_at = skipPlain(m_at, m_end);
    if (m_at == m_end || *m_at != '"')
        return false; // escapes, control characters or no end
    *text = QByteArrayView(start, m_at - start);
    ++m_at;
    return true;
}

bool Scanner::smallInteger(qint64 *value)
{
    skipSpace();
    const bool negative = m_at < m_end && *m_at == '-';
    if (negative)
        ++m_at;
    if (m_at == m_end || !isDigit(*m_at))
        return false;
    const char *digits = m_at;
    qint64 number = 0;
    while (m_at < m_end && isDigit(*m_at) && m_at - digits < 16)
        number = number * 10 + (*m_at++ - '0'); // 16 digits fit; more are refused below
    const auto count = m_at - digits;
    if ((count > 1 && *digits == '0') || count > 15)
        return false;
    if (m_at < m_end && (*m_at == '.' || *m_at == 'e' || *m_at == 'E'))
        return false;
    *value = negative ? -number : number;
    return true;
}

bool Scanner::copyValue(QByteArray &out)
{
    skipSpace();
    const char *start = m_at;
    if (!value(0))
        return false;
    out.append(start, m_at - start);
    return true;
}

bool Scanner::value(int depth)
{
    skipSpace();
    if (m_at == m_end)
        return false;
    switch (*m_at) {
    case '{':
    case '[': {
        if (depth >= kMaxDepth)
            return false;
        const bool object = *m_at++ == '{';
        const char close = object ? '}' : ']';
        if (take(close))
            return true;
        for (;;) {
            if (object) {
                skipSpace();
                if (m_at == m_end || *m_at != '"' || !string() || !take(':'))
                    return false;
            }
            if (!value(depth + 1))
                return false;
            if (take(','))
                continue;
            return take(close);
        }
    }
    case '"':
        return string();
    case 't':
        return literal("true");
    case 'f':
        return literal("false");
    case 'n':
        return literal("null");
    default:
        return number();
    }
}

bool Scanner::string()
{
    ++m_at; // the opening quote
    while ((m_at = skipPlain(m_at, m_end)) < m_end) {
        const auto c = static_cast<unsigned char>(*m_at);
        if (c == '"') {
            ++m_at;
            return true;
        }
        if (c < 0x20)
            return false;
        if (++m_at == m_end) // past the backslash
            return false;
        switch (*m_at) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            ++m_at;
            break;
        case 'u':
            if (m_end - m_at < 5 || !isHex(m_at[1]) || !isHex(m_at[2]) || !isHex(m_at[3]) ||
                !isHex(m_at[4]))
                return false;
            m_at += 5;
            break;
        default:
            return false;
        }
    }
    return false;
}

bool Scanner::number()
{
    if (*m_at == '-')
        ++m_at;
    if (m_at == m_end || !isDigit(*m_at))
        return false;
    const char *digits = m_at;
    while (m_at < m_end && isDigit(*m_at))
        ++m_at;
    // Leading zeros are not JSON; very long integers and exponents are
    // where parsers differ (overflow, precision): the general path decides.
    if ((m_at - digits > 1 && *digits == '0') || m_at - digits > 15)
        return false;
    if (m_at < m_end && *m_at == '.') {
        const char *fraction = ++m_at;
        while (m_at < m_end && isDigit(*m_at))
            ++m_at;
        if (m_at == fraction)
            return false;
    }
    return !(m_at < m_end && (*m_at == 'e' || *m_at == 'E'));
}

bool Scanner::literal(QByteArrayView word)
{
    if (m_end - m_at < word.size() || std::memcmp(m_at, word.data(), size_t(word.size())) != 0)
        return false;
    m_at += word.size();
    return true;
}

} // namespace Herald::Wire::Json
