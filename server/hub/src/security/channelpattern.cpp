#include "channelpattern.h"

#include "plaintext.h"

#include <QVarLengthArray>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// One element of a pattern with its placeholders filled: a character to
// match, `*` or `**`. Kept apart from the text so a filled-in value is
// always literal.
enum class Element : char32_t { Star = 0x110000, AnyDepth = 0x110001 };

bool globMatch(const QVarLengthArray<char32_t, 64> &pattern, const QString &channel)
{
    const qsizetype n = channel.size();
    // The usual wildcard table, one row at a time: row[j] says whether the
    // pattern so far matches the first j characters. O(pattern x channel)
    // whatever the pattern, so no rule or claim can make it backtrack.
    QVarLengthArray<bool, 256> row(n + 1);
    QVarLengthArray<bool, 256> next(n + 1);
    std::fill(row.begin(), row.end(), false);
    row[0] = true;
    for (const char32_t element : pattern) {
        next[0] = element == char32_t(Element::AnyDepth) || element == char32_t(Element::Star)
                      ? row[0]
                      : false;
        for (qsizetype j = 1; j <= n; ++j) {
            const char16_t c = channel.at(j - 1).unicode();
            if (element == char32_t(Element::AnyDepth))
                next[j] = row[j] || next[j - 1];
            else if (element == char32_t(Element::Star))
                next[j] = row[j] || (next[j - 1] && c != u'.');
            else
                next[j] = row[j - 1] && c == element;
        }
        std::swap(row, next);
    }
    return row[n];
}

} // namespace

Result<ChannelPattern> ChannelPattern::parse(const QString &pattern)
{
    if (pattern.isEmpty())
        return Result<ChannelPattern>::failure(u"empty channel pattern"_s);
    ChannelPattern result;
    result.m_text = pattern;
    qsizetype i = 0;
    while (i < pattern.size()) {
        const QChar c = pattern.at(i);
        if (PlainText::isControl(c))
            return Result<ChannelPattern>::failure(u"control character in channel pattern"_s);
        if (c == u'*') {
            qsizetype run = 1;
            while (i + run < pattern.size() && pattern.at(i + run) == u'*')
                ++run;
            if (run > 2)
                return Result<ChannelPattern>::failure(
                    u"'%1': more than two '*' in a row"_s.arg(pattern));
            result.m_pieces.append({run == 2 ? Kind::AnyDepth : Kind::Star, {}});
            i += run;
            continue;
        }
        if (c == u'{') {
            const qsizetype close = pattern.indexOf(u'}', i);
            const QStringView name =
                close < 0 ? QStringView() : QStringView(pattern).mid(i + 1, close - i - 1);
            if (name == u"user_id"_s)
                result.m_pieces.append({Kind::UserId, {}});
            else if (name == u"tenant"_s)
                result.m_pieces.append({Kind::Tenant, {}});
            else
                return Result<ChannelPattern>::failure(
                    u"'%1': only {user_id} and {tenant} may stand in braces"_s.arg(pattern));
            result.m_hasPlaceholders = true;
            i = close + 1;
            continue;
        }
        if (c == u'}')
            return Result<ChannelPattern>::failure(u"'%1': unmatched '}'"_s.arg(pattern));
        if (result.m_pieces.isEmpty() || result.m_pieces.last().kind != Kind::Literal)
            result.m_pieces.append({Kind::Literal, {}});
        result.m_pieces.last().literal.append(c);
        ++i;
    }
    return result;
}

bool ChannelPattern::isSafePlaceholderValue(const QString &value)
{
    if (value.isEmpty())
        return false;
    for (const QChar c : value) {
        if (c == u'.' || c == u'*' || c == u'{' || c == u'}' || PlainText::isControl(c))
            return false;
    }
    return true;
}

bool ChannelPattern::matches(const QString &channel, const Identity &identity) const
{
    // A literal start that differs settles most rules without the table.
    if (!m_pieces.isEmpty() && m_pieces.first().kind == Kind::Literal &&
        !channel.startsWith(m_pieces.first().literal)) {
        return false;
    }
    if (m_pieces.size() == 1 && m_pieces.first().kind == Kind::Literal)
        return channel == m_pieces.first().literal;

    QVarLengthArray<char32_t, 64> elements;
    const auto appendLiteral = [&elements](const QString &text) {
        for (const QChar c : text)
            elements.append(c.unicode());
    };
    for (const Piece &piece : m_pieces) {
        switch (piece.kind) {
        case Kind::Literal:
            appendLiteral(piece.literal);
            break;
        case Kind::Star:
            elements.append(char32_t(Element::Star));
            break;
        case Kind::AnyDepth:
            elements.append(char32_t(Element::AnyDepth));
            break;
        case Kind::UserId:
        case Kind::Tenant: {
            const QString &value = piece.kind == Kind::UserId ? identity.userId : identity.tenant;
            if (identity.anonymous || !isSafePlaceholderValue(value))
                return false;
            appendLiteral(value);
            break;
        }
        }
    }
    return globMatch(elements, channel);
}

} // namespace Herald
