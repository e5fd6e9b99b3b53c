#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QUrl>

#include <optional>

namespace Herald::Net {

/// One HTTP/1.1 request as the hub's port receives it: the WebSocket
/// upgrade, or a plain request for the HTTP endpoints.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // path and query, as sent
    QByteArray version;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;

    /// The first value of a header (name in lower case), or empty.
    QByteArray header(QByteArrayView name) const;
    /// Whether a comma-separated header contains `token` (case-insensitive).
    bool headerHasToken(QByteArrayView name, QByteArrayView token) const;
    QUrl url() const; // path and query; no scheme or host
};

/// Reads a request head (and a Content-Length body) from a connection's
/// input, within limits, leaving anything after it in the buffer.
class HttpRequestParser
{
public:
    enum class Status { Incomplete, Complete, Invalid, TooLarge };

    HttpRequestParser(qsizetype maxHeadSize, qsizetype maxBodySize)
        : m_maxHead(maxHeadSize)
        , m_maxBody(maxBodySize)
    {}

    Status parse(QByteArray &buffer);
    HttpRequest &request() { return m_request; }
    const QByteArray &error() const { return m_error; }

private:
    Status fail(Status status, const char *why);

    qsizetype m_maxHead;
    qsizetype m_maxBody;
    bool m_headDone = false;
    qsizetype m_bodyLength = 0;
    HttpRequest m_request;
    QByteArray m_error;
};

/// A minimal HTTP/1.1 response with a body; the connection closes after it.
QByteArray httpResponse(int status, QByteArrayView contentType, QByteArrayView body,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
QByteArray httpReason(int status);

} // namespace Herald::Net
