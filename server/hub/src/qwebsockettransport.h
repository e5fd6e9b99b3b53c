#pragma once

#include "transport.h"

#include <QPointer>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

namespace Herald {

/// A Transport over Qt's own QWebSocket.
class QWebSocketTransport final : public Transport
{
public:
    /// Takes ownership of `socket`.
    QWebSocketTransport(QWebSocket *socket, qint64 maxMessageSize);
    ~QWebSocketTransport() override;

    void sendText(const QByteArray &utf8) override;
    void close(int code, const QString &reason) override;
    void ping() override;
    qint64 pendingBytes() const override;

    QHostAddress peerAddress() const override;
    QUrl requestUrl() const override;
    QString origin() const override;
    QString subprotocol() const override;

private:
    QPointer<QWebSocket> m_socket;
    int m_sentCloseCode = 0;
    QString m_sentCloseReason;
    bool m_closedReported = false;
};

} // namespace Herald
