#include "connection.h"
#include "handshake.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace Herald::Net {

using namespace Qt::StringLiterals;

namespace {
// An emptied outbox keeps up to this much memory for the next turn: a busy
// connection reuses it instead of growing it again (profiled: regrowing
// from scratch every turn cost a third of the hub's instructions in
// realloc copies). trimOutbox() gives it back once the connection is quiet.
constexpr qsizetype kKeptOutboxBytes = 1024 * 1024;
constexpr qsizetype kIdleOutboxBytes = 4096;
} // namespace

Connection::Connection(ConnectionHost &host, int descriptor, const QHostAddress &peer)
    : m_host(host)
    , m_fd(descriptor)
    , m_peer(peer)
    , m_request(std::make_unique<HttpRequestParser>(host.limits().maxRequestHead,
                                                    host.limits().maxRequestBody))
    , m_parser(host.limits().maxMessageSize)
{
    static std::atomic<quint64> serials{0};
    m_serial = ++serials;
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    // We batch writes ourselves; Nagle would only add latency on top.
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_stateSinceMs = host.now();
    if (ssl_ctx_st *context = host.tlsContext()) {
        // wss://: the TLS handshake happens on the first reads and writes.
        m_ssl = SSL_new(context);
        SSL_set_fd(m_ssl, m_fd);
        SSL_set_accept_state(m_ssl);
    }
    m_watched = host.poller().add(m_fd, this);
}

Connection::~Connection()
{
    if (m_ssl)
        SSL_free(m_ssl);
    if (m_fd >= 0) {
        unwatch();
        ::close(m_fd);
    }
}

void Connection::setState(State state)
{
    m_state = state;
    m_stateSinceMs = m_host.now();
}

ssize_t Connection::receive(char *data, size_t size)
{
    if (!m_ssl)
        return ::recv(m_fd, data, size, 0);
    ERR_clear_error();
    const int n = SSL_read(m_ssl, data, int(std::min<size_t>(size, INT_MAX)));
    if (n > 0)
        return n;
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_WANT_READ:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_WANT_WRITE: // renegotiation or the handshake's answer
        m_tlsReadWantsWrite = true;
        watchWritable();
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL:
        if (errno == 0)
            return 0; // the peer hung up without a TLS close
        return -1;
    default:
        errno = EPROTO; // a TLS error: bad handshake, plain text on a wss port
        return -1;
    }
}

ssize_t Connection::transmit(const char *data, size_t size)
{
    if (!m_ssl)
        return ::send(m_fd, data, size, MSG_NOSIGNAL);
    ERR_clear_error();
    const int n = SSL_write(m_ssl, data, int(std::min<size_t>(size, INT_MAX)));
    if (n > 0)
        return n;
    switch (SSL_get_error(m_ssl, n)) {
    case SSL_ERROR_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_WANT_READ: // still in the handshake: wait for the client
        m_tlsWriteWantsRead = true;
        errno = EAGAIN;
        return -1;
    default:
        errno = EPIPE;
        return -1;
    }
}

void Connection::watchWritable()
{
    if (m_watchingWrite || !m_watched)
        return;
    m_watchingWrite = m_host.poller().setWriteInterest(m_fd, this, true);
}

void Connection::unwatch()
{
    if (m_watched)
        m_host.poller().remove(m_fd);
    m_watched = false;
    m_watchingWrite = false;
}

void Connection::unwatchWritable()
{
    if (!m_watchingWrite)
        return;
    m_host.poller().setWriteInterest(m_fd, this, false);
    m_watchingWrite = false;
}

qint64 Connection::readable()
{
    if (m_state == State::Closed)
        return 0; // closed earlier in the poller's batch; freed at the end of the turn
    if (m_tlsWriteWantsRead) {
        m_tlsWriteWantsRead = false;
        flush(); // a write that waited for the handshake to go on
        if (m_state == State::Closed)
            return 0;
    }
    qint64 taken = 0;
    QByteArray &scratch = m_host.scratch();
    // A few reads per wake-up at most, so one busy client cannot starve the
    // others sharing this thread.
    for (int round = 0; round < 4 && m_state != State::Closed; ++round) {
        const qsizetype room = scratch.size();
        const ssize_t n = receive(scratch.data(), size_t(room));
        if (n == 0) {
            finish(m_state == State::Closing && m_closeCode ? m_closeCode
                                                            : WebSocket::CloseStatus::Abnormal,
                   m_state == State::Closing ? m_closeReason : u"connection dropped"_s);
            return taken;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                finish(WebSocket::CloseStatus::Abnormal, u"read failed"_s);
            return taken;
        }
        taken += n;
        m_host.transferred(n, 0);
        if (m_state == State::Responding)
            continue; // one request per connection: the rest is not read
        if (m_state == State::Request) {
            m_in.append(scratch.constData(), n);
            if (!handleRequest())
                return taken;
        } else if (m_in.isEmpty()) {
            // The common case: whole frames straight from the scratch buffer.
            handleFrames(scratch.data(), n, &m_in);
        } else {
            m_in.append(scratch.constData(), n);
            QByteArray carried = std::exchange(m_in, QByteArray());
            handleFrames(carried.data(), carried.size(), &m_in);
        }
        if (n < room && !(m_ssl && SSL_pending(m_ssl) > 0))
            return taken; // drained (TLS may hold decrypted bytes the socket no longer signals)
    }
    return taken;
}

