#include "websocketframe.h"
#include "utf8.h"

#include <QtEndian>

#include <cstring>

namespace Herald::Net::WebSocket {

using namespace Qt::StringLiterals;

namespace {

void appendHeader(QByteArray &out, quint8 firstByte, quint64 length, bool masked)
{
    const quint8 maskBit = masked ? 0x80 : 0x00;
    out.append(char(firstByte));
    if (length <= 125) {
        out.append(char(maskBit | quint8(length)));
    } else if (length <= 0xFFFF) {
        out.append(char(maskBit | 126));
        const quint16 be = qToBigEndian(quint16(length));
        out.append(reinterpret_cast<const char *>(&be), 2);
    } else {
        out.append(char(maskBit | 127));
        const quint64 be = qToBigEndian(length);
        out.append(reinterpret_cast<const char *>(&be), 8);
    }
}

// XOR with the 4-byte key, a word at a time where possible.
void unmask(char *data, qsizetype size, const quint8 key[4])
{
    quint32 key32;
    std::memcpy(&key32, key, 4);
    const quint64 key64 = (quint64(key32) << 32) | key32;
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        word ^= key64;
        std::memcpy(data + i, &word, 8);
    }
    for (; i < size; ++i)
        data[i] = char(quint8(data[i]) ^ key[i & 3]);
}

bool isValidCloseCode(int code)
{
    // RFC 6455 7.4: 1004-1006 and 1015 are reserved and never sent; below
    // 1000 and 1016-2999 are not assigned; 3000-4999 are for applications.
    if (code >= 1000 && code <= 1003)
        return true;
    if (code >= 1007 && code <= 1014)
        return true;
    return code >= 3000 && code <= 4999;
}

} // namespace

void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload)
{
    out.reserve(out.size() + payload.size() + 10);
    appendHeader(out, 0x80 | quint8(opcode), quint64(payload.size()), false);
    out.append(payload.data(), payload.size());
}

int writeHeader(char *out, Opcode opcode, quint64 payloadSize)
{
    out[0] = char(0x80 | quint8(opcode));
    if (payloadSize <= 125) {
        out[1] = char(payloadSize);
        return 2;
    }
    if (payloadSize <= 0xFFFF) {
        out[1] = char(126);
        qToBigEndian(quint16(payloadSize), out + 2);
        return 4;
    }
    out[1] = char(127);
    qToBigEndian(payloadSize, out + 2);
    return 10;
}

QByteArray textFrame(QByteArrayView payload)
{
    char header[kMaxServerHeaderSize];
    const int headerSize = writeHeader(header, Opcode::Text, quint64(payload.size()));
    QByteArray out(headerSize + payload.size(), Qt::Uninitialized);
    std::memcpy(out.data(), header, size_t(headerSize));
    if (!payload.isEmpty()) // an empty view may have no data pointer
        std::memcpy(out.data() + headerSize, payload.data(), size_t(payload.size()));
    return out;
}

QByteArray textFrameFromHeadroom(QByteArray buffer)
{
    const qsizetype payloadSize = buffer.size() - kMaxServerHeaderSize;
    char header[kMaxServerHeaderSize];
    const int headerSize = writeHeader(header, Opcode::Text, quint64(payloadSize));
    std::memcpy(buffer.data() + kMaxServerHeaderSize - headerSize, header, size_t(headerSize));
    // Removing from the front of an unshared QByteArray moves its start, not
    // its bytes (Qt 6).
    buffer.remove(0, kMaxServerHeaderSize - headerSize);
    return buffer;
}

QByteArray closeFrame(int code, const QString &reason)
{
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian(quint16(code), payload.data());
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (quint8(text.at(cut)) & 0xC0) == 0x80)
            --cut; // do not split a multi-byte sequence
        text.truncate(cut);
    }
    payload.append(text);
    QByteArray out;
    appendFrame(out, Opcode::Close, payload);
    return out;
}

QByteArray clientFrame(Opcode opcode, QByteArrayView payload, bool fin, quint32 mask)
{
    QByteArray out;
    appendHeader(out, (fin ? 0x80 : 0x00) | quint8(opcode), quint64(payload.size()), true);
    quint8 key[4];
    qToBigEndian(mask, key);
    out.append(reinterpret_cast<const char *>(key), 4);
    const qsizetype start = out.size();
    out.append(payload.data(), payload.size());
    unmask(out.data() + start, payload.size(), key);
    return out;
}

qsizetype frameSize(const char *data, qsizetype available)
{
    if (available < 2)
        return 0;
    const auto *p = reinterpret_cast<const quint8 *>(data);
    const bool masked = p[1] & 0x80;
    quint64 length = p[1] & 0x7F;
    qsizetype header = 2;
    if (length == 126) {
        if (available < 4)
            return 0;
        length = qFromBigEndian<quint16>(p + 2);
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return 0;
        length = qFromBigEndian<quint64>(p + 2);
        header = 10;
    }
    return header + (masked ? 4 : 0) + qsizetype(length);
}

