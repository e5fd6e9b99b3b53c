// herald-bench's wire code from raw bytes: RFC 6455 frame headers and the
// upgrade (RFC 6455 §4, §5.2), NATS's byte stream split across WebSocket
// messages, Herald and rooms deliveries, the payload and the histogram.

#include "heraldprotocol.h"
#include "latencyhistogram.h"
#include "natsprotocol.h"
#include "payload.h"
#include "roomsprotocol.h"
#include "textsearch.h"
#include "websocketframe.h"

#include <QTest>

using namespace HeraldBench;

namespace {

struct Recorder : WireReceiver
{
    int deliveries = 0;
    std::int64_t lastSeq = -2;
    Payload::Fields lastFields;
    int confirmations = 0;
    int errors = 0;
    int others = 0;
    std::string answers;

    void delivered(const char *payload, std::size_t available, std::int64_t seq) override
    {
        ++deliveries;
        lastSeq = seq;
        QVERIFY(Payload::parse(payload, available, lastFields));
    }
    void confirmed() override { ++confirmations; }
    void serverError(const char *, std::size_t) override { ++errors; }
    void other() override { ++others; }
    void answer(const std::string &message) override { answers += message; }
};

std::string payloadWith(std::uint64_t counter)
{
    std::string payload = Payload::make(100, 3, 2);
    Payload::writeDigits(&payload[Payload::kCounterOffset], Payload::kCounterDigits, counter);
    Payload::writeDigits(&payload[Payload::kTimeOffset], Payload::kTimeDigits, 123456789);
    return payload;
}

} // namespace

class TestBenchWire : public QObject
{
    Q_OBJECT

private slots:
    void frameHeader_data();
    void frameHeader();
    void maskedFramesRoundTrip_data();
    void maskedFramesRoundTrip();
    void acceptKeyIsTheRfcExample();
    void upgradeResponse_data();
    void upgradeResponse();
    void payloadRoundTrip();
    void findTextAgreesWithStdSearch_data();
    void findTextAgreesWithStdSearch();
    void natsStreamSplitAnywhere();
    void heraldFrames();
    void roomsFrames();
    void histogramPercentiles();
};

void TestBenchWire::frameHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("result"); // WebSocketFrame::Parse
    QTest::addColumn<int>("opcode");
    QTest::addColumn<bool>("fin");
    QTest::addColumn<int>("headerSize");
    QTest::addColumn<qulonglong>("payloadSize");

    const int complete = int(WebSocketFrame::Parse::Complete);
    const int needMore = int(WebSocketFrame::Parse::NeedMore);
    const int invalid = int(WebSocketFrame::Parse::Invalid);
    QTest::newRow("text, 7-bit length")
        << QByteArray::fromHex("8105") << complete << 1 << true << 2 << 5ULL;
    QTest::newRow("binary, 16-bit length")
        << QByteArray::fromHex("827e0100") << complete << 2 << true << 4 << 256ULL;
    QTest::newRow("binary, 64-bit length")
        << QByteArray::fromHex("827f0000000000010000") << complete << 2 << true << 10 << 65536ULL;
    QTest::newRow("one byte") << QByteArray::fromHex("81") << needMore << 0 << false << 0 << 0ULL;
    QTest::newRow("16-bit length cut")
        << QByteArray::fromHex("817e01") << needMore << 0 << false << 0 << 0ULL;
    QTest::newRow("64-bit length cut")
        << QByteArray::fromHex("817f000000") << needMore << 0 << false << 0 << 0ULL;
    QTest::newRow("first fragment")
        << QByteArray::fromHex("0103") << complete << 1 << false << 2 << 3ULL;
    QTest::newRow("last continuation")
        << QByteArray::fromHex("8002") << complete << 0 << true << 2 << 2ULL;
    QTest::newRow("ping") << QByteArray::fromHex("8903") << complete << 9 << true << 2 << 3ULL;
    QTest::newRow("close") << QByteArray::fromHex("8802") << complete << 8 << true << 2 << 2ULL;
    QTest::newRow("masked (a server must not, but it parses)")
        << QByteArray::fromHex("818501020304") << complete << 1 << true << 6 << 5ULL;
    QTest::newRow("fragmented control frame")
        << QByteArray::fromHex("0903") << invalid << 0 << false << 0 << 0ULL;
    QTest::newRow("control frame over 125 bytes")
        << QByteArray::fromHex("897e0080") << invalid << 0 << false << 0 << 0ULL;
    QTest::newRow("RSV1 without an extension")
        << QByteArray::fromHex("c101") << invalid << 0 << false << 0 << 0ULL;
    QTest::newRow("reserved data opcode")
        << QByteArray::fromHex("8300") << invalid << 0 << false << 0 << 0ULL;
    QTest::newRow("reserved control opcode")
        << QByteArray::fromHex("8b00") << invalid << 0 << false << 0 << 0ULL;
}

