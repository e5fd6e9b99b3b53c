#pragma once

#include "bytebuffer.h"
#include "httprequest.h"
#include "poller.h"
#include "websocketframe.h"

#include "../transport.h"

#include <QByteArray>
#include <QHostAddress>
#include <QStringList>

#include <memory>
#include <vector>

struct ssl_st;
struct ssl_ctx_st;

namespace Herald::Net {

class Connection;

/// The limits a connection enforces, set by the hub.
struct ConnectionLimits
{
    qint64 maxMessageSize = 1048576;
    qsizetype maxRequestHead = 16384;
    qsizetype maxRequestBody = 1048576;
    /// Bytes queued for a client that does not read; past it: close 4005.
    qint64 maxOutbox = 16 * 1048576;
    QStringList subprotocols;
};

/// What a connection needs from the shard that owns it.
class ConnectionHost
{
public:
    virtual ~ConnectionHost() = default;
    virtual const ConnectionLimits &limits() const = 0;
    virtual qint64 now() const = 0;
    /// A buffer to read into, shared by the shard's connections.
    virtual QByteArray &scratch() = 0;
    /// The connection has output to write at the end of this turn.
    virtual void markDirty(Connection *connection) = 0;
    /// May this request become a WebSocket? If not, the host has answered
    /// it with respond() (an Origin not allowed: 403).
    virtual bool acceptUpgrade(Connection *connection, const HttpRequest &request) = 0;
    /// The upgrade is done; the host attaches a Transport::Listener.
    virtual void upgraded(Connection *connection, const HttpRequest &request) = 0;
    /// A plain HTTP request; the host answers with Connection::respond().
    virtual void httpRequest(Connection *connection, const HttpRequest &request) = 0;
    /// The socket is closed; the host deletes the connection later.
    virtual void finished(Connection *connection) = 0;
    /// Bytes moved on the wire, for the hub's totals.
    virtual void transferred(qint64 in, qint64 out) = 0;
    /// Where the connection's socket is watched (in the host's thread).
    virtual Poller &poller() = 0;
    /// With TLS (wss://): the server's OpenSSL context; else null.
    virtual ssl_ctx_st *tlsContext() const { return nullptr; }
};

/// One client socket on the hub's port: the HTTP request that opens it,
/// then RFC 6455 frames both ways. Writes are queued and written once per
/// event-loop turn (flush()), one system call for everything queued.
class Connection final : public Transport, private WebSocket::FrameHandler, private Poller::Watcher
{
public:
    /// Responding: an HTTP request waits for its answer (nothing more is read).
    enum class State { Request, Responding, Open, Closing, Closed };

    Connection(ConnectionHost &host, int descriptor, const QHostAddress &peer);
    ~Connection() override;

    State state() const { return m_state; }
    /// False if the host's poller would not take the socket: the connection
    /// cannot be served and should be dropped.
    bool isWatched() const { return m_watched; }
    /// When the current state began (for the handshake and close deadlines).
    qint64 stateSinceMs() const { return m_stateSinceMs; }

    /// Writes what is queued; called by the host at the end of a turn.
    void flush();
    /// Sends an HTTP response and closes once it is written.
    void respond(const QByteArray &response);
    /// Tells the connection's owner apart from a later one at the same address.
    quint64 serial() const { return m_serial; }
    /// Drops the socket without a close handshake (deadline passed).
    void abort(const QString &reason);
    /// Gives back outbox memory kept for a busy connection (housekeeping).
    void trimOutbox();

    // Transport
    void sendText(QByteArrayView payload) override;
    void sendPrepared(const QByteArray &wireFrame) override;
    void sendBorrowed(const QByteArray &wireFrame) override;
    void close(int code, const QString &reason) override;
    void ping() override;
    qint64 pendingBytes() const override { return m_out.size() + m_borrowedBytes - m_outOffset; }
    QHostAddress peerAddress() const override { return m_peer; }
    QUrl requestUrl() const override { return m_url; }
    QString origin() const override { return m_origin; }
    QString subprotocol() const override { return m_subprotocol; }

private:
    // WebSocket::FrameHandler
    void messageReceived(WebSocket::Opcode opcode, QByteArrayView payload) override;
    void pingReceived(QByteArrayView payload) override;
    void pongReceived(QByteArrayView payload) override;
    void closeReceived(int code, const QString &reason) override;

    // Poller::Watcher
    qint64 readable() override;
    void writable() override;

    /// recv()/send() semantics (bytes, 0 for end of stream, -1 with errno),
    /// over TLS when the hub serves wss://.
    ssize_t receive(char *data, size_t size);
    ssize_t transmit(const char *data, size_t size);
    void watchWritable();
    void unwatchWritable();
    /// Out of the poller, before the descriptor is closed.
    void unwatch();
    bool handleRequest();
    void handleFrames(char *data, qsizetype size, QByteArray *keep);
    /// Appends to the outbox: `bytes`, then `more` (a header and its payload).
    void queue(QByteArrayView bytes, QByteArrayView more = {});
    /// The outbox passed its bound: keep only the frame being written, then
    /// say why and close.
    void overflow();
    void compact();
    void setState(State state);
    /// Closes the socket and tells the listener, once.
    void finish(int code, const QString &reason);
    /// Writes the outbox with borrowed frames in place (one sendmsg per
    /// IOV_MAX pieces); whatever the kernel does not take is then copied
    /// into the outbox, so nothing borrowed outlives the flush.
    void flushGathered();
    /// Copies the borrowed frames into the outbox, in order.
    void materialize();

    ConnectionHost &m_host;
    int m_fd;
    QHostAddress m_peer;
    bool m_watched = false;       // registered with the host's poller
    bool m_watchingWrite = false; // ... for writing too
    State m_state = State::Request;
    qint64 m_stateSinceMs = 0;
    std::unique_ptr<HttpRequestParser> m_request; // while reading the request
    WebSocket::FrameParser m_parser;
    QByteArray m_in;                // a partial frame or request carried between reads
    ByteBuffer m_out;               // queued output
    qsizetype m_outOffset = 0;      // first byte not yet written
    qsizetype m_outFramesStart = 0; // where frames begin (after an HTTP reply)
    struct Borrowed
    {
        const char *data;
        qsizetype size;
        qsizetype at; // goes before m_out's byte at this position
    };
    std::vector<Borrowed> m_borrowed; // sendBorrowed() since the last flush
    qsizetype m_borrowedBytes = 0;
    bool m_dirty = false;
    bool m_closeAfterFlush = false; // an HTTP response, or our close echo
    int m_closeCode = 0;            // what we sent, if we started the close
    QString m_closeReason;
    QUrl m_url;
    QString m_origin;
    QString m_subprotocol;
    quint64 m_serial;
    ssl_st *m_ssl = nullptr;
    bool m_tlsReadWantsWrite = false; // a TLS read is blocked on the socket being writable
    bool m_tlsWriteWantsRead = false; // a TLS write is blocked on the socket being readable
};

} // namespace Herald::Net
