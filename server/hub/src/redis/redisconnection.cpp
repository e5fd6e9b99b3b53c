#include "redisconnection.h"

#include <hiredis/hiredis.h>

#include <QPointer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Herald {

namespace {

RedisReply toReply(const redisReply *raw)
{
    switch (raw->type) {
    case REDIS_REPLY_STRING:
        return RedisReply::string(QByteArray(raw->str, qsizetype(raw->len)));
    case REDIS_REPLY_STATUS:
        return RedisReply::status(QByteArray(raw->str, qsizetype(raw->len)));
    case REDIS_REPLY_ERROR:
        return RedisReply::error(QByteArray(raw->str, qsizetype(raw->len)));
    case REDIS_REPLY_INTEGER:
        return RedisReply::integer(raw->integer);
    case REDIS_REPLY_ARRAY: {
        QList<RedisReply> elements;
        elements.reserve(qsizetype(raw->elements));
        for (size_t i = 0; i < raw->elements; ++i)
            elements.append(toReply(raw->element[i]));
        return RedisReply::array(std::move(elements));
    }
    default:
        return RedisReply::nil();
    }
}

// RESP's request form is simple enough to write straight into the output
// buffer; hiredis's formatter would allocate a string per command.
void appendCommand(QByteArray &out, const QByteArrayList &arguments)
{
    out.append('*').append(QByteArray::number(arguments.size())).append("\r\n");
    for (const QByteArray &argument : arguments) {
        out.append('$').append(QByteArray::number(argument.size())).append("\r\n");
        out.append(argument).append("\r\n");
    }
}

int tickInterval(const RedisConnection::Options &options)
{
    int smallest = 1000;
    for (const int value :
         {options.connectTimeoutMs, options.commandTimeoutMs, options.heartbeatIntervalMs}) {
        if (value > 0)
            smallest = std::min(smallest, value);
    }
    return std::clamp(smallest / 4, 5, 250);
}

} // namespace

RedisConnection::RedisConnection(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_reader(redisReaderCreate())
    , m_tick(new QTimer(this))
    , m_reconnectTimer(new QTimer(this))
{
    m_clock.start();
    m_tick->setInterval(tickInterval(m_options));
    connect(m_tick, &QTimer::timeout, this, &RedisConnection::onTick);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &RedisConnection::connectNow);
}

RedisConnection::~RedisConnection()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    redisReaderFree(m_reader);
}

void RedisConnection::open()
{
    m_wantOpen = true;
    if (m_state == State::Disconnected)
        connectNow();
}

void RedisConnection::close()
{
    m_wantOpen = false;
    m_reconnectTimer->stop();
    if (m_state != State::Disconnected)
        drop(u"connection closed"_s, false);
}

void RedisConnection::connectNow()
{
    m_reconnectTimer->stop();
    if (!m_wantOpen || m_state != State::Disconnected)
        return;
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, &RedisConnection::onSocketConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &RedisConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        drop(u"%1 (%2)"_s.arg(m_socket->errorString(), m_options.url.toDisplayString()), true);
    });
    connect(m_socket, &QTcpSocket::disconnected, this,
            [this] { drop(u"Redis closed the connection"_s, true); });
    m_connectStartedMs = now();
    setState(State::Connecting);
    m_tick->start();
    m_socket->connectToHost(m_options.url.host, m_options.url.port);
}

void RedisConnection::onSocketConnected()
{
    // Replies are small and latency matters more than segment count; the
    // keepalive is a backstop, the heartbeat is what notices a dead peer.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    const RedisUrl &url = m_options.url;
    if (!url.password.isEmpty()) {
        QByteArrayList auth{"AUTH"};
        if (!url.username.isEmpty())
            auth.append(url.username.toUtf8());
        auth.append(url.password.toUtf8());
        enqueue(Kind::Handshake, auth);
    }
    if (url.db != 0)
        enqueue(Kind::Handshake, {"SELECT", QByteArray::number(url.db)});
    if (!m_options.clientName.isEmpty())
        enqueue(Kind::Handshake, {"CLIENT", "SETNAME", m_options.clientName});
    // Up means Redis answered, not merely that the kernel accepted: a
    // stopped server still completes TCP handshakes from its backlog.
    enqueue(Kind::HandshakeDone, {"PING"});
}

void RedisConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    m_lastReadMs = now();
    if (redisReaderFeed(m_reader, data.constData(), size_t(data.size())) != REDIS_OK) {
        drop(u"Redis protocol error: %1"_s.arg(QString::fromUtf8(m_reader->errstr)), true);
        return;
    }
    const QPointer<RedisConnection> self(this);
    const quint64 generation = m_generation;
    for (;;) {
        void *raw = nullptr;
        if (redisReaderGetReply(m_reader, &raw) != REDIS_OK) {
            drop(u"Redis protocol error: %1"_s.arg(QString::fromUtf8(m_reader->errstr)), true);
            return;
        }
        if (!raw)
            return;
        const RedisReply reply = toReply(static_cast<redisReply *>(raw));
        freeReplyObject(raw);
        dispatch(reply);
        // A callback or a slot may have closed, dropped or deleted us.
        if (!self || generation != m_generation)
            return;
    }
}

