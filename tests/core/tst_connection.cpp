// The hub's socket layer seen from a raw TCP client: the upgrade, control
// frames, both close handshakes, protocol errors, plain HTTP requests,
// the handshake timeout and the slow-consumer bound.

#include "net/websocketframe.h"
#include "testclient.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QTcpSocket>
#include <QtEndian>

using namespace Herald;
using namespace Herald::Net::WebSocket;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

struct ServerFrame
{
    quint8 opcode = 0;
    QByteArray payload;
    int closeCode() const
    {
        return payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : 0;
    }
};

// A WebSocket client written against the RFC, byte by byte.
class RawClient
{
public:
    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(5000);
    }
    /// Sends an upgrade request (plus anything after it) and reads the head.
    QByteArray upgrade(const QByteArray &path = "/ws", const QByteArray &after = {},
                       const QByteArray &version = "13")
    {
        socket.write("GET " + path +
                     " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: " +
                     version + "\r\n\r\n" + after);
        return readHead();
    }
    QByteArray readHead()
    {
        (void)QTest::qWaitFor([this] { return fill() && buffer.contains("\r\n\r\n"); }, 5000);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return {};
        QByteArray head = buffer.left(end + 4);
        buffer.remove(0, end + 4);
        position = 0;
        return head;
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    std::optional<ServerFrame> frame(int timeoutMs = 5000)
    {
        std::optional<ServerFrame> out;
        (void)QTest::qWaitFor(
            [&] {
                fill();
                const char *data = buffer.constData() + position;
                const qsizetype available = buffer.size() - position;
                const qsizetype size = frameSize(data, available);
                if (size == 0 || available < size)
                    return false;
                const quint8 length = quint8(data[1]) & 0x7f;
                const qsizetype header = length < 126 ? 2 : (length == 126 ? 4 : 10);
                out = ServerFrame{quint8(quint8(data[0]) & 0x0f),
                                  QByteArray(data + header, size - header)};
                if (quint8(data[1]) & 0x80)
                    out.reset(); // servers must not mask
                position += size;
                if (position > (1 << 20)) { // compact now and then, not per frame
                    buffer.remove(0, position);
                    position = 0;
                }
                return true;
            },
            timeoutMs);
        return out;
    }
    /// The next frame that is not a text message of the given type.
    std::optional<ServerFrame> frameSkipping(const QByteArray &typeToSkip)
    {
        for (;;) {
            auto f = frame();
            if (!f || f->opcode != 1 || !f->payload.contains("\"type\":\"" + typeToSkip + '"'))
                return f;
        }
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [this] {
                fill();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }
    bool fill()
    {
        buffer += socket.readAll();
        return true;
    }

    QTcpSocket socket;
    QByteArray buffer;
    qsizetype position = 0; // frames before it have been read
};

QByteArray text(const char *json)
{
    return clientFrame(Opcode::Text, QByteArray(json));
}

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void upgradeThenPipelinedFrame();
    void pingIsAnsweredWithTheSamePayload();
    void clientCloseIsEchoed();
    void hubCloseWaitsForTheClientsAnswer();
    void unmaskedFrameIsAProtocolError();
    void plainHttpRequests_data();
    void plainHttpRequests();
    void handshakeTimeoutDropsSilentSockets();
    void slowConsumerIsClosedWith4005AndOthersCarryOn();
    void pausedReaderGetsEveryFrameWholeAndInOrder();
    void publishersReadInOnePassAreEachWrittenWhole();

private:
    void restart();
    std::unique_ptr<Hub> m_hub;
    HubConfig m_config;
};

