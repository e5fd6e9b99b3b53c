// The hub's RFC 6455 layer, frame by frame from raw bytes: framing,
// fragmentation, control frames, close codes, UTF-8, size limits; and the
// HTTP request parser and upgrade handshake in front of it.

#include "net/handshake.h"
#include "net/httprequest.h"
#include "net/utf8.h"
#include "net/websocketframe.h"

#include <QTest>

using namespace Herald::Net;
using namespace Herald::Net::WebSocket;
using namespace Qt::StringLiterals;

namespace {

// Records what the parser hands over, as text lines easy to compare.
class Recorder final : public FrameHandler
{
public:
    void messageReceived(Opcode opcode, QByteArrayView payload) override
    {
        events << (opcode == Opcode::Text ? "text:" : "binary:") + payload.toByteArray();
    }
    void pingReceived(QByteArrayView payload) override
    {
        events << "ping:" + payload.toByteArray();
    }
    void pongReceived(QByteArrayView payload) override
    {
        events << "pong:" + payload.toByteArray();
    }
    void closeReceived(int code, const QString &reason) override
    {
        events << "close:" + QByteArray::number(code) + ':' + reason.toUtf8();
    }
    QList<QByteArray> events;
};

// Feeds `input` to a parser `chunk` bytes at a time, keeping partial
// frames as a connection does; returns the events and the failure code.
std::pair<QList<QByteArray>, int> run(const QByteArray &input, qsizetype chunk = 0,
                                      qint64 limit = 1024)
{
    FrameParser parser(limit);
    Recorder recorder;
    QByteArray pending;
    qsizetype position = 0;
    const qsizetype step = chunk > 0 ? chunk : std::max<qsizetype>(input.size(), 1);
    while (position < input.size()) {
        pending.append(input.mid(position, step));
        position += step;
        const auto result = parser.parse(pending.data(), pending.size(), recorder);
        if (result.failure)
            return {recorder.events, result.failure->closeCode};
        pending.remove(0, result.consumed);
    }
    return {recorder.events, 0};
}

QByteArray frameBytes(quint8 first, QByteArrayView payload, bool masked = true)
{
    QByteArray out = clientFrame(Opcode(first & 0x0F), payload, first & 0x80);
    out[0] = char(first); // keep RSV bits as given
    if (!masked) {
        // Rebuild without a mask: header, then the plain payload.
        out = QByteArray(1, char(first));
        out.append(char(payload.size()));
        out.append(payload.data(), payload.size());
    }
    return out;
}

QByteArray closePayload(int code, const QByteArray &reason = {})
{
    QByteArray payload(2, Qt::Uninitialized);
    payload[0] = char(code >> 8);
    payload[1] = char(code & 0xff);
    return payload + reason;
}

} // namespace

class TestWebSocketFrame : public QObject
{
    Q_OBJECT

private slots:
    void parsesFrames_data();
    void parsesFrames();
    void sameResultByteByByte_data();
    void sameResultByteByByte();
    void messageSizeLimit();
    void lengthEncodings();
    void serverFrames();
    void closeReasonIsCutOnACharacterBoundary();
    void utf8Validation_data();
    void utf8Validation();
    void httpRequestParsing();
    void handshakeAnswers_data();
    void handshakeAnswers();
    void acceptKeyMatchesTheRfc();
};