void RedisConnection::dispatch(const RedisReply &reply)
{
    // Pushed messages are told apart by shape, not by the queue of pending
    // commands: a message may arrive while a PING or SUBSCRIBE waits.
    if (m_options.mode == Mode::Subscriber && reply.isArray() && reply.size() >= 3) {
        const QByteArray &kind = reply.at(0).bytes();
        if (kind == "message") {
            // Late messages for a channel given up on are not news anymore.
            if (m_channels.contains(reply.at(1).bytes()))
                emit messageReceived(reply.at(1).bytes(), reply.at(2).bytes());
            return;
        }
        if (kind == "pmessage" && reply.size() >= 4) {
            if (m_patterns.contains(reply.at(1).bytes()))
                emit patternMessageReceived(reply.at(1).bytes(), reply.at(2).bytes(),
                                            reply.at(3).bytes());
            return;
        }
    }
    if (m_pending.empty()) {
        drop(u"Redis sent a reply no command asked for"_s, true);
        return;
    }
    Pending pending = std::move(m_pending.front());
    m_pending.pop_front();
    switch (pending.kind) {
    case Kind::Command:
        if (pending.callback) {
            if (reply.isError())
                pending.callback(Result<RedisReply>::failure(QString::fromUtf8(reply.bytes())));
            else
                pending.callback(reply);
        }
        return;
    case Kind::Handshake:
    case Kind::HandshakeDone:
        if (reply.isError()) {
            drop(u"%1 refused: %2"_s.arg(QString::fromUtf8(pending.name),
                                         QString::fromUtf8(reply.bytes())),
                 true);
            return;
        }
        if (pending.kind == Kind::HandshakeDone) {
            m_roundTripMs = now() - pending.issuedMs;
            becomeConnected();
        }
        return;
    case Kind::Heartbeat:
        m_heartbeatPending = false;
        m_roundTripMs = now() - pending.issuedMs;
        return;
    case Kind::Subscribe:
    case Kind::Unsubscribe:
    case Kind::PSubscribe:
    case Kind::PUnsubscribe: {
        const Subscription &kind = subscription(pending.kind);
        if (!reply.isArray() || reply.at(0).bytes() != kind.reply ||
            reply.at(1).bytes() != pending.name)
            break;
        emit(this->*kind.confirmed)(pending.name);
        return;
    }
    }
    // Replies and requests out of step: nothing after this can be trusted.
    drop(u"Redis reply out of step with the commands sent"_s, true);
}

void RedisConnection::becomeConnected()
{
    m_attempt = 0;
    m_lastReadMs = now();
    setState(State::Connected);
    if (m_options.mode == Mode::Subscriber) {
        if (!m_channels.isEmpty())
            enqueueSubscription(Kind::Subscribe,
                                QByteArrayList(m_channels.begin(), m_channels.end()));
        if (!m_patterns.isEmpty())
            enqueueSubscription(Kind::PSubscribe,
                                QByteArrayList(m_patterns.begin(), m_patterns.end()));
    }
    emit connected();
}

void RedisConnection::drop(const QString &reason, bool failure)
{
    ++m_generation;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    redisReaderFree(m_reader);
    m_reader = redisReaderCreate();
    m_out.clear();
    m_tick->stop();
    m_heartbeatPending = false;
    std::deque<Pending> pending = std::exchange(m_pending, {});
    const bool wasConnected = m_state == State::Connected;
    m_errorString = reason;
    if (m_wantOpen && m_options.reconnect)
        scheduleReconnect();

    const QPointer<RedisConnection> self(this);
    setState(State::Disconnected);
    if (self && wasConnected)
        emit disconnected();
    if (self && failure)
        emit errorOccurred(reason);
    const QString why = wasConnected && failure
                            ? u"Redis link lost before the reply (%1); the command may or may "
                              "not have run"_s.arg(reason)
                            : reason;
    for (Pending &p : pending) {
        if (p.kind == Kind::Command && p.callback)
            p.callback(Result<RedisReply>::failure(why));
    }
}

void RedisConnection::scheduleReconnect()
{
    // Exponential backoff with "equal jitter": hubs that lost Redis at the
    // same moment do not all come back at the same moment.
    const int shift = std::min(m_attempt, 16);
    ++m_attempt;
    const qint64 ceiling = std::min<qint64>(
        m_options.reconnectMaxMs, qint64(std::max(1, m_options.reconnectInitialMs)) << shift);
    const qint64 half = std::max<qint64>(1, ceiling / 2);
    const qint64 delay = half + QRandomGenerator::global()->bounded(half + 1);
    m_reconnectTimer->start(int(delay));
}

