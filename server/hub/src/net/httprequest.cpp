#include "httprequest.h"

namespace Herald::Net {

namespace {

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool HttpRequest::headerHasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const auto &[key, value] : headers) {
        if (key != name)
            continue;
        for (const QByteArray &part : value.split(',')) {
            if (equalsIgnoringCase(part.trimmed(), token))
                return true;
        }
    }
    return false;
}

QUrl HttpRequest::url() const
{
    return QUrl::fromEncoded(target, QUrl::TolerantMode);
}

HttpRequestParser::Status HttpRequestParser::fail(Status status, const char *why)
{
    m_error = why;
    return status;
}

HttpRequestParser::Status HttpRequestParser::parse(QByteArray &buffer)
{
    if (!m_headDone) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer.size() > m_maxHead)
                return fail(Status::TooLarge, "request head too large");
            return Status::Incomplete;
        }
        if (end > m_maxHead)
            return fail(Status::TooLarge, "request head too large");
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        buffer.remove(0, end + 4);

        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
            return fail(Status::Invalid, "malformed request line");
        m_request.method = requestLine.at(0);
        m_request.target = requestLine.at(1);
        m_request.version = requestLine.at(2);
        if (!m_request.target.startsWith('/'))
            return fail(Status::Invalid, "request target must be a path");
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return fail(Status::Invalid, "malformed header line");
            m_request.headers.append(
                {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
        }
        if (!m_request.header("transfer-encoding").isEmpty())
            return fail(Status::Invalid, "chunked request bodies are not supported");
        const QByteArray length = m_request.header("content-length");
        if (!length.isEmpty()) {
            bool ok = false;
            m_bodyLength = length.toLongLong(&ok);
            if (!ok || m_bodyLength < 0)
                return fail(Status::Invalid, "invalid Content-Length");
            if (m_bodyLength > m_maxBody)
                return fail(Status::TooLarge, "request body too large");
        }
        m_headDone = true;
    }
    if (buffer.size() < m_bodyLength)
        return Status::Incomplete;
    m_request.body = buffer.left(m_bodyLength);
    buffer.remove(0, m_bodyLength);
    return Status::Complete;
}

QByteArray httpReason(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray httpResponse(int status, QByteArrayView contentType, QByteArrayView body,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReason(status) + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType.toByteArray() + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : extraHeaders)
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    out.append(body.data(), body.size());
    return out;
}

} // namespace Herald::Net
