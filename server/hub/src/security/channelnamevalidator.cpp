#include "channelnamevalidator.h"

#include "plaintext.h"

namespace Herald {

using namespace Qt::StringLiterals;

Result<ChannelNameValidator> ChannelNameValidator::create(int maxLength, const QString &characters)
{
    if (maxLength < 1)
        return Result<ChannelNameValidator>::failure(u"channel name length must be at least 1"_s);
    if (characters.isEmpty())
        return Result<ChannelNameValidator>::failure(u"no channel name characters allowed"_s);
    ChannelNameValidator result;
    result.m_maxLength = maxLength;
    for (qsizetype i = 0; i < characters.size(); ++i) {
        char16_t low = characters.at(i).unicode();
        char16_t high = low;
        if (i + 2 < characters.size() && characters.at(i + 1) == u'-') {
            high = characters.at(i + 2).unicode();
            i += 2;
        }
        if (high < low)
            return Result<ChannelNameValidator>::failure(
                u"channel name characters: range %1-%2 runs backwards"_s.arg(QChar(low),
                                                                             QChar(high)));
        for (char16_t c = low; c <= high && c < 128; ++c)
            result.m_ascii.set(c);
        if (high >= 128)
            result.m_otherRanges.append({std::max<char16_t>(low, 128), high});
    }
    return result;
}

Result<ChannelNameValidator> ChannelNameValidator::create(const SecurityConfig &config)
{
    return create(config.maxChannelNameLength, config.channelNameCharacters);
}

bool ChannelNameValidator::allows(char16_t c) const
{
    if (PlainText::isControl(QChar(c)))
        return false;
    if (c < 128)
        return m_ascii.test(c);
    return std::any_of(m_otherRanges.cbegin(), m_otherRanges.cend(),
                       [c](const auto &range) { return c >= range.first && c <= range.second; });
}

Status ChannelNameValidator::validate(const QString &name) const
{
    if (name.isEmpty())
        return Status::failure(u"empty channel name"_s);
    if (name.size() > m_maxLength)
        return Status::failure(u"channel name longer than %1 characters"_s.arg(m_maxLength));
    for (const QChar c : name) {
        if (!allows(c.unicode()))
            return Status::failure(u"channel name has a character that is not allowed (U+%1)"_s.arg(
                uint(c.unicode()), 4, 16, QChar(u'0')));
    }
    return Status::success();
}

} // namespace Herald