void TestConnection::init()
{
    m_config = HubConfig();
    if (const int threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS"); threads > 0)
        m_config.threads = threads;
    restart();
}

void TestConnection::restart()
{
    m_hub = std::make_unique<Hub>(m_config);
    QVERIFY(m_hub->listen().ok());
}

void TestConnection::cleanup()
{
    m_hub.reset();
}

void TestConnection::upgradeThenPipelinedFrame()
{
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    // The first frame travels in the same segment as the request.
    const QByteArray head =
        client.upgrade("/ws", text(R"({"type":"subscribe","id":1,"data":{"channels":["p"]}})"));
    QVERIFY2(head.startsWith("HTTP/1.1 101"), head.constData());
    QVERIFY(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    const auto reply = client.frame();
    QVERIFY(reply);
    QCOMPARE(reply->opcode, quint8(1));
    QVERIFY(reply->payload.contains("\"type\":\"subscribed\""));
}

void TestConnection::pingIsAnsweredWithTheSamePayload()
{
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    QVERIFY(client.upgrade().startsWith("HTTP/1.1 101"));
    client.send(clientFrame(Opcode::Ping, "are you there"));
    const auto pong = client.frame();
    QVERIFY(pong);
    QCOMPARE(pong->opcode, quint8(0xA));
    QCOMPARE(pong->payload, QByteArray("are you there"));
}

void TestConnection::clientCloseIsEchoed()
{
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    QVERIFY(client.upgrade().startsWith("HTTP/1.1 101"));
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian(quint16(4321), payload.data());
    client.send(clientFrame(Opcode::Close, payload + "done"));
    const auto echo = client.frame();
    QVERIFY(echo);
    QCOMPARE(echo->opcode, quint8(8));
    QCOMPARE(echo->closeCode(), 4321);
    QVERIFY(client.waitClosed()); // the hub hangs up after its echo
    QTRY_COMPARE(m_hub->connectionCount(), 0);
}

void TestConnection::hubCloseWaitsForTheClientsAnswer()
{
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    QVERIFY(client.upgrade().startsWith("HTTP/1.1 101"));
    for (int i = 0; i <= m_config.maxBadFrames; ++i)
        client.send(text("nope"));
    const auto close = client.frameSkipping("error");
    QVERIFY(close);
    QCOMPARE(close->opcode, quint8(8));
    QCOMPARE(close->closeCode(), 4003);
    // Not answered yet: the hub keeps the socket open for our close frame...
    QTest::qWait(200);
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    client.send(clientFrame(Opcode::Close, close->payload.left(2)));
    QVERIFY(client.waitClosed()); // ...and hangs up once it has it.

    // A client that never answers is dropped after the close deadline.
    RawClient mute;
    QVERIFY(mute.connectTo(m_hub->serverPort()));
    QVERIFY(mute.upgrade().startsWith("HTTP/1.1 101"));
    for (int i = 0; i <= m_config.maxBadFrames; ++i)
        mute.send(text("nope"));
    QVERIFY(mute.waitClosed(6000));
}

void TestConnection::unmaskedFrameIsAProtocolError()
{
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    QVERIFY(client.upgrade().startsWith("HTTP/1.1 101"));
    client.send(QByteArray("\x81\x02hi", 4));
    const auto close = client.frame();
    QVERIFY(close);
    QCOMPARE(close->opcode, quint8(8));
    QCOMPARE(close->closeCode(), 1002);
}

void TestConnection::plainHttpRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("unknown path") << QByteArray("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
                                  << QByteArray("HTTP/1.1 404");
    QTest::newRow("/ws without an upgrade")
        << QByteArray("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("HTTP/1.1 426");
    QTest::newRow("garbage") << QByteArray("HELLO THERE\r\n\r\n") << QByteArray("HTTP/1.1 400");
    QTest::newRow("huge head") << "GET / HTTP/1.1\r\nX: " + QByteArray(20000, 'a') + "\r\n\r\n"
                               << QByteArray("HTTP/1.1 431");
    QTest::newRow("old WebSocket version")
        << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      "Sec-WebSocket-Version: 8\r\n\r\n")
        << QByteArray("HTTP/1.1 426");
}

void TestConnection::plainHttpRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, status);
    RawClient client;
    QVERIFY(client.connectTo(m_hub->serverPort()));
    client.send(request);
    const QByteArray head = client.readHead();
    QVERIFY2(head.startsWith(status), head.constData());
    QVERIFY(client.waitClosed());
}

void TestConnection::handshakeTimeoutDropsSilentSockets()
{
    m_hub.reset();
    m_config.handshakeTimeout = 300ms;
    restart();
    RawClient silent;
    QVERIFY(silent.connectTo(m_hub->serverPort()));
    QVERIFY(silent.waitClosed(3000));
    // A client that does upgrade in time is unaffected.
    RawClient prompt;
    QVERIFY(prompt.connectTo(m_hub->serverPort()));
    QVERIFY(prompt.upgrade().startsWith("HTTP/1.1 101"));
    QTest::qWait(600);
    QCOMPARE(prompt.socket.state(), QAbstractSocket::ConnectedState);
}