void TestBenchWire::frameHeader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, result);
    WebSocketFrame::Header header;
    const auto parsed =
        WebSocketFrame::parseHeader(bytes.constData(), std::size_t(bytes.size()), header);
    QCOMPARE(int(parsed), result);
    if (parsed != WebSocketFrame::Parse::Complete)
        return;
    QFETCH(int, opcode);
    QFETCH(bool, fin);
    QFETCH(int, headerSize);
    QFETCH(qulonglong, payloadSize);
    QCOMPARE(int(header.opcode), opcode);
    QCOMPARE(header.fin, fin);
    QCOMPARE(int(header.headerSize), headerSize);
    QCOMPARE(qulonglong(header.payloadSize), payloadSize);
}

void TestBenchWire::maskedFramesRoundTrip_data()
{
    QTest::addColumn<int>("size");
    for (int size : {0, 1, 125, 126, 65535, 65536, 100000})
        QTest::addRow("%d bytes", size) << size;
}

void TestBenchWire::maskedFramesRoundTrip()
{
    // A client frame is always masked (RFC 6455 §5.3) and says so.
    QFETCH(int, size);
    std::string payload(std::size_t(size), '\0');
    for (int i = 0; i < size; ++i)
        payload[std::size_t(i)] = char('a' + i % 26);
    const std::uint8_t mask[4] = {0x12, 0x34, 0x56, 0x78};
    std::string frame;
    WebSocketFrame::appendMasked(frame, WebSocketFrame::Text, payload.data(), payload.size(), mask);
    QCOMPARE(frame.size(), WebSocketFrame::maskedHeaderSize(payload.size()) + payload.size());

    WebSocketFrame::Header header;
    QCOMPARE(WebSocketFrame::parseHeader(frame.data(), frame.size(), header),
             WebSocketFrame::Parse::Complete);
    QVERIFY(header.masked);
    QVERIFY(header.fin);
    QCOMPARE(header.payloadSize, std::uint64_t(size));
    QCOMPARE(header.headerSize, WebSocketFrame::maskedHeaderSize(payload.size()));
    std::string unmasked = frame.substr(header.headerSize);
    const auto *key = reinterpret_cast<const std::uint8_t *>(&header.mask);
    for (std::size_t i = 0; i < unmasked.size(); ++i)
        unmasked[i] = char(std::uint8_t(unmasked[i]) ^ key[i & 3]);
    QVERIFY(unmasked == payload);
}

void TestBenchWire::acceptKeyIsTheRfcExample()
{
    // RFC 6455 §1.3.
    QCOMPARE(WebSocketFrame::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="),
             std::string("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QCOMPARE(WebSocketFrame::randomKey().size(), std::size_t(24));
}

void TestBenchWire::upgradeResponse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("good");
    const QByteArray accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    QTest::newRow("101 with the right accept")
        << "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " +
               accept + "\r\n\r\n"
        << true;
    QTest::newRow("header name in any case")
        << "HTTP/1.1 101 Switching Protocols\r\nsec-websocket-accept:" + accept + "  \r\n\r\n"
        << true;
    QTest::newRow("wrong accept")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")
        << false;
    QTest::newRow("refused") << QByteArray("HTTP/1.1 400 Bad Request\r\n\r\n") << false;
}

void TestBenchWire::upgradeResponse()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, good);
    const std::string problem = WebSocketFrame::checkUpgradeResponse(
        head.constData(), std::size_t(head.size()), "dGhlIHNhbXBsZSBub25jZQ==");
    QCOMPARE(problem.empty(), good);
}

