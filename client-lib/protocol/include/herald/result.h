#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace Herald {

/// The outcome of a fallible operation: success, or the reason it failed.
class Status
{
public:
    static Status success() { return Status(); }
    static Status failure(QString reason) { return Status(std::move(reason)); }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const QString &reason() const { return m_reason; }

private:
    Status() = default;
    explicit Status(QString reason)
        : m_failed(true)
        , m_reason(std::move(reason))
    {}
    bool m_failed = false;
    QString m_reason;
};

/// A value, or the reason there is none.
template<typename T>
class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    static Result failure(QString reason)
    {
        Result r;
        r.m_reason = std::move(reason);
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }
    const T &operator*() const { return *m_value; }
    const T *operator->() const { return &*m_value; }
    const QString &reason() const { return m_reason; }

private:
    Result() = default;
    std::optional<T> m_value;
    QString m_reason;
};

} // namespace Herald