void TestWebSocketFrame::parsesFrames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("events");
    QTest::addColumn<int>("failure");

    const QByteArray hello = clientFrame(Opcode::Text, "hello");
    QTest::newRow("one text frame") << hello << QList<QByteArray>{"text:hello"} << 0;
    QTest::newRow("two frames in one read")
        << hello + clientFrame(Opcode::Binary, "\x01\x02")
        << QList<QByteArray>{"text:hello", "binary:\x01\x02"} << 0;
    QTest::newRow("empty text") << clientFrame(Opcode::Text, "") << QList<QByteArray>{"text:"} << 0;
    QTest::newRow("fragmented text with a ping in between")
        << clientFrame(Opcode::Text, "hel", false) + clientFrame(Opcode::Ping, "p") +
               clientFrame(Opcode::Continuation, "lo", false) +
               clientFrame(Opcode::Continuation, "!", true)
        << QList<QByteArray>{"ping:p", "text:hello!"} << 0;
    QTest::newRow("UTF-8 split across fragments is fine")
        << clientFrame(Opcode::Text, "\xc3", false) + clientFrame(Opcode::Continuation, "\xa9")
        << QList<QByteArray>{"text:\xc3\xa9"} << 0;
    QTest::newRow("pong") << clientFrame(Opcode::Pong, "x") << QList<QByteArray>{"pong:x"} << 0;
    QTest::newRow("close without a code")
        << clientFrame(Opcode::Close, "") << QList<QByteArray>{"close:1005:"} << 0;
    QTest::newRow("close with code and reason")
        << clientFrame(Opcode::Close, closePayload(1000, "bye"))
        << QList<QByteArray>{"close:1000:bye"} << 0;
    QTest::newRow("close with an application code")
        << clientFrame(Opcode::Close, closePayload(4999)) << QList<QByteArray>{"close:4999:"} << 0;
    QTest::newRow("nothing after close is read")
        << clientFrame(Opcode::Close, closePayload(1001)) + hello
        << QList<QByteArray>{"close:1001:"} << 0;

    QTest::newRow("unmasked client frame")
        << frameBytes(0x81, "hi", false) << QList<QByteArray>{} << 1002;
    QTest::newRow("RSV1 without an extension")
        << frameBytes(0xC1, "hi") << QList<QByteArray>{} << 1002;
    QTest::newRow("RSV3") << frameBytes(0x91, "hi") << QList<QByteArray>{} << 1002;
    QTest::newRow("reserved data opcode 3")
        << frameBytes(0x83, "hi") << QList<QByteArray>{} << 1002;
    QTest::newRow("reserved control opcode 11")
        << frameBytes(0x8B, "") << QList<QByteArray>{} << 1002;
    QTest::newRow("fragmented ping")
        << clientFrame(Opcode::Ping, "p", false) << QList<QByteArray>{} << 1002;
    QTest::newRow("ping longer than 125 bytes")
        << clientFrame(Opcode::Ping, QByteArray(126, 'p')) << QList<QByteArray>{} << 1002;
    QTest::newRow("continuation without a message")
        << clientFrame(Opcode::Continuation, "x") << QList<QByteArray>{} << 1002;
    QTest::newRow("new message inside a fragmented one")
        << clientFrame(Opcode::Text, "a", false) + clientFrame(Opcode::Text, "b")
        << QList<QByteArray>{} << 1002;
    QTest::newRow("invalid UTF-8 text")
        << clientFrame(Opcode::Text, "\xff\xfe") << QList<QByteArray>{} << 1007;
    QTest::newRow("invalid UTF-8 across fragments")
        << clientFrame(Opcode::Text, "\xc3", false) + clientFrame(Opcode::Continuation, "(")
        << QList<QByteArray>{} << 1007;
    QTest::newRow("binary may be anything")
        << clientFrame(Opcode::Binary, "\xff\xfe") << QList<QByteArray>{"binary:\xff\xfe"} << 0;
    QTest::newRow("close with a 1-byte payload")
        << clientFrame(Opcode::Close, "\x03") << QList<QByteArray>{} << 1002;
    QTest::newRow("close code 1005 may not be sent")
        << clientFrame(Opcode::Close, closePayload(1005)) << QList<QByteArray>{} << 1002;
    QTest::newRow("close code 999")
        << clientFrame(Opcode::Close, closePayload(999)) << QList<QByteArray>{} << 1002;
    QTest::newRow("close code 5000")
        << clientFrame(Opcode::Close, closePayload(5000)) << QList<QByteArray>{} << 1002;
    QTest::newRow("close reason not UTF-8")
        << clientFrame(Opcode::Close, closePayload(1000, "\xc3")) << QList<QByteArray>{} << 1007;
}

void TestWebSocketFrame::parsesFrames()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, events);
    QFETCH(int, failure);
    const auto [got, code] = run(input);
    QCOMPARE(got, events);
    QCOMPARE(code, failure);
}

void TestWebSocketFrame::sameResultByteByByte_data()
{
    parsesFrames_data();
}

void TestWebSocketFrame::sameResultByteByByte()
{
    // TCP may split anything anywhere: one byte at a time gives the same.
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, events);
    QFETCH(int, failure);
    const auto [got, code] = run(input, 1);
    QCOMPARE(got, events);
    QCOMPARE(code, failure);
}

