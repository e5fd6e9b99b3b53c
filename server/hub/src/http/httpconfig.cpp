#include <herald/httpconfig.h>

#include <QSet>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

/// Shorter keys can be guessed: 16 characters is the least we accept.
constexpr qsizetype kMinKeyLength = 16;

} // namespace

Result<HttpConfig::ApiKey> HttpConfig::ApiKey::fromString(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.indexOf(u':');
    ApiKey key;
    key.key = colon < 0 ? trimmed : trimmed.left(colon);
    if (colon >= 0) {
        key.identity.userId = trimmed.mid(colon + 1).trimmed();
        if (key.identity.userId.isEmpty())
            return Result<ApiKey>::failure(u"an API key's ':' must be followed by a user id"_s);
        key.identity.userName = key.identity.userId;
        key.identity.anonymous = false;
        key.name = key.identity.userId;
    }
    if (key.key.isEmpty())
        return Result<ApiKey>::failure(u"an API key must not be empty"_s);
    if (key.name.isEmpty())
        key.name = key.key.left(4) + u'\u2026'; // enough to tell keys apart in a log
    return key;
}

QString HttpConfig::validate() const
{
    QSet<QString> seen;
    for (const ApiKey &key : apiKeys) {
        if (key.key.size() < kMinKeyLength)
            return u"API keys must be at least %1 characters"_s.arg(kMinKeyLength);
        for (const QChar c : key.key) {
            if (c.isSpace() || c.unicode() < 0x20 || c.unicode() == 0x7f)
                return u"API keys must not contain spaces or control characters"_s;
        }
        if (seen.contains(key.key))
            return u"an API key is listed twice"_s;
        seen.insert(key.key);
    }
    if (apiBodyLimit < 1)
        return u"the API body limit must be at least 1 byte"_s;
    if (metricsTopChannels < 0)
        return u"the number of top channels in metrics must not be negative"_s;
    return {};
}

} // namespace Herald
