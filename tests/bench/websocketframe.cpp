#include "websocketframe.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>

#include <cstring>
#include <strings.h>

namespace HeraldBench {

WebSocketFrame::Parse WebSocketFrame::parseHeader(const char *data, std::size_t size,
                                                  Header &header)
{
    if (size < 2)
        return Parse::NeedMore;
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(data);
    if (bytes[0] & 0x70) // RSV bits: we negotiate no extension
        return Parse::Invalid;
    header.fin = bytes[0] & 0x80;
    header.opcode = bytes[0] & 0x0f;
    header.masked = bytes[1] & 0x80;
    std::uint64_t length = bytes[1] & 0x7f;
    std::size_t offset = 2;
    if (length == 126) {
        if (size < 4)
            return Parse::NeedMore;
        length = (std::uint64_t(bytes[2]) << 8) | bytes[3];
        offset = 4;
    } else if (length == 127) {
        if (size < 10)
            return Parse::NeedMore;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | bytes[2 + i];
        offset = 10;
        if (length >> 62)
            return Parse::Invalid;
    }
    if (header.masked) {
        if (size < offset + 4)
            return Parse::NeedMore;
        std::memcpy(&header.mask, bytes + offset, 4);
        offset += 4;
    }
    const bool control = header.opcode & 0x8;
    if (control && (length > 125 || !header.fin))
        return Parse::Invalid;
    if ((header.opcode > Binary && !control) || header.opcode > Pong)
        return Parse::Invalid;
    header.headerSize = offset;
    header.payloadSize = length;
    return Parse::Complete;
}

std::size_t WebSocketFrame::maskedHeaderSize(std::size_t payloadSize)
{
    if (payloadSize < 126)
        return 2 + 4;
    if (payloadSize <= 0xffff)
        return 4 + 4;
    return 10 + 4;
}

void WebSocketFrame::appendMasked(std::string &out, std::uint8_t opcode, const char *payload,
                                  std::size_t size, const std::uint8_t mask[4])
{
    const std::size_t start = out.size();
    out.resize(start + maskedHeaderSize(size) + size);
    auto *p = reinterpret_cast<std::uint8_t *>(&out[start]);
    *p++ = std::uint8_t(0x80 | opcode);
    if (size < 126) {
        *p++ = std::uint8_t(0x80 | size);
    } else if (size <= 0xffff) {
        *p++ = 0x80 | 126;
        *p++ = std::uint8_t(size >> 8);
        *p++ = std::uint8_t(size);
    } else {
        *p++ = 0x80 | 127;
        for (int i = 7; i >= 0; --i)
            *p++ = std::uint8_t(std::uint64_t(size) >> (8 * i));
    }
    std::memcpy(p, mask, 4);
    p += 4;
    for (std::size_t i = 0; i < size; ++i)
        p[i] = std::uint8_t(payload[i]) ^ mask[i & 3];
}

std::string WebSocketFrame::upgradeRequest(const std::string &hostPort, const std::string &path,
                                           const std::string &key, const std::string &subprotocol)
{
    std::string request;
    request.reserve(256);
    request += "GET ";
    request += path;
    request += " HTTP/1.1\r\nHost: ";
    request += hostPort;
    request += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
    request += key;
    request += "\r\nSec-WebSocket-Version: 13\r\n";
    if (!subprotocol.empty()) {
        request += "Sec-WebSocket-Protocol: ";
        request += subprotocol;
        request += "\r\n";
    }
    request += "\r\n";
    return request;
}

std::string WebSocketFrame::randomKey()
{
    QByteArray raw(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 4);
    return raw.toBase64().toStdString();
}

std::string WebSocketFrame::acceptFor(const std::string &key)
{
    const QByteArray input =
        QByteArray::fromStdString(key) + QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    return QCryptographicHash::hash(input, QCryptographicHash::Sha1).toBase64().toStdString();
}

namespace {

// The value of a header (name matched without regard to case), or empty.
std::string headerValue(const char *head, std::size_t size, const char *name)
{
    const std::size_t nameSize = std::strlen(name);
    const char *end = head + size;
    const char *line = static_cast<const char *>(std::memchr(head, '\n', size));
    while (line && line + 1 < end) {
        ++line;
        const char *lineEnd = static_cast<const char *>(std::memchr(line, '\n', end - line));
        if (!lineEnd)
            break;
        if (std::size_t(lineEnd - line) > nameSize && line[nameSize] == ':' &&
            ::strncasecmp(line, name, nameSize) == 0) {
            const char *value = line + nameSize + 1;
            const char *valueEnd = lineEnd;
            while (value < valueEnd && (*value == ' ' || *value == '\t'))
                ++value;
            while (valueEnd > value && (valueEnd[-1] == '\r' || valueEnd[-1] == ' '))
                --valueEnd;
            return std::string(value, valueEnd);
        }
        line = lineEnd;
    }
    return {};
}

} // namespace

std::string WebSocketFrame::checkUpgradeResponse(const char *head, std::size_t size,
                                                 const std::string &key)
{
    static const char status[] = "HTTP/1.1 101";
    if (size < sizeof(status) - 1 || std::memcmp(head, status, sizeof(status) - 1) != 0) {
        const char *lineEnd = static_cast<const char *>(std::memchr(head, '\r', size));
        return "upgrade refused: " + std::string(head, lineEnd ? lineEnd : head + size);
    }
    if (headerValue(head, size, "Sec-WebSocket-Accept") != acceptFor(key))
        return "upgrade answered with a wrong Sec-WebSocket-Accept";
    return {};
}

} // namespace HeraldBench
