#include "redisreply.h"

namespace Herald {

RedisReply RedisReply::integer(qint64 value)
{
    RedisReply reply;
    reply.m_type = Type::Integer;
    reply.m_integer = value;
    return reply;
}

RedisReply RedisReply::array(QList<RedisReply> elements)
{
    RedisReply reply;
    reply.m_type = Type::Array;
    reply.m_elements = std::move(elements);
    return reply;
}

std::optional<qint64> RedisReply::toInteger() const
{
    if (m_type == Type::Integer)
        return m_integer;
    if (m_type == Type::String || m_type == Type::Status) {
        bool ok = false;
        const qint64 value = m_bytes.toLongLong(&ok);
        if (ok)
            return value;
    }
    return std::nullopt;
}

const RedisReply &RedisReply::at(qsizetype i) const
{
    static const RedisReply none;
    return i >= 0 && i < m_elements.size() ? m_elements.at(i) : none;
}

} // namespace Herald
