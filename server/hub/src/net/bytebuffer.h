#pragma once

#include <QtGlobal>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace Herald::Net {

/// A connection's outbox: bytes appended with a plain memcpy and written
/// from the front. QByteArray's append costs several times as much per
/// call (profiled: ~360 instructions to append a 230-byte frame to an
/// emptied QByteArray, ~30 here), and an outbox takes one append per
/// delivery per subscriber.
class ByteBuffer
{
public:
    ByteBuffer() = default;
    ByteBuffer(const ByteBuffer &) = delete;
    ByteBuffer &operator=(const ByteBuffer &) = delete;
    ~ByteBuffer() { std::free(m_data); }

    const char *data() const { return m_data; }
    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }

    void append(const char *bytes, qsizetype count)
    {
        if (count <= 0)
            return; // an empty view may have no data pointer: no memcpy from null
        if (m_size + count > m_capacity)
            grow(m_size + count);
        std::memcpy(m_data + m_size, bytes, size_t(count));
        m_size += count;
    }
    void reserve(qsizetype capacity)
    {
        if (capacity > m_capacity)
            grow(capacity);
    }
    void swap(ByteBuffer &other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
    }
    void truncate(qsizetype size)
    {
        if (size < m_size)
            m_size = size;
    }
    /// Drops the first `count` bytes.
    void removeFront(qsizetype count)
    {
        std::memmove(m_data, m_data + count, size_t(m_size - count));
        m_size -= count;
    }
    /// Empties the buffer; keeps its memory if no larger than `keep` bytes
    /// (a busy connection reuses it, an idle one holds little).
    void clear(qsizetype keep)
    {
        m_size = 0;
        if (m_capacity > keep) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
        }
    }

private:
    void grow(qsizetype needed)
    {
        qsizetype capacity = std::max<qsizetype>(m_capacity * 2, 512);
        while (capacity < needed)
            capacity *= 2;
        auto *data = static_cast<char *>(std::realloc(m_data, size_t(capacity)));
        Q_CHECK_PTR(data);
        m_data = data;
        m_capacity = capacity;
    }

    char *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

} // namespace Herald::Net
