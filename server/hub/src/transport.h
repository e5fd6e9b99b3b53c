#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace Herald {

/// One client's WebSocket, as a session needs it. Keeps the session free of
/// any particular WebSocket implementation.
class Transport
{
public:
    /// What a transport reports; called from the transport's thread.
    class Listener
    {
    public:
        virtual ~Listener() = default;
        virtual void textReceived(const QByteArray &utf8) = 0;
        virtual void binaryReceived() = 0;
        /// Any sign of life from the peer that carries no message (a pong).
        virtual void activity() = 0;
        /// The connection is gone; `code` is the close code sent or received.
        virtual void closed(int code, const QString &reason) = 0;
    };

    virtual ~Transport() = default;

    void setListener(Listener *listener) { m_listener = listener; }

    /// Queues one text frame; `utf8` is shared, never copied per call where
    /// the implementation can avoid it.
    virtual void sendText(const QByteArray &utf8) = 0;
    virtual void close(int code, const QString &reason) = 0;
    virtual void ping() = 0;
    /// Bytes queued but not yet handed to the kernel.
    virtual qint64 pendingBytes() const = 0;

    virtual QHostAddress peerAddress() const = 0;
    virtual QUrl requestUrl() const = 0;
    virtual QString origin() const = 0;
    virtual QString subprotocol() const = 0;

protected:
    Listener *m_listener = nullptr;
};

} // namespace Herald