void TestConnection::slowConsumerIsClosedWith4005AndOthersCarryOn()
{
    m_hub.reset();
    m_config.maxMessageSize = 8192;
    m_config.security.outboxBytes = 1024 * 1024;
    restart();

    // A client that subscribes and then stops reading.
    RawClient slow;
    slow.socket.setReadBufferSize(4096);
    slow.socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    QVERIFY(slow.connectTo(m_hub->serverPort()));
    QVERIFY(slow.upgrade("/ws?c=flood").startsWith("HTTP/1.1 101"));
    TestClient fast;
    QVERIFY(fast.open(QUrl(m_hub->url().toString() + u"?c=flood"_s)));
    QVERIFY(!fast.take(u"subscribed"_s).isEmpty());

    // Up to 10 MB: more than the kernel's socket buffers and the 1 MiB
    // outbox together. In small steps, so the fast client keeps up as a live
    // reader would; should it fall 150 messages (600 KB) behind on a loaded
    // machine (sanitizers, other tests beside), the next step waits until it
    // has caught up to 50. It ends once the hub has given up on the slow
    // client (counted at once, not when the socket closes), which must then
    // start reading within the close deadline (2 s) to find its close frame.
    const QString chunk(4000, u'x');
    int published = 0;
    while (m_hub->stats().slowConsumers == 0) {
        QVERIFY2(published < 2500, "10 MB queued and the slow client is not closed");
        for (int i = 0; i < 25; ++i, ++published)
            m_hub->publish(u"flood"_s, u"message"_s, chunk);
        QTest::qWait(1);
        if (fast.publications(u"flood"_s).size() < published - 150) {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return fast.closed || fast.publications(u"flood"_s).size() >= published - 50;
                },
                10000));
        }
        QVERIFY(!fast.closed);
    }
    QCOMPARE(m_hub->stats().slowConsumers, quint64(1));
    // What it sends from now on is not carried out: the count of
    // publications the fast client gets, below, stays at `published`.
    slow.send(text(R"({"type":"publish","data":{"channel":"flood","data":"late"}})"));

    // Reading now, the slow client finds whole frames, then a 4005 close.
    slow.socket.setReadBufferSize(0);
    std::optional<ServerFrame> last;
    int texts = 0;
    while (auto f = slow.frame(5000)) {
        if (f->opcode == 8) {
            last = f;
            break;
        }
        QCOMPARE(f->opcode, quint8(1));
        QVERIFY(f->payload.startsWith('{') && f->payload.endsWith('}'));
        ++texts;
    }
    QVERIFY(last);
    QCOMPARE(last->closeCode(), 4005);
    QVERIFY(texts < published);
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    QCOMPARE(m_hub->stats().slowConsumers, quint64(1)); // once, not again at the close
    QVERIFY(!fast.closed);

    // Everyone else got everything, in order.
    QVERIFY(fast.waitForPublications(u"flood"_s, published, 30000));
    const auto got = fast.publications(u"flood"_s);
    QCOMPARE(got.size(), published);
    QCOMPARE(got.last().value(u"seq"_s).toInteger(), published);
}

void TestConnection::pausedReaderGetsEveryFrameWholeAndInOrder()
{
    // Deliveries are written from the shared frame in place (sendmsg with
    // several pieces) and copied into the outbox only when the kernel stops
    // taking them. A client that stops reading for a while, and asks for
    // pongs meanwhile (replies that go between the deliveries), must find
    // every frame whole, in order, none twice, once it reads again.
    m_hub.reset();
    m_config.security.outboxBytes = 64 * 1024 * 1024; // this test is not about the bound
    restart();
    RawClient paused;
    paused.socket.setReadBufferSize(4096);
    paused.socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    QVERIFY(paused.connectTo(m_hub->serverPort()));
    QVERIFY(paused.upgrade("/ws?c=paused").startsWith("HTTP/1.1 101"));
    QVERIFY(paused.frameSkipping("presence.joined")); // subscribed

    // ~12 MB: more than the kernel buffers (tcp_wmem's 4 MB at most), so
    // writes stop short and the rest waits in the outbox.
    const QString chunk(4000, u'y');
    constexpr int kPublished = 3000;
    int pings = 0;
    for (int i = 1; i <= kPublished; ++i) {
        m_hub->publish(u"paused"_s, u"message"_s, QJsonObject{{u"n"_s, i}, {u"pad"_s, chunk}});
        if (i % 100 == 0) {
            paused.send(text(R"({"type":"ping","id":"p"})"));
            ++pings;
        }
        if (i % 20 == 0)
            QTest::qWait(1); // let the hub write, and meet a full socket
    }

    paused.socket.setReadBufferSize(0);
    qint64 expected = 1;
    int pongs = 0;
    while (expected <= kPublished || pongs < pings) {
        const auto f = paused.frame(10000);
        QVERIFY2(f, qPrintable(u"stopped at seq %1, %2 pongs"_s.arg(expected).arg(pongs)));
        QCOMPARE(f->opcode, quint8(1));
        const QJsonObject frame = QJsonDocument::fromJson(f->payload).object();
        QVERIFY2(!frame.isEmpty(), f->payload.left(80).constData());
        const QString type = frame.value(u"type"_s).toString();
        if (type == u"pong"_s) {
            ++pongs;
            continue;
        }
        if (type != u"message"_s)
            continue; // presence
        QCOMPARE(frame.value(u"seq"_s).toInteger(), expected);
        QCOMPARE(frame.value(u"data"_s).toObject().value(u"n"_s).toInteger(), expected);
        ++expected;
    }
    QCOMPARE(pongs, pings);
    QCOMPARE(m_hub->connectionCount(), 1); // not closed as a slow consumer
}

