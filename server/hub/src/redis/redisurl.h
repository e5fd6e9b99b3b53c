#pragma once

#include <herald/result.h>

#include <QString>

namespace Herald {

/// Where a Redis server is and how to log in:
/// `redis://[[user]:password@]host[:port][/db]`.
class RedisUrl
{
public:
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString username; // Redis 6 ACL user; empty means the default user
    QString password; // empty: no AUTH
    int db = 0;       // SELECTed after connecting when not 0

    static Result<RedisUrl> parse(const QString &text);

    /// The URL with the password masked, for logs and status pages.
    QString toDisplayString() const;

    friend bool operator==(const RedisUrl &a, const RedisUrl &b)
    {
        return a.host == b.host && a.port == b.port && a.username == b.username &&
               a.password == b.password && a.db == b.db;
    }
};

} // namespace Herald
