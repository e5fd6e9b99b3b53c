#pragma once

// A scripted stand-in for the hub: records every frame a client sends and
// answers only what a test tells it to (pings by default), so tests can
// check the client's side of the wire exactly and feed it frames a real hub
// would only send under faults (duplicates, skipped seqs, lost recovery).

#include <herald/wire/codec.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

class FakeHub : public QObject
{
public:
    FakeHub()
        : m_server(QStringLiteral("fakehub"), QWebSocketServer::NonSecureMode)
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] { accept(); });
    }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void stopListening() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port())); }

    bool answerPings = true;
    int refuseCode = 0; // close every new connection with this code
    int connections = 0;
    QList<QJsonObject> received; // every client frame, all connections, in order

    /// The next frame of `type` not yet taken, waiting for it.
    QJsonObject take(const QString &type, int timeoutMs = 5000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (qsizetype i = 0; i < received.size(); ++i) {
                    if (!m_taken.contains(i) &&
                        received.at(i).value(QLatin1String("type")).toString() == type) {
                        m_taken.insert(i);
                        found = received.at(i);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }

    QStringList receivedTypes() const
    {
        QStringList types;
        for (const QJsonObject &frame : received)
            types.append(frame.value(QLatin1String("type")).toString());
        return types;
    }

    void sendRaw(const QByteArray &frame)
    {
        if (m_socket)
            m_socket->sendTextMessage(QString::fromUtf8(frame));
    }
    void reply(const Herald::Wire::Reply &body, const QJsonValue &id = {})
    {
        sendRaw(Herald::Wire::Codec::encodeReply(body, id, QDateTime::currentMSecsSinceEpoch()));
    }
    void publish(const QString &channel, quint64 seq, const QString &epoch,
                 const QString &event = QStringLiteral("message"))
    {
        Herald::Wire::Publication p;
        p.channel = channel;
        p.event = event;
        p.seq = seq;
        p.epoch = epoch;
        p.id = QStringLiteral("m%1").arg(seq);
        p.timestampMs = QDateTime::currentMSecsSinceEpoch();
        p.data = QJsonObject{{QStringLiteral("n"), double(seq)}};
        sendRaw(Herald::Wire::Codec::encodePublication(p));
    }
    /// Confirms a subscribe frame for one channel at a position.
    void confirm(const QJsonObject &subscribe, quint64 seq, const QString &epoch,
                 std::optional<bool> recovered = std::nullopt)
    {
        const QString channel = subscribe.value(QLatin1String("data"))
                                    .toObject()
                                    .value(QLatin1String("channels"))
                                    .toArray()
                                    .first()
                                    .toString();
        Herald::Wire::Subscribed body;
        body.channels = {channel};
        body.positions.insert(channel, Herald::Wire::Position{seq, epoch});
        if (recovered)
            body.recovered.insert(channel, *recovered);
        reply(body, subscribe.value(QLatin1String("id")));
    }

    /// Cuts the current connection without a close frame.
    void abortCurrent()
    {
        if (m_socket)
            m_socket->abort();
    }
    void closeCurrent(int code, const QString &reason)
    {
        if (m_socket)
            m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    }

private:
    void accept()
    {
        while (QWebSocket *socket = m_server.nextPendingConnection()) {
            ++connections;
            socket->setParent(this);
            if (refuseCode) {
                socket->close(QWebSocketProtocol::CloseCode(refuseCode),
                              QStringLiteral("refused by the test"));
                continue;
            }
            m_socket = socket;
            connect(socket, &QWebSocket::textMessageReceived, this,
                    [this, socket](const QString &text) {
                        const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
                        received.append(frame);
                        if (answerPings && socket == m_socket &&
                            frame.value(QLatin1String("type")).toString() == QLatin1String("ping"))
                            reply(Herald::Wire::Pong{QDateTime::currentMSecsSinceEpoch()},
                                  frame.value(QLatin1String("id")));
                    });
        }
    }

    QWebSocketServer m_server;
    QPointer<QWebSocket> m_socket;
    QSet<qsizetype> m_taken;
};
