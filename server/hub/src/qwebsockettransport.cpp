#include "qwebsockettransport.h"

#include <QWebSocket>

namespace Herald {

QWebSocketTransport::QWebSocketTransport(QWebSocket *socket, qint64 maxMessageSize)
    : m_socket(socket)
{
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageSize));
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageSize));

    QObject::connect(socket, &QWebSocket::textMessageReceived, socket,
                     [this](const QString &message) {
                         if (m_listener)
                             m_listener->textReceived(message.toUtf8());
                     });
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, socket, [this] {
        if (m_listener)
            m_listener->binaryReceived();
    });
    QObject::connect(socket, &QWebSocket::pong, socket, [this] {
        if (m_listener)
            m_listener->activity();
    });
    QObject::connect(socket, &QWebSocket::disconnected, socket, [this] {
        if (m_closedReported || !m_listener)
            return;
        m_closedReported = true;
        // Our own close code if we closed; otherwise whatever the peer sent.
        const int code = m_sentCloseCode ? m_sentCloseCode : int(m_socket->closeCode());
        const QString reason = m_sentCloseCode ? m_sentCloseReason : m_socket->closeReason();
        m_listener->closed(code, reason);
    });
}

QWebSocketTransport::~QWebSocketTransport()
{
    if (m_socket) {
        QObject::disconnect(m_socket, nullptr, nullptr, nullptr);
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void QWebSocketTransport::sendText(const QByteArray &utf8)
{
    if (m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

void QWebSocketTransport::close(int code, const QString &reason)
{
    if (!m_socket || m_sentCloseCode)
        return;
    m_sentCloseCode = code;
    m_sentCloseReason = reason;
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void QWebSocketTransport::ping()
{
    if (m_socket)
        m_socket->ping();
}

qint64 QWebSocketTransport::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

QHostAddress QWebSocketTransport::peerAddress() const
{
    return m_socket ? m_socket->peerAddress() : QHostAddress();
}

QUrl QWebSocketTransport::requestUrl() const
{
    return m_socket ? m_socket->requestUrl() : QUrl();
}

QString QWebSocketTransport::origin() const
{
    return m_socket ? m_socket->origin() : QString();
}

QString QWebSocketTransport::subprotocol() const
{
    return m_socket ? m_socket->subprotocol() : QString();
}

} // namespace Herald