FrameParser::Result FrameParser::parse(char *data, qsizetype available, FrameHandler &handler)
{
    qsizetype offset = 0;
    auto fail = [&](int code, const QString &reason) {
        m_closed = true;
        return Result{offset, Failure{code, reason}};
    };

    while (!m_closed && available - offset >= 2) {
        auto *frame = reinterpret_cast<quint8 *>(data + offset);
        const bool fin = frame[0] & 0x80;
        const quint8 rsv = frame[0] & 0x70;
        const auto opcode = Opcode(frame[0] & 0x0F);
        const bool masked = frame[1] & 0x80;
        quint64 length = frame[1] & 0x7F;
        qsizetype header = 2;

        if (rsv)
            return fail(CloseStatus::ProtocolError, u"reserved bits set without an extension"_s);
        if (!masked)
            return fail(CloseStatus::ProtocolError, u"client frames must be masked"_s);
        const bool control = quint8(opcode) & 0x08;
        switch (opcode) {
        case Opcode::Continuation:
        case Opcode::Text:
        case Opcode::Binary:
        case Opcode::Close:
        case Opcode::Ping:
        case Opcode::Pong:
            break;
        default:
            return fail(CloseStatus::ProtocolError, u"unknown opcode %1"_s.arg(int(opcode)));
        }
        if (control && (!fin || length > 125))
            return fail(CloseStatus::ProtocolError,
                        u"control frames must be final and at most 125 bytes"_s);

        if (length == 126) {
            if (available - offset < 4)
                break;
            length = qFromBigEndian<quint16>(frame + 2);
            header = 4;
        } else if (length == 127) {
            if (available - offset < 10)
                break;
            length = qFromBigEndian<quint64>(frame + 2);
            if (length >> 63)
                return fail(CloseStatus::ProtocolError, u"frame length out of range"_s);
            header = 10;
        }
        // Refuse an oversized frame from its header, before buffering it.
        const quint64 sofar = quint64(m_fragments.size());
        if (!control && length + sofar > quint64(m_maxMessageSize))
            return fail(CloseStatus::TooBig,
                        u"message larger than %1 bytes"_s.arg(m_maxMessageSize));

        const qsizetype total = header + 4 + qsizetype(length);
        if (available - offset < total)
            break; // wait for the rest
        char *payload = reinterpret_cast<char *>(frame) + header + 4;
        unmask(payload, qsizetype(length), frame + header);
        const QByteArrayView view(payload, qsizetype(length));
        offset += total;

        switch (opcode) {
        case Opcode::Ping:
            handler.pingReceived(view);
            break;
        case Opcode::Pong:
            handler.pongReceived(view);
            break;
        case Opcode::Close: {
            if (length == 1)
                return fail(CloseStatus::ProtocolError, u"close frame with a 1-byte payload"_s);
            int code = CloseStatus::NoStatus;
            QString reason;
            if (length >= 2) {
                code = qFromBigEndian<quint16>(payload);
                if (!isValidCloseCode(code))
                    return fail(CloseStatus::ProtocolError, u"invalid close code %1"_s.arg(code));
                if (!isValidUtf8(payload + 2, qsizetype(length) - 2))
                    return fail(CloseStatus::InvalidPayload, u"close reason is not UTF-8"_s);
                reason = QString::fromUtf8(payload + 2, qsizetype(length) - 2);
            }
            m_closed = true;
            handler.closeReceived(code, reason);
            return Result{offset, std::nullopt};
        }
        case Opcode::Text:
        case Opcode::Binary:
            if (m_fragmentOpcode != Opcode::Continuation)
                return fail(CloseStatus::ProtocolError,
                            u"a new message began inside a fragmented one"_s);
            if (fin) {
                if (opcode == Opcode::Text && !isValidUtf8(view.data(), view.size()))
                    return fail(CloseStatus::InvalidPayload, u"text message is not UTF-8"_s);
                handler.messageReceived(opcode, view);
            } else {
                m_fragmentOpcode = opcode;
                m_fragments = QByteArray(view.data(), view.size());
            }
            break;
        case Opcode::Continuation:
            if (m_fragmentOpcode == Opcode::Continuation)
                return fail(CloseStatus::ProtocolError, u"continuation without a message"_s);
            m_fragments.append(view.data(), view.size());
            if (fin) {
                const Opcode kind = m_fragmentOpcode;
                m_fragmentOpcode = Opcode::Continuation;
                const QByteArray message = std::exchange(m_fragments, QByteArray());
                if (kind == Opcode::Text && !isValidUtf8(message.constData(), message.size()))
                    return fail(CloseStatus::InvalidPayload, u"text message is not UTF-8"_s);
                handler.messageReceived(kind, message);
            }
            break;
        }
    }
    return Result{offset, std::nullopt};
}

} // namespace Herald::Net::WebSocket
