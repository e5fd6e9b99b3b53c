#include "handshake.h"

#include <QCryptographicHash>

namespace Herald::Net::Handshake {

namespace {

Outcome refuse(int status, const QByteArray &reason,
               const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    Outcome outcome;
    outcome.reason = reason;
    outcome.response = httpResponse(status, "text/plain; charset=utf-8", reason + '\n', headers);
    return outcome;
}

} // namespace

bool isUpgrade(const HttpRequest &request)
{
    return request.headerHasToken("upgrade", "websocket");
}

QByteArray acceptKey(const QByteArray &key)
{
    static const QByteArray kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    return QCryptographicHash::hash(key + kGuid, QCryptographicHash::Sha1).toBase64();
}

Outcome answer(const HttpRequest &request, const QStringList &supported)
{
    if (request.method != "GET")
        return refuse(400, "a WebSocket upgrade must be a GET");
    if (request.version != "HTTP/1.1")
        return refuse(400, "a WebSocket upgrade needs HTTP/1.1");
    if (!request.headerHasToken("connection", "upgrade"))
        return refuse(400, "missing 'Connection: Upgrade'");
    if (request.header("sec-websocket-version") != "13")
        return refuse(426, "only WebSocket version 13 is supported",
                      {{"Sec-WebSocket-Version", "13"}});
    const QByteArray key = request.header("sec-websocket-key");
    if (QByteArray::fromBase64(key).size() != 16)
        return refuse(400, "missing or malformed Sec-WebSocket-Key");

    Outcome outcome;
    outcome.accepted = true;
    for (const QByteArray &offered : request.header("sec-websocket-protocol").split(',')) {
        const QString name = QString::fromLatin1(offered.trimmed());
        if (!name.isEmpty() && supported.contains(name)) {
            outcome.subprotocol = name;
            break;
        }
    }
    outcome.response = "HTTP/1.1 101 Switching Protocols\r\n"
                       "Upgrade: websocket\r\n"
                       "Connection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: " +
                       acceptKey(key) + "\r\n";
    if (!outcome.subprotocol.isEmpty())
        outcome.response += "Sec-WebSocket-Protocol: " + outcome.subprotocol.toLatin1() + "\r\n";
    outcome.response += "\r\n";
    return outcome;
}

} // namespace Herald::Net::Handshake