void TestBenchWire::payloadRoundTrip()
{
    const std::string payload = payloadWith(42);
    QCOMPARE(payload.size(), std::size_t(100));
    Payload::Fields fields;
    QVERIFY(Payload::parse(payload.data(), payload.size(), fields));
    QCOMPARE(fields.channel, 3u);
    QCOMPARE(fields.publisher, 2u);
    QCOMPARE(fields.counter, std::uint64_t(42));
    QCOMPARE(fields.sentNs, std::int64_t(123456789));
    QVERIFY(!Payload::parse(payload.data(), Payload::kMinimumSize - 1, fields));
    std::string broken = payload;
    broken[Payload::kCounterOffset + 3] = 'x';
    QVERIFY(!Payload::parse(broken.data(), broken.size(), fields));
    QCOMPARE(Payload::make(10, 0, 0).size(), Payload::kMinimumSize);
}

void TestBenchWire::natsStreamSplitAnywhere()
{
    // nats-server's WebSocket messages are a byte stream: a protocol message
    // may start in one and end in the next. Split the same bytes at every
    // position; what comes out must not change.
    const std::string payload = payloadWith(7);
    const std::string stream = "INFO {\"server_id\":\"x\"}\r\nMSG bench-3 1 " +
                               std::to_string(payload.size()) + "\r\n" + payload +
                               "\r\nPING\r\nPONG\r\n+OK\r\n-ERR 'Unknown Protocol Operation'\r\n";
    const NatsProtocol nats;
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        Recorder recorder;
        std::string pending;
        nats.receive(pending, stream.data(), cut, recorder);
        nats.receive(pending, stream.data() + cut, stream.size() - cut, recorder);
        QVERIFY2(pending.empty(), qPrintable(QString::number(cut)));
        QCOMPARE(recorder.deliveries, 1);
        QCOMPARE(recorder.lastSeq, std::int64_t(-1));
        QCOMPARE(recorder.lastFields.counter, std::uint64_t(7));
        QCOMPARE(recorder.answers, std::string("PONG\r\n"));
        QCOMPARE(recorder.confirmations, 1);
        QCOMPARE(recorder.errors, 1);
        QCOMPARE(recorder.others, 2); // INFO, +OK
    }
    std::size_t offset = 0;
    const std::string publish = nats.publish("bench-0", "p0", payload, offset);
    QCOMPARE(publish, "PUB bench-0 100\r\n" + payload + "\r\n");
    QCOMPARE(publish.substr(offset, payload.size()), payload);
}

void TestBenchWire::heraldFrames()
{
    const HeraldProtocol herald;
    const std::string payload = payloadWith(9);
    std::string none;
    Recorder recorder;
    const std::string delivery =
        R"({"type":"message","id":"a-1","channel":"bench-3","seq":58,"epoch":"e",)"
        R"("timestamp":"2026-11-22T10:00:00.000Z","data":")" +
        payload + R"("})";
    herald.receive(none, delivery.data(), delivery.size(), recorder);
    QCOMPARE(recorder.deliveries, 1);
    QCOMPARE(recorder.lastSeq, std::int64_t(58));
    QCOMPARE(recorder.lastFields.counter, std::uint64_t(9));

    const std::string subscribed =
        R"({"data":{"channels":["bench-3"],"positions":{"bench-3":{"epoch":"e","seq":0}}},)"
        R"("timestamp":"t","type":"subscribed"})";
    herald.receive(none, subscribed.data(), subscribed.size(), recorder);
    QCOMPARE(recorder.confirmations, 1);
    const std::string presence = R"({"type":"presence.joined","channel":"bench-3","data":{}})";
    herald.receive(none, presence.data(), presence.size(), recorder);
    QCOMPARE(recorder.others, 1);
    const std::string error = R"({"data":{"code":"rate_limited","message":"m"},"type":"error"})";
    herald.receive(none, error.data(), error.size(), recorder);
    QCOMPARE(recorder.errors, 1);
    QCOMPARE(recorder.deliveries, 1);

    std::size_t offset = 0;
    const std::string publish = herald.publish("bench-3", "p2", payload, offset);
    QCOMPARE(publish.substr(offset, payload.size()), payload);
    QCOMPARE(publish,
             R"({"type":"publish","data":{"channel":"bench-3","data":")" + payload + R"("}})");
}