void Connection::handleFrames(char *data, qsizetype size, QByteArray *keep)
{
    if (m_state != State::Open && m_state != State::Closing)
        return;
    const auto result = m_parser.parse(data, size, *this);
    if (result.failure) {
        close(result.failure->closeCode, result.failure->reason);
        return;
    }
    if (result.consumed < size && m_state != State::Closed)
        keep->append(data + result.consumed, size - result.consumed);
}

bool Connection::handleRequest()
{
    switch (m_request->parse(m_in)) {
    case HttpRequestParser::Status::Incomplete:
        return true;
    case HttpRequestParser::Status::TooLarge:
        // The head or the body: 431 and 413 say which.
        respond(httpResponse(m_request->error().contains("body") ? 413 : 431, "text/plain",
                             m_request->error() + '\n'));
        return false;
    case HttpRequestParser::Status::Invalid:
        respond(httpResponse(400, "text/plain", m_request->error() + '\n'));
        return false;
    case HttpRequestParser::Status::Complete:
        break;
    }
    const std::unique_ptr<HttpRequestParser> parser = std::move(m_request);
    const HttpRequest &request = parser->request();
    if (!Handshake::isUpgrade(request)) {
        setState(State::Responding); // nothing more is read on this connection
        m_host.httpRequest(this, request);
        return false;
    }
    const Handshake::Outcome outcome = Handshake::answer(request, m_host.limits().subprotocols);
    if (!outcome.accepted) {
        respond(outcome.response);
        return false;
    }
    if (!m_host.acceptUpgrade(this, request))
        return false;
    queue(outcome.response);
    m_outFramesStart = m_out.size();
    m_url = request.url();
    m_origin = QString::fromUtf8(request.header("origin"));
    m_subprotocol = outcome.subprotocol;
    setState(State::Open);
    m_host.upgraded(this, request);
    // Frames sent right behind the request.
    if (!m_in.isEmpty() && m_state == State::Open) {
        QByteArray carried = std::exchange(m_in, QByteArray());
        handleFrames(carried.data(), carried.size(), &m_in);
    }
    return m_state != State::Closed;
}

void Connection::messageReceived(WebSocket::Opcode opcode, QByteArrayView payload)
{
    if (m_state != State::Open || !m_listener)
        return;
    if (opcode == WebSocket::Opcode::Text)
        m_listener->textReceived(payload);
    else
        m_listener->binaryReceived();
}

void Connection::pingReceived(QByteArrayView payload)
{
    if (m_state == State::Open) {
        QByteArray pong;
        WebSocket::appendFrame(pong, WebSocket::Opcode::Pong, payload);
        queue(pong);
    }
    if (m_listener)
        m_listener->activity();
}

void Connection::pongReceived(QByteArrayView)
{
    if (m_listener)
        m_listener->activity();
}

void Connection::closeReceived(int code, const QString &reason)
{
    if (m_state == State::Closing) {
        // The answer to our close frame: the handshake is complete.
        finish(m_closeCode ? m_closeCode : code, m_closeCode ? m_closeReason : reason);
        return;
    }
    // The client closes: echo its code (RFC 6455 5.5.1), then hang up.
    const int echo =
        code == WebSocket::CloseStatus::NoStatus ? WebSocket::CloseStatus::Normal : code;
    queue(WebSocket::closeFrame(echo, QString()));
    m_closeCode = code;
    m_closeReason = reason;
    m_closeAfterFlush = true;
    setState(State::Closing);
}

