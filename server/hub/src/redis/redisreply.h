#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace Herald {

/// One RESP2 reply as a value, detached from hiredis's reader so it can be
/// kept, copied and handed across the backplane's callbacks.
class RedisReply
{
public:
    enum class Type { Nil, Status, Error, Integer, String, Array };

    RedisReply() = default;
    static RedisReply nil() { return RedisReply(); }
    static RedisReply status(QByteArray text) { return RedisReply(Type::Status, std::move(text)); }
    static RedisReply error(QByteArray text) { return RedisReply(Type::Error, std::move(text)); }
    static RedisReply string(QByteArray bytes)
    {
        return RedisReply(Type::String, std::move(bytes));
    }
    static RedisReply integer(qint64 value);
    static RedisReply array(QList<RedisReply> elements);

    Type type() const { return m_type; }
    bool isNil() const { return m_type == Type::Nil; }
    bool isError() const { return m_type == Type::Error; }
    bool isArray() const { return m_type == Type::Array; }

    /// The text of a status, error or string reply.
    const QByteArray &bytes() const { return m_bytes; }
    qint64 integerValue() const { return m_integer; }
    /// An integer reply, or a string reply holding one (what HGET returns).
    std::optional<qint64> toInteger() const;

    const QList<RedisReply> &elements() const { return m_elements; }
    qsizetype size() const { return m_elements.size(); }
    /// Element `i` of an array, or a nil reply when there is none.
    const RedisReply &at(qsizetype i) const;

    friend bool operator==(const RedisReply &a, const RedisReply &b)
    {
        return a.m_type == b.m_type && a.m_bytes == b.m_bytes && a.m_integer == b.m_integer &&
               a.m_elements == b.m_elements;
    }

private:
    RedisReply(Type type, QByteArray bytes)
        : m_type(type)
        , m_bytes(std::move(bytes))
    {}

    Type m_type = Type::Nil;
    QByteArray m_bytes;
    qint64 m_integer = 0;
    QList<RedisReply> m_elements;
};

} // namespace Herald