void TestBenchWire::roomsFrames()
{
    // Seed 003 puts `sequence` after the content.
    const RoomsProtocol rooms;
    const std::string payload = payloadWith(11);
    std::string none;
    Recorder recorder;
    const std::string delivery = R"({"type":"message","id":"x","room":"bench-3","sender":"p2",)"
                                 R"("content":")" +
                                 payload + R"(","sequence":12,"timestamp":1})";
    rooms.receive(none, delivery.data(), delivery.size(), recorder);
    QCOMPARE(recorder.deliveries, 1);
    QCOMPARE(recorder.lastSeq, std::int64_t(12));
    const std::string subscribed = R"({"type":"subscribed","room":"bench-3","sequence":0})";
    rooms.receive(none, subscribed.data(), subscribed.size(), recorder);
    QCOMPARE(recorder.confirmations, 1);
    const std::string error = R"({"error":"Invalid message format"})";
    rooms.receive(none, error.data(), error.size(), recorder);
    QCOMPARE(recorder.errors, 1);
}

void TestBenchWire::histogramPercentiles()
{
    LatencyHistogram histogram;
    QCOMPARE(histogram.percentile(0.99), std::uint64_t(0));
    for (std::uint64_t v = 1; v <= 1000000; ++v)
        histogram.record(std::int64_t(v));
    QCOMPARE(histogram.count(), std::uint64_t(1000000));
    QCOMPARE(histogram.max(), std::uint64_t(1000000));
    for (double q : {0.5, 0.9, 0.99, 0.999}) {
        const double got = double(histogram.percentile(q));
        QVERIFY2(std::abs(got - q * 1e6) <= 0.02 * q * 1e6, qPrintable(QString::number(got)));
    }
    LatencyHistogram small;
    small.record(5);
    small.record(100);
    QCOMPARE(small.percentile(0.5), std::uint64_t(5));
    QCOMPARE(small.percentile(1.0), std::uint64_t(100));
}

QTEST_APPLESS_MAIN(TestBenchWire)
void TestBenchWire::findTextAgreesWithStdSearch_data()
{
    QTest::addColumn<QByteArray>("haystack");
    QTest::addColumn<QByteArray>("needle");
    QTest::newRow("at the start") << QByteArray("HB1|rest") << QByteArray("HB1|");
    QTest::newRow("at the end") << QByteArray("xx\"seq\":") << QByteArray("\"seq\":");
    QTest::newRow("after a false start") << QByteArray("aaab") << QByteArray("aab");
    QTest::newRow("first byte only") << QByteArray("\"s\"se\"seq") << QByteArray("\"seq\":");
    QTest::newRow("absent") << QByteArray("no marker here") << QByteArray("HB1|");
    QTest::newRow("longer than the text") << QByteArray("HB") << QByteArray("HB1|");
    QTest::newRow("empty text") << QByteArray() << QByteArray("x");
    QTest::newRow("head end") << QByteArray("HTTP/1.1 101\r\nA: b\r\n\r\n")
                              << QByteArray("\r\n\r\n");
}

void TestBenchWire::findTextAgreesWithStdSearch()
{
    QFETCH(QByteArray, haystack);
    QFETCH(QByteArray, needle);
    const char *found = HeraldBench::findText(haystack.constData(), std::size_t(haystack.size()),
                                              needle.constData(), std::size_t(needle.size()));
    const qsizetype expected = haystack.indexOf(needle);
    QCOMPARE(found ? found - haystack.constData() : -1, expected);
}

#include "tst_benchwire.moc"