void Connection::queue(QByteArrayView bytes, QByteArrayView more)
{
    if (m_state == State::Closed)
        return;
    m_out.append(bytes.data(), bytes.size());
    m_out.append(more.data(), more.size());
    if (!m_dirty) {
        m_dirty = true;
        m_host.markDirty(this);
    }
    if (m_state == State::Open && pendingBytes() > m_host.limits().maxOutbox)
        overflow();
}

void Connection::sendText(QByteArrayView payload)
{
    if (m_state != State::Open)
        return;
    // Header and payload straight into the outbox: no frame object per reply.
    char header[WebSocket::kMaxServerHeaderSize];
    const int headerSize =
        WebSocket::writeHeader(header, WebSocket::Opcode::Text, quint64(payload.size()));
    queue(QByteArrayView(header, headerSize), payload);
}

void Connection::sendPrepared(const QByteArray &wireFrame)
{
    if (m_state == State::Open)
        queue(wireFrame);
}

void Connection::sendBorrowed(const QByteArray &wireFrame)
{
    if (m_state != State::Open)
        return;
    if (m_ssl) {
        queue(wireFrame); // SSL_write takes one buffer: no gathering
        return;
    }
    // Copying every delivery into every subscriber's outbox was the hub's
    // largest user-space cost (perf: ~10 % in memmove, cache misses on
    // a thousand outboxes); the kernel reads the shared frame instead.
    m_borrowed.push_back(Borrowed{wireFrame.constData(), wireFrame.size(), m_out.size()});
    m_borrowedBytes += wireFrame.size();
    if (!m_dirty) {
        m_dirty = true;
        m_host.markDirty(this);
    }
    if (pendingBytes() > m_host.limits().maxOutbox)
        overflow();
}

void Connection::materialize()
{
    if (m_borrowed.empty())
        return;
    ByteBuffer merged;
    merged.reserve(m_out.size() + m_borrowedBytes);
    qsizetype from = 0;
    for (const Borrowed &piece : m_borrowed) {
        merged.append(m_out.data() + from, piece.at - from);
        merged.append(piece.data, piece.size);
        from = piece.at;
    }
    merged.append(m_out.data() + from, m_out.size() - from);
    m_out.swap(merged);
    m_borrowed.clear();
    m_borrowedBytes = 0;
}

void Connection::flushGathered()
{
    // The stream in order: owned bytes from m_outOffset, each borrowed frame
    // at its place among them. Every borrowed frame was queued after the
    // bytes written so far, so its place is at or after m_outOffset.
    thread_local std::vector<iovec> pieces;
    pieces.clear();
    qsizetype from = m_outOffset;
    for (const Borrowed &piece : m_borrowed) {
        if (piece.at > from)
            pieces.push_back(
                iovec{const_cast<char *>(m_out.data()) + from, size_t(piece.at - from)});
        pieces.push_back(iovec{const_cast<char *>(piece.data), size_t(piece.size)});
        from = std::max(from, piece.at);
    }
    if (m_out.size() > from)
        pieces.push_back(
            iovec{const_cast<char *>(m_out.data()) + from, size_t(m_out.size() - from)});

    qsizetype written = 0;
    std::size_t first = 0;
    while (first < pieces.size()) {
        msghdr message{};
        message.msg_iov = pieces.data() + first;
        message.msg_iovlen = std::min<std::size_t>(pieces.size() - first, IOV_MAX);
        const ssize_t n = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; // EAGAIN or an error: the byte loop in flush() deals with it
        written += n;
        m_host.transferred(0, n);
        for (auto left = size_t(n); left > 0;) {
            iovec &piece = pieces[first];
            if (left < piece.iov_len) {
                piece.iov_base = static_cast<char *>(piece.iov_base) + left;
                piece.iov_len -= left;
                break;
            }
            left -= piece.iov_len;
            ++first;
        }
    }
    if (first == pieces.size()) {
        m_outOffset = m_out.size(); // all of it
        m_borrowed.clear();
        m_borrowedBytes = 0;
        return;
    }
    // The rest waits in the outbox; the borrowed frames go back to their owner.
    materialize();
    m_outOffset += written;
}

void Connection::ping()
{
    if (m_state != State::Open)
        return;
    QByteArray frame;
    WebSocket::appendFrame(frame, WebSocket::Opcode::Ping, {});
    queue(frame);
}

void Connection::close(int code, const QString &reason)
{
    switch (m_state) {
    case State::Request:
    case State::Responding:
        finish(code, reason);
        return;
    case State::Closing:
    case State::Closed:
        return;
    case State::Open:
        break;
    }
    m_closeCode = code;
    m_closeReason = reason;
    // Nothing queued after this frame may reach the client. We keep reading
    // to see the client's close frame (or the deadline passes), but no
    // message reaches the session any more.
    queue(WebSocket::closeFrame(code, reason));
    setState(State::Closing);
}