void TestConnection::publishersReadInOnePassAreEachWrittenWhole()
{
    // Two publishers' windows, each more than 16 KiB, waiting in the same
    // pass of the poller: the shard delivers and writes the first before it
    // reads the second (Shard::afterRead()). With one thread the hub runs
    // in this one, so both are written before it reads either. Every
    // subscriber gets every message once and in order, a subscriber of
    // both channels each channel in order, and each publisher every ack.
    m_hub.reset();
    m_config.threads = 1;
    restart();
    RawClient onA;
    RawClient onB;
    RawClient onBoth;
    const std::pair<RawClient *, QByteArray> subscribers[] = {
        {&onA, "/ws?c=a"}, {&onB, "/ws?c=b"}, {&onBoth, "/ws?c=a&c=b"}};
    for (const auto &[client, path] : subscribers) {
        QVERIFY(client->connectTo(m_hub->serverPort()));
        QVERIFY(client->upgrade(path).startsWith("HTTP/1.1 101"));
    }
    RawClient publisherA;
    RawClient publisherB;
    for (RawClient *publisher : {&publisherA, &publisherB}) {
        QVERIFY(publisher->connectTo(m_hub->serverPort()));
        QVERIFY(publisher->upgrade().startsWith("HTTP/1.1 101"));
    }
    for (const auto &[client, path] : subscribers)
        QVERIFY(client->frameSkipping("presence.joined")); // subscribed

    constexpr int kEach = 300;
    const QByteArray pad(40, 'p');
    QByteArray windowA;
    QByteArray windowB;
    for (int n = 1; n <= kEach; ++n) {
        for (auto [window, channel] : {std::pair{&windowA, "a"}, std::pair{&windowB, "b"}}) {
            *window +=
                text(QByteArray(R"({"type":"publish","data":{"channel":")") + channel +
                     R"(","data":{"n":)" + QByteArray::number(n) + R"(,"pad":")" + pad + R"("}}})");
        }
    }
    QVERIFY(windowA.size() > 16 * 1024);
    QVERIFY(publisherA.socket.write(windowA) == windowA.size());
    QVERIFY(publisherB.socket.write(windowB) == windowB.size());
    QVERIFY(publisherA.socket.flush() && publisherB.socket.flush());

    // Reads the next `count` publications, skipping presence events; the
    // seq and data.n of each, by channel, must count up from 1.
    auto expectInOrder = [](RawClient &client, int count, const char *name) {
        QHash<QString, qint64> next;
        for (int i = 0; i < count; ++i) {
            const auto f = client.frameSkipping("presence.joined");
            if (!f)
                return QString::fromLatin1("%1: stopped after %2").arg(name).arg(i);
            const QJsonObject frame = QJsonDocument::fromJson(f->payload).object();
            const QString channel = frame.value(u"channel"_s).toString();
            const qint64 expected = next.value(channel, 1);
            if (frame.value(u"type"_s).toString() != u"message"_s ||
                frame.value(u"seq"_s).toInteger() != expected ||
                frame.value(u"data"_s).toObject().value(u"n"_s).toInteger() != expected)
                return QString::fromLatin1("%1: expected %2 on %3, got %4")
                    .arg(name)
                    .arg(expected)
                    .arg(channel, QString::fromUtf8(f->payload.left(120)));
            next[channel] = expected + 1;
        }
        return QString();
    };
    QCOMPARE(expectInOrder(onA, kEach, "a"), QString());
    QCOMPARE(expectInOrder(onB, kEach, "b"), QString());
    QCOMPARE(expectInOrder(onBoth, 2 * kEach, "both"), QString());
    for (RawClient *publisher : {&publisherA, &publisherB}) {
        for (int seq = 1; seq <= kEach; ++seq) {
            const auto f = publisher->frame();
            QVERIFY2(f, qPrintable(u"ack %1 missing"_s.arg(seq)));
            const QJsonObject ack = QJsonDocument::fromJson(f->payload).object();
            QCOMPARE(ack.value(u"type"_s).toString(), u"published"_s);
            QCOMPARE(ack.value(u"data"_s).toObject().value(u"seq"_s).toInteger(), qint64(seq));
        }
    }
    QCOMPARE(m_hub->connectionCount(), 5);
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