void RedisConnection::onTick()
{
    const qint64 current = now();
    if (m_state == State::Connecting) {
        if (m_options.connectTimeoutMs > 0 &&
            current - m_connectStartedMs > m_options.connectTimeoutMs)
            drop(u"no answer from %1 within the connect timeout (%2 ms)"_s
                     .arg(m_options.url.toDisplayString())
                     .arg(m_options.connectTimeoutMs),
                 true);
        return;
    }
    if (m_state != State::Connected)
        return;
    if (m_options.commandTimeoutMs > 0 && !m_pending.empty() &&
        current - m_pending.front().issuedMs > m_options.commandTimeoutMs) {
        // Redis answers in order, so the oldest command waiting this long
        // means the link or the server is stuck, not one slow command.
        drop(u"no reply from Redis within the command timeout (%1 ms)"_s.arg(
                 m_options.commandTimeoutMs),
             true);
        return;
    }
    if (m_options.heartbeatIntervalMs > 0 && !m_heartbeatPending &&
        current - m_lastReadMs >= m_options.heartbeatIntervalMs) {
        m_heartbeatPending = true;
        enqueue(Kind::Heartbeat, {"PING"});
    }
}

void RedisConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RedisConnection::command(const QByteArrayList &arguments, Callback callback)
{
    if (m_state != State::Connected) {
        failLater(std::move(callback), m_errorString.isEmpty()
                                           ? u"not connected to Redis"_s
                                           : u"not connected to Redis: %1"_s.arg(m_errorString));
        return;
    }
    enqueue(Kind::Command, arguments, std::move(callback));
}

void RedisConnection::enqueue(Kind kind, const QByteArrayList &arguments, Callback callback)
{
    appendCommand(m_out, arguments);
    m_pending.push_back(Pending{kind, std::move(callback), arguments.value(0), now()});
    scheduleFlush();
}

void RedisConnection::enqueueSubscription(Kind kind, const QByteArrayList &names)
{
    // One command, but Redis answers once per name.
    QByteArrayList arguments{subscription(kind).command};
    arguments.append(names);
    appendCommand(m_out, arguments);
    for (const QByteArray &name : names)
        m_pending.push_back(Pending{kind, {}, name, now()});
    scheduleFlush();
}

const RedisConnection::Subscription &RedisConnection::subscription(Kind kind)
{
    // Redis confirms each name with a push named after the command.
    static const Subscription subscribe{"SUBSCRIBE", "subscribe", &RedisConnection::subscribed};
    static const Subscription unsubscribe{"UNSUBSCRIBE", "unsubscribe",
                                          &RedisConnection::unsubscribed};
    static const Subscription psubscribe{"PSUBSCRIBE", "psubscribe",
                                         &RedisConnection::patternSubscribed};
    static const Subscription punsubscribe{"PUNSUBSCRIBE", "punsubscribe",
                                           &RedisConnection::patternUnsubscribed};
    switch (kind) {
    case Kind::Unsubscribe:
        return unsubscribe;
    case Kind::PSubscribe:
        return psubscribe;
    case Kind::PUnsubscribe:
        return punsubscribe;
    default:
        return subscribe;
    }
}

void RedisConnection::changeSubscriptions(QSet<QByteArray> &set, const QByteArrayList &names,
                                          Kind kind)
{
    const bool add = kind == Kind::Subscribe || kind == Kind::PSubscribe;
    QByteArrayList changed;
    for (const QByteArray &name : names) {
        if (add ? !set.contains(name) : set.contains(name)) {
            changed.append(name);
            if (add)
                set.insert(name);
            else
                set.remove(name);
        }
    }
    if (!changed.isEmpty() && m_state == State::Connected)
        enqueueSubscription(kind, changed);
}

void RedisConnection::subscribe(const QByteArrayList &channels)
{
    changeSubscriptions(m_channels, channels, Kind::Subscribe);
}

void RedisConnection::unsubscribe(const QByteArrayList &channels)
{
    changeSubscriptions(m_channels, channels, Kind::Unsubscribe);
}

void RedisConnection::psubscribe(const QByteArrayList &patterns)
{
    changeSubscriptions(m_patterns, patterns, Kind::PSubscribe);
}

void RedisConnection::punsubscribe(const QByteArrayList &patterns)
{
    changeSubscriptions(m_patterns, patterns, Kind::PUnsubscribe);
}

void RedisConnection::scheduleFlush()
{
    // The write waits for the end of the turn: everything issued until then
    // shares one syscall and, on the wire, as few segments as possible.
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this, [this] { flush(); }, Qt::QueuedConnection);
}

void RedisConnection::flush()
{
    m_flushScheduled = false;
    if (m_out.isEmpty() || !m_socket)
        return;
    m_socket->write(m_out);
    m_out.clear();
    ++m_writeCount;
    m_socket->flush();
}

void RedisConnection::failLater(Callback callback, const QString &reason)
{
    if (!callback)
        return;
    const bool first = m_deferred.empty();
    m_deferred.emplace_back(std::move(callback), reason);
    if (!first)
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            auto deferred = std::exchange(m_deferred, {});
            for (auto &[callback, reason] : deferred)
                callback(Result<RedisReply>::failure(reason));
        },
        Qt::QueuedConnection);
}

} // namespace Herald
