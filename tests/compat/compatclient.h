#pragma once

// A WebSocket client for the compat tests: records every text frame, raw
// and parsed, so a test can check both what a seed's client would parse
// and the exact bytes a `raw` connection gets.

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

class CompatClient : public QObject
{
public:
    explicit CompatClient(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            raw.append(text);
            frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
    }

    bool open(const QUrl &url, int timeoutMs = 5000)
    {
        m_socket.open(url);
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs);
    }

    void send(const QJsonObject &frame)
    {
        m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    }

    /// Frames whose `type` is `type`, in order.
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &frame : frames) {
            if (frame.value(QLatin1String("type")).toString() == type)
                out.append(frame);
        }
        return out;
    }

    /// Herald-dialect publications on `channel` (frames with a top-level seq).
    QList<QJsonObject> publications(const QString &channel) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &frame : frames) {
            if (frame.contains(QLatin1String("seq")) &&
                frame.value(QLatin1String("channel")).toString() == channel)
                out.append(frame);
        }
        return out;
    }

    QWebSocket &socket() { return m_socket; }

    QList<QJsonObject> frames;
    QStringList raw;

private:
    QWebSocket m_socket;
};

/// A TCP port on 127.0.0.1 nobody listens on right now.
inline quint16 freeLocalPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