void TestWebSocketFrame::messageSizeLimit()
{
    // At the limit: fine. One byte over: 1009, decided from the header alone.
    QCOMPARE(run(clientFrame(Opcode::Text, QByteArray(1024, 'a'))).second, 0);
    const QByteArray over = clientFrame(Opcode::Text, QByteArray(1025, 'a'));
    QCOMPARE(run(over.left(8)).second, 1009);
    // Fragments that add up to more than the limit.
    const QByteArray fragments = clientFrame(Opcode::Text, QByteArray(600, 'a'), false) +
                                 clientFrame(Opcode::Continuation, QByteArray(600, 'a'));
    QCOMPARE(run(fragments).second, 1009);
    // A 64-bit length with the top bit set is not a length at all.
    QByteArray bogus = "\x81\xff";
    bogus += QByteArray("\x80\x00\x00\x00\x00\x00\x00\x01", 8) + QByteArray(4, 'k');
    QCOMPARE(run(bogus, 0, 1LL << 62).second, 1002);
}

void TestWebSocketFrame::lengthEncodings()
{
    for (const int size : {0, 125, 126, 127, 65535, 65536, 70000}) {
        const QByteArray payload(size, 'z');
        const QByteArray frame = clientFrame(Opcode::Binary, payload);
        QCOMPARE(frameSize(frame.constData(), frame.size()), frame.size());
        const auto [events, code] = run(frame, 0, 1 << 20);
        QCOMPARE(code, 0);
        QCOMPARE(events, QList<QByteArray>{"binary:" + payload});
        // frameSize needs the whole header before it can tell.
        QCOMPARE(frameSize(frame.constData(), 1), qsizetype(0));
    }
}

void TestWebSocketFrame::serverFrames()
{
    // Unmasked, final, with the shortest length form.
    QCOMPARE(textFrame("hi"), QByteArray("\x81\x02hi"));
    const QByteArray medium = textFrame(QByteArray(300, 'x'));
    QCOMPARE(medium.left(4), QByteArray("\x81\x7e\x01\x2c", 4));
    QCOMPARE(medium.size(), 304);
    const QByteArray large = textFrame(QByteArray(70000, 'x'));
    QCOMPARE(large.left(10), QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10));
    QCOMPARE(closeFrame(4005, u"slow consumer"_s), QByteArray("\x88\x0f\x0f\xa5slow consumer", 17));

    // Framed in place, after headroom: the same bytes at every length form.
    for (const int size : {0, 1, 125, 126, 300, 65535, 65536, 70000}) {
        QByteArray payload(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            payload[i] = char('a' + i % 26);
        const QByteArray inPlace =
            textFrameFromHeadroom(QByteArray(kMaxServerHeaderSize, '?') + payload);
        QCOMPARE(inPlace, textFrame(payload));
    }
}

void TestWebSocketFrame::closeReasonIsCutOnACharacterBoundary()
{
    // 120 bytes of two-byte characters, then two three-byte ones: 123 bytes
    // fit, which is the first euro sign and not half of the second.
    const QString reason = QString(60, u'é');
    const QByteArray frame = closeFrame(1000, reason + u"€€"_s);
    QCOMPARE(frame.size(), 2 + 2 + 123);
    const QByteArray text = frame.mid(4);
    QVERIFY(isValidUtf8(text.constData(), text.size()));
    QCOMPARE(QString::fromUtf8(text), reason + u"€"_s);
    const QByteArray odd = closeFrame(1000, reason + u"x€€"_s); // 121 + 3 > 123
    QCOMPARE(QString::fromUtf8(odd.mid(4)), reason + u"x"_s);
}

void TestWebSocketFrame::utf8Validation_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("plain {\"json\": 1} text, long enough for blocks")
                           << true;
    QTest::newRow("two-byte") << QByteArray("\xc3\xa9") << true;
    QTest::newRow("three-byte") << QByteArray("\xe2\x82\xac") << true;
    QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x98\x80") << true;
    QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("overlong three-byte") << QByteArray("\xe0\x80\xaf") << false;
    QTest::newRow("overlong four-byte") << QByteArray("\xf0\x80\x80\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("lone continuation") << QByteArray("\x80") << false;
    QTest::newRow("truncated") << QByteArray("abc\xe2\x82") << false;
    QTest::newRow("bad continuation") << QByteArray("\xe2\x28\xa1") << false;
    QTest::newRow("F5") << QByteArray("\xf5\x80\x80\x80") << false;
    QTest::newRow("invalid after an ASCII block") << QByteArray("12345678\xff") << false;
}

void TestWebSocketFrame::utf8Validation()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(bytes.constData(), bytes.size()), valid);
}