void Connection::respond(const QByteArray &response)
{
    if (m_state == State::Closed)
        return;
    queue(response);
    m_closeAfterFlush = true;
    setState(State::Closing);
}

void Connection::overflow()
{
    materialize(); // frames are walked in the outbox below
    // Keep what the client has partly received, so the stream stays valid
    // frame by frame, then drop the rest and say why.
    qsizetype keep = m_outFramesStart;
    if (m_outOffset > m_outFramesStart) {
        qsizetype start = m_outFramesStart;
        while (start < m_out.size()) {
            const qsizetype size = WebSocket::frameSize(m_out.data() + start, m_out.size() - start);
            if (size == 0 || start + size > m_outOffset) {
                keep = start + size;
                break;
            }
            start += size;
            keep = start;
        }
    }
    m_out.truncate(std::max(keep, m_outOffset));
    m_closeCode = 4005;
    m_closeReason = u"slow consumer"_s;
    const QByteArray close = WebSocket::closeFrame(m_closeCode, m_closeReason);
    m_out.append(close.constData(), close.size());
    setState(State::Closing);
    if (m_listener)
        m_listener->overflowed(m_closeCode);
}

void Connection::compact()
{
    // A client that always lags a little never empties its outbox; drop the
    // written part now and then so memory follows what is pending, cutting
    // at a frame boundary so the overflow logic can still walk the frames.
    if (m_outOffset < 256 * 1024 || m_outOffset * 2 < m_out.size())
        return;
    qsizetype cut = std::min(m_outFramesStart, m_outOffset);
    qsizetype start = m_outFramesStart;
    while (start < m_outOffset) {
        const qsizetype size = WebSocket::frameSize(m_out.data() + start, m_out.size() - start);
        if (size == 0 || start + size > m_outOffset)
            break;
        start += size;
        cut = start;
    }
    if (cut == 0)
        return;
    m_out.removeFront(cut);
    m_outOffset -= cut;
    m_outFramesStart = std::max<qsizetype>(0, m_outFramesStart - cut);
}

void Connection::flush()
{
    m_dirty = false;
    if (m_state == State::Closed) {
        m_borrowed.clear();
        m_borrowedBytes = 0;
        return;
    }
    if (!m_borrowed.empty())
        flushGathered();
    while (m_outOffset < m_out.size()) {
        const ssize_t n = transmit(m_out.data() + m_outOffset, size_t(m_out.size() - m_outOffset));
        if (n > 0) {
            m_outOffset += n;
            m_host.transferred(0, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            compact();
            if (!m_tlsWriteWantsRead)
                watchWritable();
            return;
        }
        finish(WebSocket::CloseStatus::Abnormal, u"write failed"_s);
        return;
    }
    m_out.clear(kKeptOutboxBytes);
    m_outOffset = 0;
    m_outFramesStart = 0;
    if (!m_tlsReadWantsWrite)
        unwatchWritable();
    if (m_closeAfterFlush)
        finish(m_closeCode ? m_closeCode : WebSocket::CloseStatus::Normal, m_closeReason);
}

void Connection::trimOutbox()
{
    if (m_out.isEmpty())
        m_out.clear(kIdleOutboxBytes);
}

void Connection::writable()
{
    if (m_state == State::Closed)
        return;
    // Write interest stays on through flush(): it goes off once the outbox
    // is empty, and a write that blocks again finds it still on.
    if (m_tlsReadWantsWrite) {
        m_tlsReadWantsWrite = false;
        readable();
        if (m_state == State::Closed)
            return;
    }
    flush();
}

void Connection::abort(const QString &reason)
{
    finish(m_closeCode ? m_closeCode : WebSocket::CloseStatus::Abnormal,
           m_closeCode ? m_closeReason : reason);
}

void Connection::finish(int code, const QString &reason)
{
    if (m_state == State::Closed)
        return;
    setState(State::Closed);
    unwatch();
    if (m_ssl) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    ::close(m_fd);
    m_fd = -1;
    m_in.clear();
    m_out.clear(0);
    m_outOffset = 0;
    m_borrowed.clear();
    m_borrowedBytes = 0;
    if (m_listener)
        m_listener->closed(code, reason);
    m_host.finished(this);
}

} // namespace Herald::Net
