#pragma once

// Helpers shared by the client tests: fast client settings, a TCP proxy
// that can cut connections, and herald-hub run as a process.

#include <herald/client.h>

#include <QSignalSpy>

#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace TestSupport {

/// Points a client at `url` with backoff and heartbeat scaled down, so that
/// a test waits milliseconds, not the seconds the defaults take.
inline void makeFast(Herald::Client &client, const QUrl &url)
{
    client.setUrl(url);
    client.setReconnectDelay(20);
    client.setMaxReconnectDelay(200);
    client.setHeartbeatInterval(1000);
    client.setHeartbeatTimeout(3000);
}

/// The seqs of the Messages a spy recorded (argument `argument` of each).
inline QList<quint64> seqsOf(const QSignalSpy &spy, int argument = 0)
{
    QList<quint64> seqs;
    for (const QList<QVariant> &args : spy)
        seqs.append(args.at(argument).value<Herald::Message>().seq());
    return seqs;
}

/// The user ids of the Members a spy recorded (argument `argument` of each).
inline QStringList userIdsOf(const QSignalSpy &spy, int argument = 0)
{
    QStringList ids;
    for (const QList<QVariant> &args : spy)
        ids.append(args.at(argument).value<Herald::Member>().userId());
    return ids;
}

inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

inline QUrl hubUrl(quint16 port, const QString &query = {})
{
    QUrl url(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port));
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

/// Forwards TCP connections to a target port and can cut them all at once,
/// the way a network drops a connection: both ends see it go.
class TcpProxy : public QObject
{
public:
    explicit TcpProxy(quint16 targetPort)
        : m_targetPort(targetPort)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    int liveConnections() const { return int(m_pairs.size()); }

    /// Aborts every forwarded connection; returns how many there were.
    int dropAll()
    {
        const auto pairs = std::move(m_pairs);
        m_pairs.clear();
        for (const auto &pair : pairs)
            end(*pair, true);
        return int(pairs.size());
    }

private:
    struct Pair
    {
        QTcpSocket *downstream = nullptr; // the client's side
        QTcpSocket *upstream = nullptr;   // the hub's side
        QByteArray early;                 // client bytes before upstream connected
    };

    void accept()
    {
        while (QTcpSocket *downstream = m_server.nextPendingConnection()) {
            auto pair = std::make_shared<Pair>();
            pair->downstream = downstream;
            pair->upstream = new QTcpSocket(this);
            QTcpSocket *upstream = pair->upstream;
            Pair *raw = pair.get();
            connect(downstream, &QTcpSocket::readyRead, this, [raw] {
                const QByteArray bytes = raw->downstream->readAll();
                if (raw->upstream->state() == QAbstractSocket::ConnectedState)
                    raw->upstream->write(bytes);
                else
                    raw->early += bytes;
            });
            connect(upstream, &QTcpSocket::connected, this, [raw] {
                raw->upstream->write(raw->early);
                raw->early.clear();
            });
            connect(upstream, &QTcpSocket::readyRead, this,
                    [raw] { raw->downstream->write(raw->upstream->readAll()); });
            // One side closing closes the other.
            connect(downstream, &QTcpSocket::disconnected, this, [this, raw] { drop(raw); });
            connect(upstream, &QTcpSocket::disconnected, this, [this, raw] { drop(raw); });
            m_pairs.push_back(pair);
            upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        }
    }

    void drop(Pair *raw)
    {
        for (auto it = m_pairs.begin(); it != m_pairs.end(); ++it) {
            if (it->get() != raw)
                continue;
            const auto pair = *it;
            m_pairs.erase(it);
            end(*pair, false);
            return;
        }
    }

    void end(Pair &pair, bool abort)
    {
        for (QTcpSocket *socket : {pair.downstream, pair.upstream}) {
            socket->disconnect(this);
            if (abort)
                socket->abort();
            else
                socket->disconnectFromHost();
            socket->deleteLater();
        }
    }

    quint16 m_targetPort;
    QTcpServer m_server;
    std::vector<std::shared_ptr<Pair>> m_pairs;
};

/// build/bin/herald-hub as a child process on a fixed port.
class HubProcess
{
public:
    explicit HubProcess(quint16 port)
        : m_port(port)
    {}
    ~HubProcess() { stop(); }

    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }

    /// Starts the hub and waits for its "listening" log line.
    bool start(const QStringList &extraArguments = {})
    {
        m_log.clear();
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        QStringList arguments{QStringLiteral("--port"), QString::number(m_port)};
        arguments += extraArguments;
        m_process.start(QStringLiteral(HERALD_BIN_DIR "/herald-hub"), arguments);
        if (!m_process.waitForStarted(5000))
            return false;
        return QTest::qWaitFor(
                   [this] {
                       m_log += m_process.readAllStandardError();
                       return m_process.state() != QProcess::Running ||
                              m_log.contains("listening on");
                   },
                   10000) &&
               m_process.state() == QProcess::Running;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    QByteArray log()
    {
        m_log += m_process.readAllStandardError();
        return m_log;
    }

private:
    quint16 m_port;
    QProcess m_process;
    QByteArray m_log;
};

} // namespace TestSupport
