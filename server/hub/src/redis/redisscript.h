#pragma once

#include "redisconnection.h"

#include <QByteArray>
#include <QByteArrayList>

namespace Herald {

/// A Lua script run by its SHA1 (EVALSHA), so the body crosses the wire
/// only when Redis does not know it yet: after a restart or SCRIPT FLUSH
/// the NOSCRIPT reply is answered by sending the body once (EVAL).
class RedisScript
{
public:
    explicit RedisScript(QByteArray body);

    const QByteArray &body() const { return m_body; }
    const QByteArray &sha1() const { return m_sha1; }

    /// SCRIPT LOAD, so that EVALSHAs pipelined behind it find the script.
    void load(RedisConnection &connection, RedisConnection::Callback callback = {}) const;
    void run(RedisConnection &connection, const QByteArrayList &keys,
             const QByteArrayList &arguments, RedisConnection::Callback callback) const;

private:
    static QByteArrayList evalArguments(const char *verb, const QByteArray &script,
                                        const QByteArrayList &keys,
                                        const QByteArrayList &arguments);

    QByteArray m_body;
    QByteArray m_sha1; // lowercase hex, as Redis names scripts
};

} // namespace Herald
