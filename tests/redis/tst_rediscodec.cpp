// RedisCodec: the versioned JSON a publication or presence change is in
// Redis, with seq and epoch appended by the publish script.

#include <rediscodec.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

Wire::Publication samplePublication()
{
    Wire::Publication p;
    p.channel = u"memories"_s;
    p.event = u"memory.created"_s;
    p.id = u"5be0c6f3a1d29e04-1a"_s;
    p.timestampMs = 1795341600123; // 2026-11-22T10:00:00.123Z
    p.sender = Wire::Sender{u"u1"_s, u"Jane \"J\" Doe"_s, u"conn-7"_s};
    p.data = QJsonObject{{u"memory"_s, QJsonObject{{u"id"_s, u"m-1"_s}}},
                         {u"big"_s, 9007199254740991.0},
                         {u"list"_s, QJsonArray{1, u"two"_s, QJsonValue::Null}}};
    return p;
}

} // namespace

class TestRedisCodec : public QObject
{
    Q_OBJECT

private slots:
    void publicationRoundTrip();
    void headLeavesSeqAndEpochToTheScript();
    void scalarData();
    void rejectsOtherVersionsAndGarbage_data();
    void rejectsOtherVersionsAndGarbage();
    void presenceChanges();
    void membersAreSummarisedPerUser();
};

void TestRedisCodec::publicationRoundTrip()
{
    Wire::Publication p = samplePublication();
    const QByteArray head = RedisCodec::publicationHead(p, u"hub-a"_s);
    const QByteArray full = RedisCodec::completePublication(head, 58, u"9f2c77d01b3e4a55"_s);
    const Result<RedisCodec::Message> message = RedisCodec::decode(full);
    QVERIFY2(message.ok(), qPrintable(message.reason()));
    QCOMPARE(message->kind, RedisCodec::Message::Kind::Publication);
    QCOMPARE(message->origin, u"hub-a"_s);
    p.seq = 58;
    p.epoch = u"9f2c77d01b3e4a55"_s;
    QCOMPARE(message->publication, p);
}

void TestRedisCodec::headLeavesSeqAndEpochToTheScript()
{
    const QByteArray head = RedisCodec::publicationHead(samplePublication(), u"hub-a"_s);
    QVERIFY(head.startsWith('{'));
    QVERIFY(!head.endsWith('}'));
    QVERIFY(!head.contains("\"seq\""));
    QVERIFY(!head.contains("\"epoch\""));
    const QJsonObject object =
        QJsonDocument::fromJson(RedisCodec::completePublication(head, 1, u"e"_s)).object();
    QCOMPARE(object.value(u"v"_s).toInt(), RedisCodec::kVersion);
    QCOMPARE(object.value(u"seq"_s).toInteger(), 1);
}

void TestRedisCodec::scalarData()
{
    Wire::Publication p = samplePublication();
    p.sender = {};
    p.data = u"just a string"_s;
    const Result<RedisCodec::Message> message = RedisCodec::decode(
        RedisCodec::completePublication(RedisCodec::publicationHead(p, u"h"_s), 3, u"e"_s));
    QVERIFY(message.ok());
    QCOMPARE(message->publication.data, QJsonValue(u"just a string"_s));
    QVERIFY(message->publication.sender.isEmpty());
}

void TestRedisCodec::rejectsOtherVersionsAndGarbage_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("not JSON") << QByteArray("{\"v\":1,");
    QTest::newRow("array") << QByteArray("[1]");
    QTest::newRow("no version") << QByteArray(
        R"({"type":"m","channel":"c","seq":1,"epoch":"e","data":null})");
    QTest::newRow("version 2") << QByteArray(
        R"({"v":2,"type":"m","channel":"c","seq":1,"epoch":"e","data":null})");
    QTest::newRow("no seq") << QByteArray(R"({"v":1,"type":"m","channel":"c","epoch":"e"})");
    QTest::newRow("no epoch") << QByteArray(R"({"v":1,"type":"m","channel":"c","seq":1})");
    QTest::newRow("unknown presence change")
        << QByteArray(R"({"v":1,"presence":"wave","member":{}})");
}

void TestRedisCodec::rejectsOtherVersionsAndGarbage()
{
    QFETCH(QByteArray, payload);
    QVERIFY(!RedisCodec::decode(payload).ok());
}

void TestRedisCodec::presenceChanges()
{
    const Wire::Sender member{u"u1"_s, u"Jane"_s, u"c-1"_s};
    const QByteArray value = RedisCodec::memberValue(member, u"hub-a"_s);
    QCOMPARE(RedisCodec::decodeMember(value).value(), member);

    // The shape the presence script publishes around a stored member.
    for (const auto &[kind, expected] : {std::pair{"join", RedisCodec::Message::Kind::Joined},
                                         std::pair{"leave", RedisCodec::Message::Kind::Left}}) {
        const QByteArray event =
            QByteArray(R"({"v":1,"presence":")") + kind + R"(","member":)" + value + "}";
        const Result<RedisCodec::Message> message = RedisCodec::decode(event);
        QVERIFY2(message.ok(), qPrintable(message.reason()));
        QCOMPARE(message->kind, expected);
        QCOMPARE(message->member, member);
        QCOMPARE(message->origin, u"hub-a"_s);
    }
}

void TestRedisCodec::membersAreSummarisedPerUser()
{
    const QList<Wire::Sender> members{
        {u"u2"_s, u"Bob"_s, u"c3"_s}, {u"u1"_s, u"Jane"_s, u"c1"_s}, {u"u1"_s, u"Jane"_s, u"c2"_s}};
    const QList<Wire::MemberSummary> expected{{u"u1"_s, u"Jane"_s, 2}, {u"u2"_s, u"Bob"_s, 1}};
    QCOMPARE(RedisCodec::summarize(members), expected);
    QVERIFY(RedisCodec::summarize({}).isEmpty());
}

QTEST_APPLESS_MAIN(TestRedisCodec)
#include "tst_rediscodec.moc"
