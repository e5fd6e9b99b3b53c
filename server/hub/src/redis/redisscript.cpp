#include "redisscript.h"

#include <QCryptographicHash>
#include <QPointer>

namespace Herald {

RedisScript::RedisScript(QByteArray body)
    : m_body(std::move(body))
    , m_sha1(QCryptographicHash::hash(m_body, QCryptographicHash::Sha1).toHex())
{}

void RedisScript::load(RedisConnection &connection, RedisConnection::Callback callback) const
{
    connection.command({"SCRIPT", "LOAD", m_body}, std::move(callback));
}

QByteArrayList RedisScript::evalArguments(const char *verb, const QByteArray &script,
                                          const QByteArrayList &keys,
                                          const QByteArrayList &arguments)
{
    QByteArrayList command{verb, script, QByteArray::number(keys.size())};
    command.reserve(3 + keys.size() + arguments.size());
    command.append(keys);
    command.append(arguments);
    return command;
}

void RedisScript::run(RedisConnection &connection, const QByteArrayList &keys,
                      const QByteArrayList &arguments, RedisConnection::Callback callback) const
{
    const QPointer<RedisConnection> link(&connection);
    connection.command(
        evalArguments("EVALSHA", m_sha1, keys, arguments),
        [link, body = m_body, keys, arguments,
         callback = std::move(callback)](const Result<RedisReply> &reply) mutable {
            if (reply.ok() || !reply.reason().startsWith(QLatin1String("NOSCRIPT")) || !link) {
                if (callback)
                    callback(reply);
                return;
            }
            link->command(evalArguments("EVAL", body, keys, arguments), std::move(callback));
        });
}

} // namespace Herald