void TestWebSocketFrame::httpRequestParsing()
{
    HttpRequestParser parser(1024, 64);
    QByteArray input = "POST /api/publish?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n";
    QCOMPARE(parser.parse(input), HttpRequestParser::Status::Incomplete);
    input += "X-Thing: A, b\r\n\r\nhel";
    QCOMPARE(parser.parse(input), HttpRequestParser::Status::Incomplete);
    input += "loEXTRA";
    QCOMPARE(parser.parse(input), HttpRequestParser::Status::Complete);
    QCOMPARE(parser.request().method, QByteArray("POST"));
    QCOMPARE(parser.request().url().path(), u"/api/publish"_s);
    QCOMPARE(parser.request().body, QByteArray("hello"));
    QCOMPARE(parser.request().header("x-thing"), QByteArray("A, b"));
    QVERIFY(parser.request().headerHasToken("x-thing", "B"));
    QCOMPARE(input, QByteArray("EXTRA")); // what follows stays

    HttpRequestParser small(64, 64);
    QByteArray huge = "GET / HTTP/1.1\r\nX: " + QByteArray(100, 'a');
    QCOMPARE(small.parse(huge), HttpRequestParser::Status::TooLarge);
    HttpRequestParser body(1024, 4);
    QByteArray big = "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n";
    QCOMPARE(body.parse(big), HttpRequestParser::Status::TooLarge);
    HttpRequestParser chunked(1024, 64);
    QByteArray te = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    QCOMPARE(chunked.parse(te), HttpRequestParser::Status::Invalid);
    HttpRequestParser garbage(1024, 64);
    QByteArray junk = "HELLO\r\n\r\n";
    QCOMPARE(garbage.parse(junk), HttpRequestParser::Status::Invalid);
}

void TestWebSocketFrame::handshakeAnswers_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QString>("subprotocol");
    const QByteArray base = "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
                            "Connection: keep-alive, Upgrade\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    QTest::newRow("valid") << base + key + "Sec-WebSocket-Version: 13\r\n\r\n"
                           << true << QByteArray("HTTP/1.1 101") << QString();
    QTest::newRow("subprotocol chosen")
        << base + key +
               "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, herald.v1\r\n\r\n"
        << true << QByteArray("HTTP/1.1 101") << u"herald.v1"_s;
    QTest::newRow("unknown subprotocol ignored")
        << base + key + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n"
        << true << QByteArray("HTTP/1.1 101") << QString();
    QTest::newRow("old version") << base + key + "Sec-WebSocket-Version: 8\r\n\r\n"
                                 << false << QByteArray("HTTP/1.1 426") << QString();
    QTest::newRow("missing key") << base + "Sec-WebSocket-Version: 13\r\n\r\n"
                                 << false << QByteArray("HTTP/1.1 400") << QString();
    QTest::newRow("short key")
        << base + "Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n"
        << false << QByteArray("HTTP/1.1 400") << QString();
    QTest::newRow("POST")
        << QByteArray("POST /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n") + key +
               "Sec-WebSocket-Version: 13\r\n\r\n"
        << false << QByteArray("HTTP/1.1 400") << QString();
    QTest::newRow("no Connection: Upgrade")
        << QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n") + key +
               "Sec-WebSocket-Version: 13\r\n\r\n"
        << false << QByteArray("HTTP/1.1 400") << QString();
}

void TestWebSocketFrame::handshakeAnswers()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, statusLine);
    QFETCH(QString, subprotocol);
    HttpRequestParser parser(4096, 0);
    QCOMPARE(parser.parse(request), HttpRequestParser::Status::Complete);
    QVERIFY(Handshake::isUpgrade(parser.request()));
    const Handshake::Outcome outcome = Handshake::answer(parser.request(), {u"herald.v1"_s});
    QCOMPARE(outcome.accepted, accepted);
    QVERIFY2(outcome.response.startsWith(statusLine), outcome.response.constData());
    QCOMPARE(outcome.subprotocol, subprotocol);
    if (accepted)
        QVERIFY(outcome.response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    else
        QVERIFY(!outcome.reason.isEmpty());
}

void TestWebSocketFrame::acceptKeyMatchesTheRfc()
{
    // RFC 6455 section 1.3's worked example.
    QCOMPARE(Handshake::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="),
             QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

QTEST_APPLESS_MAIN(TestWebSocketFrame)
#include "tst_websocketframe.moc"
