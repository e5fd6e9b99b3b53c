#pragma once

// A WebSocket client for integration tests: records every frame it
// receives (parsed) and lets a test wait for the next one of a type.

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <memory>

class TestClient : public QObject
{
public:
    explicit TestClient(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            raw.append(text);
            frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            closeCode = int(socket.closeCode());
            closeReason = socket.closeReason();
        });
    }

    bool open(const QUrl &url, const QStringList &subprotocols = {}, int timeoutMs = 5000)
    {
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(subprotocols);
        socket.open(url, options);
        return QTest::qWaitFor(
                   [this] { return socket.state() == QAbstractSocket::ConnectedState || closed; },
                   timeoutMs) &&
               !closed;
    }

    void send(const QJsonObject &frame)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
    }
    void sendText(const QString &text) { socket.sendTextMessage(text); }

    /// The next frame of `type` not yet taken, waiting up to `timeoutMs`;
    /// an empty object if none came.
    QJsonObject take(const QString &type, int timeoutMs = 5000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < frames.size(); ++i) {
                    if (!taken.contains(i) && frames.at(i).value(QLatin1String("type")) == type) {
                        taken.insert(i);
                        found = frames.at(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }

    /// Frames of `type` received so far, in order.
    QList<QJsonObject> all(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &frame : frames) {
            if (frame.value(QLatin1String("type")) == type)
                out.append(frame);
        }
        return out;
    }

    /// Publications (frames with a top-level seq) on `channel`, in order.
    QList<QJsonObject> publications(const QString &channel) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &frame : frames) {
            if (frame.contains(QLatin1String("seq")) &&
                frame.value(QLatin1String("channel")) == channel)
                out.append(frame);
        }
        return out;
    }

    bool waitForPublications(const QString &channel, int count, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return publications(channel).size() >= count; }, timeoutMs);
    }

    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return closed; }, timeoutMs);
    }

    QWebSocket socket;
    QList<QJsonObject> frames;
    QStringList raw;
    QSet<qsizetype> taken;
    bool closed = false;
    int closeCode = 0;
    QString closeReason;
};

/// A client connected to `hubUrl` with `query` (e.g. "user_id=u1") as its
/// query string, or null if the hub did not accept it.
inline std::unique_ptr<TestClient> openClient(QUrl hubUrl, const QString &query = QString())
{
    auto client = std::make_unique<TestClient>();
    hubUrl.setQuery(query);
    if (!client->open(hubUrl))
        return nullptr;
    return client;
}

/// A TCP port nobody listens on right now.
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
