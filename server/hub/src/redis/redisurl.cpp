#include "redisurl.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Herald {

Result<RedisUrl> RedisUrl::parse(const QString &text)
{
    if (text.trimmed().isEmpty())
        return Result<RedisUrl>::failure(u"the Redis URL is empty"_s);
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return Result<RedisUrl>::failure(u"not a valid URL: %1"_s.arg(url.errorString()));
    if (url.scheme() == "rediss"_L1)
        return Result<RedisUrl>::failure(u"rediss:// (TLS) is not supported; use a local "
                                         "TLS tunnel and redis://"_s);
    if (url.scheme() != "redis"_L1)
        return Result<RedisUrl>::failure(
            u"the scheme must be redis://, not '%1'"_s.arg(url.scheme()));
    if (url.host().isEmpty())
        return Result<RedisUrl>::failure(u"the URL names no host"_s);
    if (url.hasQuery() || url.hasFragment())
        return Result<RedisUrl>::failure(u"query and fragment are not supported"_s);

    RedisUrl result;
    result.host = url.host();
    const int port = url.port(6379);
    if (port <= 0 || port > 65535)
        return Result<RedisUrl>::failure(u"port %1 is out of range"_s.arg(port));
    result.port = quint16(port);
    result.username = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    if (!result.username.isEmpty() && result.password.isEmpty())
        return Result<RedisUrl>::failure(u"a user name needs a password (user:password@)"_s);

    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        const int db = path.toInt(&ok);
        if (!ok || db < 0)
            return Result<RedisUrl>::failure(
                u"the path must be a database number, not '%1'"_s.arg(path));
        result.db = db;
    }
    return result;
}

QString RedisUrl::toDisplayString() const
{
    QUrl url;
    url.setScheme(u"redis"_s);
    url.setHost(host);
    url.setPort(port);
    if (!password.isEmpty()) {
        url.setUserName(username);
        url.setPassword(u"***"_s);
    }
    if (db != 0)
        url.setPath(u"/"_s + QString::number(db));
    return url.toString();
}

} // namespace Herald
