#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace Herald {

/// One client's WebSocket, as a session needs it. Keeps the session free of
/// the details of framing, buffering and sockets.
class Transport
{
public:
    /// What a transport reports, in the thread that owns it.
    class Listener
    {
    public:
        virtual ~Listener() = default;
        /// A complete text message (UTF-8 already checked); valid during the call.
        virtual void textReceived(QByteArrayView utf8) = 0;
        virtual void binaryReceived() = 0;
        /// Any sign of life from the peer that carries no message (a pong).
        virtual void activity() = 0;
        /// The client fell further behind than the outbox allows: its
        /// queued messages are dropped and a close with `code` (4005) is on
        /// its way. closed() follows once the socket is gone, which can be
        /// seconds later (the close deadline).
        virtual void overflowed(int code) { (void)code; }
        /// The connection is gone; `code` is the close code sent or received
        /// (1006 if it just dropped).
        virtual void closed(int code, const QString &reason) = 0;
    };

    virtual ~Transport() = default;

    void setListener(Listener *listener) { m_listener = listener; }

    /// Queues one text message made for this connection alone.
    virtual void sendText(QByteArrayView payload) = 0;
    /// Queues a complete text frame built once and sent unchanged to many
    /// connections; the bytes are shared, not rebuilt per connection.
    virtual void sendPrepared(const QByteArray &wireFrame) = 0;
    /// The same for a frame whose owner keeps it alive and unchanged until
    /// the transport's next flush: it may be written from where it lies
    /// instead of being copied. By default it is copied.
    virtual void sendBorrowed(const QByteArray &wireFrame) { sendPrepared(wireFrame); }
    virtual void close(int code, const QString &reason) = 0;
    virtual void ping() = 0;
    /// Bytes queued but not yet taken by the kernel.
    virtual qint64 pendingBytes() const = 0;

    virtual QHostAddress peerAddress() const = 0;
    virtual QUrl requestUrl() const = 0;
    virtual QString origin() const = 0;
    virtual QString subprotocol() const = 0;

protected:
    Listener *m_listener = nullptr;
};

} // namespace Herald
