#pragma once

#include <herald/wire/json.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Herald::Wire::Json {

/// Builds JSON text into one QByteArray through a raw pointer. Every frame
/// the hub sends is built this way: QByteArray::append() goes through
/// insert() and costs ~150 instructions a call (profiled), a dozen calls a
/// frame, where a bounds check and a memcpy do.
class Writer
{
public:
    /// `expected`: the size the text will most likely have; it grows past
    /// it when it has to.
    /// `headroom`: bytes at the start left for the caller to fill.
    explicit Writer(qsizetype expected, qsizetype headroom = 0)
    {
        m_out.resize(std::max(expected, headroom));
        m_at = m_out.data() + headroom;
        m_end = m_out.data() + m_out.size();
    }

    template<qsizetype N>
    void literal(const char (&text)[N])
    {
        raw(text, N - 1);
    }
    void raw(QByteArrayView bytes) { raw(bytes.data(), bytes.size()); }
    void raw(const char *bytes, qsizetype count)
    {
        if (count <= 0)
            return; // an empty array may have no data pointer: no memcpy from null
        reserve(count);
        std::memcpy(m_at, bytes, size_t(count));
        m_at += count;
    }
    void character(char c)
    {
        reserve(1);
        *m_at++ = c;
    }
    /// A quoted, escaped JSON string.
    void string(QStringView text)
    {
        // Names, ids and event types are nearly always plain ASCII that
        // needs no escape: copied narrowed, eight characters a step where
        // SSE2 is there (a char at a time cost ~240 instructions for a
        // 16-character id, profiled; six such strings go into every frame).
        reserve(text.size() + 2);
        char *at = m_at;
        *at++ = '"';
        const char16_t *from = text.utf16();
        const char16_t *const end = from + text.size();
#ifdef __SSE2__
        const __m128i space = _mm_set1_epi16(0x20);
        const __m128i tilde = _mm_set1_epi16(0x7e);
        const __m128i quote = _mm_set1_epi16('"');
        const __m128i backslash = _mm_set1_epi16('\\');
        for (; end - from >= 8; from += 8, at += 8) {
            const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from));
            // Signed compares: units from 0x8000 up count as below 0x20.
            const __m128i escape = _mm_or_si128(
                _mm_or_si128(_mm_cmplt_epi16(units, space), _mm_cmpgt_epi16(units, tilde)),
                _mm_or_si128(_mm_cmpeq_epi16(units, quote), _mm_cmpeq_epi16(units, backslash)));
            if (_mm_movemask_epi8(escape) != 0)
                return escapedString(text);
            _mm_storel_epi64(reinterpret_cast<__m128i *>(at), _mm_packus_epi16(units, units));
        }
#endif
        for (; from != end; ++from) {
            const char16_t u = *from;
            if (u < 0x20 || u >= 0x7f || u == '"' || u == '\\')
                return escapedString(text);
            *at++ = char(u);
        }
        *at++ = '"';
        m_at = at;
    }
    void number(quint64 value)
    {
        char digits[20];
        int count = 0;
        do {
            digits[count++] = char('0' + value % 10);
            value /= 10;
        } while (value);
        reserve(count);
        while (count)
            *m_at++ = digits[--count];
    }
    void number(qint64 value)
    {
        if (value < 0) {
            character('-');
            number(quint64(0) - quint64(value));
        } else {
            number(quint64(value));
        }
    }
    /// "2026-11-22T10:00:00.000Z", quotes included.
    void timestamp(qint64 msecsSinceEpoch);
    /// Any JSON value; whole numbers, strings and null without QJsonDocument.
    void value(const QJsonValue &value);

    qsizetype size() const
    {
        return m_at - m_out.constData();
    }
    QByteArray take()
    {
        m_out.resize(size());
        return std::move(m_out);
    }

private:
    /// The rare case: the general routine, from the opening quote on.
    void escapedString(QStringView text)
    {
        QByteArray escaped;
        appendString(escaped, text);
        raw(escaped);
    }
    void reserve(qsizetype count)
    {
        if (m_end - m_at >= count)
            return;
        const qsizetype used = size();
        m_out.resize(std::max(m_out.size() * 2, used + count + 64));
        m_at = m_out.data() + used;
        m_end = m_out.data() + m_out.size();
    }

    QByteArray m_out;
    char *m_at;
    char *m_end;
};

} // namespace Herald::Wire::Json
