// Herald::Wire::Codec: every frame type both ways, every alias of
// PROTOCOL.md, and every way a frame can be wrong.

#include <herald/wire/codec.h>
#include <herald/wire/json.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Herald::Wire;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Herald::Wire::Command)
Q_DECLARE_METATYPE(Herald::Wire::ErrorCode)
Q_DECLARE_METATYPE(Herald::Wire::Reply)

namespace {

QByteArray frame(const char *json)
{
    return QByteArray(json);
}

QString describe(const Command &command)
{
    return Codec::typeName(command);
}

} // namespace

class TestCodec : public QObject
{
    Q_OBJECT

private slots:
    void decodesEveryTypeAndAlias_data();
    void decodesEveryTypeAndAlias();
    void rejectsBadFrames_data();
    void rejectsBadFrames();
    void echoesRequestIdOnErrors();
    void deepNestingIsRefused();
    void moderateNestingInsideDataIsKept();
    void requestsRoundTrip_data();
    void requestsRoundTrip();
    void repliesRoundTrip_data();
    void repliesRoundTrip();
    void publicationEscapesText();
    void stringsEscapeWhateverStandsWhere();
    void publicationFrameIsExactJson();
    void serialisesScalars();
    void integersAreExactOrRefused_data();
    void integersAreExactOrRefused();
    void reservedEvents();
    void fastPublishAgreesWithTheGeneralDecoder_data();
    void fastPublishAgreesWithTheGeneralDecoder();
    void fastPublishRendersLikeAParsedOne();
    void timestampsMatchQDateTime();
};

void TestCodec::decodesEveryTypeAndAlias_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Command>("expected");

    Subscribe two;
    two.channels = {u"a"_s, u"b"_s};
    QTest::newRow("subscribe: data.channels")
        << frame(R"({"type":"subscribe","data":{"channels":["a","b"]}})") << Command(two);
    QTest::newRow("subscribe: topics at top level (seed 002)")
        << frame(R"({"type":"subscribe","topics":["a","b"]})") << Command(two);
    QTest::newRow("subscribe: params instead of data")
        << frame(R"({"type":"subscribe","params":{"channels":["a","b"]}})") << Command(two);
    QTest::newRow("subscribe: duplicates collapse")
        << frame(R"({"type":"subscribe","data":{"channels":["a","b","a"]}})") << Command(two);

    Subscribe since;
    since.channels = {u"a"_s, u"b"_s};
    since.since.insert(u"a"_s, SinceMark{7, {}});
    since.since.insert(u"b"_s, SinceMark{3, u"e1"_s});
    QTest::newRow("subscribe: since as seq and as {seq, epoch}")
        << frame(R"({"type":"subscribe","data":{"channels":["a","b"],)"
                 R"("since":{"a":7,"b":{"seq":3,"epoch":"e1"}}}})")
        << Command(since);

    Subscribe quiet;
    quiet.channels = {u"a"_s};
    quiet.presence = false;
    QTest::newRow("subscribe: presence events declined")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"presence":false}})")
        << Command(quiet);

    QTest::newRow("unsubscribe") << frame(R"({"type":"unsubscribe","data":{"channels":["a","b"]}})")
                                 << Command(Unsubscribe{{u"a"_s, u"b"_s}});
    QTest::newRow("unsubscribe: topics alias")
        << frame(R"({"type":"unsubscribe","topics":["a","b"]})")
        << Command(Unsubscribe{{u"a"_s, u"b"_s}});

    Publish plain;
    plain.channel = u"news"_s;
    plain.data = QJsonObject{{u"x"_s, 1}};
    QTest::newRow("publish: default event is message")
        << frame(R"({"type":"publish","data":{"channel":"news","data":{"x":1}}})")
        << Command(plain);
    Publish typed = plain;
    typed.event = u"memory.created"_s;
    QTest::newRow("publish: event")
        << frame(R"({"type":"publish","data":{"channel":"news","event":"memory.created",)"
                 R"("data":{"x":1}}})")
        << Command(typed);
    Publish content;
    content.channel = u"updates"_s;
    content.data = u"hello"_s;
    QTest::newRow("publish: method pub, params, content (seed 000)")
        << frame(R"({"method":"pub","params":{"channel":"updates","content":"hello"}})")
        << Command(content);
    Publish none;
    none.channel = u"c"_s;
    none.data = QJsonValue::Null;
    QTest::newRow("publish: no data is null")
        << frame(R"({"type":"publish","data":{"channel":"c"}})") << Command(none);
    Publish array;
    array.channel = u"c"_s;
    array.data = QJsonArray{1, 2, 3};
    QTest::newRow("publish: any JSON as data")
        << frame(R"({"type":"publish","data":{"channel":"c","data":[1,2,3]}})") << Command(array);

    QTest::newRow("history: channel only")
        << frame(R"({"type":"history","data":{"channel":"c"}})")
        << Command(HistoryQuery{u"c"_s, std::nullopt, std::nullopt});
    QTest::newRow("history: since and limit")
        << frame(R"({"type":"history","data":{"channel":"c","since":5,"limit":10}})")
        << Command(HistoryQuery{u"c"_s, 5, 10});
    QTest::newRow("history: since 0")
        << frame(R"({"type":"history","data":{"channel":"c","since":0}})")
        << Command(HistoryQuery{u"c"_s, 0, std::nullopt});
    QTest::newRow("presence") << frame(R"({"type":"presence","data":{"channel":"c"}})")
                              << Command(PresenceQuery{u"c"_s});
    QTest::newRow("ping") << frame(R"({"type":"ping"})") << Command(Ping{});
    QTest::newRow("admin.connections")
        << frame(R"({"type":"admin.connections"})") << Command(ListConnections{});
    QTest::newRow("admin.disconnect, defaults")
        << frame(R"({"type":"admin.disconnect","data":{"connection_id":"c-1"}})")
        << Command(Disconnect{u"c-1"_s, 1000, {}});
    QTest::newRow("admin.disconnect, code and reason")
        << frame(
               R"({"type":"admin.disconnect","data":{"connection_id":"c-1","code":4000,"reason":"r"}})")
        << Command(Disconnect{u"c-1"_s, 4000, u"r"_s});
    Subscribe hidden;
    hidden.channels = {u"a"_s};
    hidden.hidden = true;
    QTest::newRow("subscribe: hidden (admin)")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"hidden":true}})")
        << Command(hidden);
    QTest::newRow("ping: seed 001 envelope with id and timestamp")
        << frame(R"({"id":"x1","type":"ping","timestamp":"2024-01-15T10:00:00Z","data":null})")
        << Command(Ping{});
}

void TestCodec::decodesEveryTypeAndAlias()
{
    QFETCH(QByteArray, input);
    QFETCH(Command, expected);
    const auto decoded = Codec::decodeRequest(input);
    if (const auto *error = std::get_if<DecodeError>(&decoded))
        QFAIL(qPrintable(u"unexpected error: "_s + error->message));
    const Request &request = std::get<Request>(decoded);
    QCOMPARE(describe(request.command), describe(expected));
    QVERIFY2(request.command == expected, input.constData());
}

void TestCodec::rejectsBadFrames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ErrorCode>("code");

    const auto bad = ErrorCode::BadRequest;
    QTest::newRow("malformed JSON") << frame(R"({"type":"ping")") << bad;
    QTest::newRow("empty frame") << QByteArray() << bad;
    QTest::newRow("not JSON at all") << frame("hello") << bad;
    QTest::newRow("array, not object") << frame(R"([{"type":"ping"}])") << bad;
    QTest::newRow("string, not object") << frame(R"("ping")") << bad;
    QTest::newRow("number, not object") << frame("42") << bad;
    QTest::newRow("null") << frame("null") << bad;
    QTest::newRow("missing type") << frame(R"({"data":{}})") << bad;
    QTest::newRow("type is a number") << frame(R"({"type":7})") << bad;
    QTest::newRow("type is empty") << frame(R"({"type":""})") << bad;
    QTest::newRow("unknown type") << frame(R"({"type":"dance"})") << ErrorCode::UnknownType;
    QTest::newRow("unknown method") << frame(R"({"method":"sub2"})") << ErrorCode::UnknownType;
    QTest::newRow("id is an object") << frame(R"({"type":"ping","id":{}})") << bad;
    QTest::newRow("data is an array") << frame(R"({"type":"ping","data":[]})") << bad;
    QTest::newRow("data is a string") << frame(R"({"type":"subscribe","data":"channels"})") << bad;
    QTest::newRow("subscribe without channels")
        << frame(R"({"type":"subscribe","data":{}})") << bad;
    QTest::newRow("subscribe channels not array")
        << frame(R"({"type":"subscribe","data":{"channels":"a"}})") << bad;
    QTest::newRow("subscribe channels empty")
        << frame(R"({"type":"subscribe","data":{"channels":[]}})") << bad;
    QTest::newRow("subscribe channel is a number")
        << frame(R"({"type":"subscribe","data":{"channels":[1]}})") << bad;
    QTest::newRow("subscribe channel is empty")
        << frame(R"({"type":"subscribe","data":{"channels":[""]}})") << bad;
    QTest::newRow("since not an object")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":5}})") << bad;
    QTest::newRow("since negative")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":-1}}})") << bad;
    QTest::newRow("since fractional")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":1.5}}})") << bad;
    QTest::newRow("since huge")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":1e300}}})") << bad;
    QTest::newRow("since beyond 2^53")
        << frame(
               R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":18014398509481984}}})")
        << bad;
    QTest::newRow("since for a channel not subscribed")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":{"b":1}}})") << bad;
    QTest::newRow("since object without seq")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":{"epoch":"e"}}}})")
        << bad;
    QTest::newRow("since epoch not a string")
        << frame(
               R"({"type":"subscribe","data":{"channels":["a"],"since":{"a":{"seq":1,"epoch":2}}}})")
        << bad;
    QTest::newRow("presence not a boolean")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"presence":"no"}})") << bad;
    QTest::newRow("admin.disconnect without a target")
        << frame(R"({"type":"admin.disconnect","data":{}})") << bad;
    QTest::newRow("admin.disconnect with a reserved code")
        << frame(R"({"type":"admin.disconnect","data":{"connection_id":"c","code":1006}})") << bad;
    QTest::newRow("hidden not a boolean")
        << frame(R"({"type":"subscribe","data":{"channels":["a"],"hidden":1}})") << bad;
    QTest::newRow("unsubscribe without channels") << frame(R"({"type":"unsubscribe"})") << bad;
    QTest::newRow("publish without channel")
        << frame(R"({"type":"publish","data":{"data":1}})") << bad;
    QTest::newRow("publish channel is a number")
        << frame(R"({"type":"publish","data":{"channel":5,"data":1}})") << bad;
    QTest::newRow("publish event is a number")
        << frame(R"({"type":"publish","data":{"channel":"c","event":5}})") << bad;
    QTest::newRow("publish event empty")
        << frame(R"({"type":"publish","data":{"channel":"c","event":""}})") << bad;
    QTest::newRow("publish reserved event")
        << frame(R"({"type":"publish","data":{"channel":"c","event":"subscribed"}})") << bad;
    QTest::newRow("publish without data object") << frame(R"({"type":"publish"})") << bad;
    QTest::newRow("history without channel") << frame(R"({"type":"history","data":{}})") << bad;
    QTest::newRow("history limit 0")
        << frame(R"({"type":"history","data":{"channel":"c","limit":0}})") << bad;
    QTest::newRow("history limit negative")
        << frame(R"({"type":"history","data":{"channel":"c","limit":-3}})") << bad;
    QTest::newRow("history limit a string")
        << frame(R"({"type":"history","data":{"channel":"c","limit":"10"}})") << bad;
    QTest::newRow("history limit huge")
        << frame(R"({"type":"history","data":{"channel":"c","limit":1e12}})") << bad;
    QTest::newRow("history since a string")
        << frame(R"({"type":"history","data":{"channel":"c","since":"3"}})") << bad;
    QTest::newRow("presence without channel") << frame(R"({"type":"presence"})") << bad;
}

void TestCodec::rejectsBadFrames()
{
    QFETCH(QByteArray, input);
    QFETCH(ErrorCode, code);
    const auto decoded = Codec::decodeRequest(input);
    const auto *error = std::get_if<DecodeError>(&decoded);
    QVERIFY2(error, input.constData());
    QCOMPARE(errorCodeName(error->code), errorCodeName(code));
    QVERIFY(!error->message.isEmpty());
}

void TestCodec::echoesRequestIdOnErrors()
{
    auto decoded = Codec::decodeRequest(frame(R"({"type":"publish","id":"r-9","data":{}})"));
    QCOMPARE(std::get<DecodeError>(decoded).id, QJsonValue(u"r-9"_s));
    decoded = Codec::decodeRequest(frame(R"({"type":"nope","id":12})"));
    QCOMPARE(std::get<DecodeError>(decoded).code, ErrorCode::UnknownType);
    QCOMPARE(std::get<DecodeError>(decoded).id, QJsonValue(12));
}

void TestCodec::deepNestingIsRefused()
{
    // Far deeper than any real payload: refused, not a crash or a stack blowup.
    QByteArray deep = R"({"type":"publish","data":{"channel":"c","data":)";
    deep += QByteArray(100000, '[') + QByteArray(100000, ']') + "}}";
    const auto decoded = Codec::decodeRequest(deep);
    QVERIFY(std::holds_alternative<DecodeError>(decoded));
    QCOMPARE(std::get<DecodeError>(decoded).code, ErrorCode::BadRequest);
}

void TestCodec::moderateNestingInsideDataIsKept()
{
    QByteArray nested = R"({"type":"publish","data":{"channel":"c","data":)";
    nested += QByteArray(100, '[') + "1" + QByteArray(100, ']') + "}}";
    const auto decoded = Codec::decodeRequest(nested);
    QVERIFY(std::holds_alternative<Request>(decoded));
    QJsonValue value = std::get<Publish>(std::get<Request>(decoded).command).data;
    int depth = 0;
    while (value.isArray()) {
        value = value.toArray().at(0);
        ++depth;
    }
    QCOMPARE(depth, 100);
    QCOMPARE(value.toInt(), 1);
}

void TestCodec::requestsRoundTrip_data()
{
    QTest::addColumn<Command>("command");
    Subscribe subscribe;
    subscribe.channels = {u"a"_s, u"b.c"_s};
    subscribe.since.insert(u"a"_s, SinceMark{42, u"ep"_s});
    subscribe.since.insert(u"b.c"_s, SinceMark{0, {}});
    QTest::newRow("subscribe") << Command(subscribe);
    subscribe.presence = false;
    QTest::newRow("subscribe, no presence events") << Command(subscribe);
    QTest::newRow("unsubscribe") << Command(Unsubscribe{{u"x"_s}});
    Publish publish;
    publish.channel = u"news"_s;
    publish.event = u"memory.updated"_s;
    publish.data = QJsonObject{{u"memory"_s, QJsonObject{{u"id"_s, u"u-1"_s}}}};
    QTest::newRow("publish") << Command(publish);
    QTest::newRow("history") << Command(HistoryQuery{u"h"_s, 9, 3});
    QTest::newRow("history, newest") << Command(HistoryQuery{u"h"_s, std::nullopt, std::nullopt});
    QTest::newRow("presence") << Command(PresenceQuery{u"p"_s});
    QTest::newRow("ping") << Command(Ping{});
    QTest::newRow("admin.connections") << Command(ListConnections{});
    QTest::newRow("admin.disconnect") << Command(Disconnect{u"c-9"_s, 4321, u"why"_s});
}

void TestCodec::requestsRoundTrip()
{
    QFETCH(Command, command);
    const QByteArray encoded = Codec::encodeRequest(Request{QJsonValue(u"req-1"_s), command});
    const auto decoded = Codec::decodeRequest(encoded);
    QVERIFY2(std::holds_alternative<Request>(decoded), encoded.constData());
    QCOMPARE(std::get<Request>(decoded).id, QJsonValue(u"req-1"_s));
    QVERIFY2(std::get<Request>(decoded).command == command, encoded.constData());
}

void TestCodec::repliesRoundTrip_data()
{
    QTest::addColumn<Reply>("reply");
    Publication p;
    p.channel = u"memories"_s;
    p.event = u"memory.created"_s;
    p.id = u"h1-1"_s;
    p.epoch = u"e0"_s;
    p.seq = 58;
    p.timestampMs = 1795341600123;
    p.sender = Sender{u"u1"_s, u"Jane"_s, {}};
    p.data = QJsonObject{{u"memory"_s, QJsonObject{{u"title"_s, u"T"_s}}}};
    QTest::newRow("publication") << Reply(p);
    Publication anonymous = p;
    anonymous.sender = Sender{};
    anonymous.data = 3.5;
    QTest::newRow("publication from the hub, scalar data") << Reply(anonymous);

    Subscribed subscribed;
    subscribed.channels = {u"a"_s, u"b"_s};
    subscribed.positions.insert(u"a"_s, Position{5, u"e1"_s});
    subscribed.positions.insert(u"b"_s, Position{0, u"e2"_s});
    subscribed.recovered.insert(u"a"_s, true);
    QTest::newRow("subscribed") << Reply(subscribed);
    QTest::newRow("unsubscribed") << Reply(Unsubscribed{{u"a"_s}});
    QTest::newRow("published") << Reply(Published{u"a"_s, 77});
    QTest::newRow("history") << Reply(HistoryReply{u"memories"_s, {p, anonymous}});
    QTest::newRow("history, empty") << Reply(HistoryReply{u"m"_s, {}});
    QTest::newRow("presence") << Reply(
        PresenceReply{u"a"_s, {MemberSummary{u"u1"_s, u"Jane"_s, 2}}});
    QTest::newRow("pong") << Reply(Pong{1795341600999});
    QTest::newRow("presence.joined") << Reply(
        PresenceChange{PresenceChange::Kind::Joined, u"a"_s, Sender{u"u1"_s, u"Jane"_s, u"c-1"_s}});
    QTest::newRow("presence.left") << Reply(
        PresenceChange{PresenceChange::Kind::Left, u"a"_s, Sender{u"u1"_s, u"Jane"_s, u"c-1"_s}});
    QTest::newRow("error") << Reply(ErrorReply{ErrorCode::Forbidden, u"no"_s});
    QTest::newRow("other (extension) frame") << Reply(OtherFrame{
        u"tenant.user_joined"_s, QJsonObject{{u"type"_s, u"tenant.user_joined"_s},
                                             {u"timestamp"_s, u"2026-11-22T10:00:00.000Z"_s},
                                             {u"data"_s, QJsonObject{{u"user_id"_s, u"u"_s}}}}});
}

void TestCodec::repliesRoundTrip()
{
    QFETCH(Reply, reply);
    const qint64 now = 1795341600500;
    const QByteArray encoded = Codec::encodeReply(reply, QJsonValue(u"id-7"_s), now);
    QString why;
    const auto decoded = Codec::decodeServerFrame(encoded, &why);
    QVERIFY2(decoded, qPrintable(why));
    if (const auto *other = std::get_if<OtherFrame>(&reply)) {
        // Kept whole: the decoded object also carries the echoed id.
        const auto &got = std::get<OtherFrame>(decoded->body);
        QCOMPARE(got.type, other->type);
        QCOMPARE(got.object.value(u"data"_s), other->object.value(u"data"_s));
        QCOMPARE(got.object.value(u"id"_s), QJsonValue(u"id-7"_s));
    } else {
        QVERIFY2(decoded->body == reply, encoded.constData());
    }
    if (!std::holds_alternative<Publication>(reply)) {
        QCOMPARE(decoded->timestampMs, now);
        if (!std::holds_alternative<PresenceChange>(reply))
            QCOMPARE(decoded->id, QJsonValue(u"id-7"_s));
    }
}

void TestCodec::publicationEscapesText()
{
    Publication p;
    p.channel = u"ch \"quoted\" \\ back"_s;
    p.event = u"ev\n\t\u0001"_s;
    p.id = u"i"_s;
    p.epoch = u"e"_s;
    p.seq = 1;
    p.sender = Sender{u"ü-ñ-€-😀"_s, u"</script>"_s, {}};
    p.data = QJsonObject{{u"text"_s, u"line\nbreak \u2028 \u0000 nul"_s}};
    const QByteArray encoded = Codec::encodePublication(p);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(encoded, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const auto back = Codec::publicationFromJson(document.object());
    QVERIFY(back);
    QCOMPARE(back->channel, p.channel);
    QCOMPARE(back->event, p.event);
    QCOMPARE(back->sender.userId, p.sender.userId);
    QCOMPARE(back->sender.userName, p.sender.userName);
    QCOMPARE(back->data, p.data);
}

void TestCodec::stringsEscapeWhateverStandsWhere()
{
    // The frame builder copies plain ASCII eight characters a step and hands
    // anything else to the general routine (Json::appendString): every
    // character that needs care, at every place in strings of every length
    // around the step, must come out exactly as that routine writes it.
    const QList<char16_t> awkward = {
        u'"', u'\\',  u'\n',  0x01,   0x1f,   0x7f,  0x80,
        0xe9, 0x2028, 0x7fff, 0x8000, 0xffff, 0xd83d /* a lone surrogate */};
    const QList<char16_t> plain = {u' ', u'~', u'a', u'0'};
    for (int length = 1; length <= 19; ++length) {
        for (int at = 0; at < length; ++at) {
            for (const char16_t c : awkward + plain) {
                QString text(length, u'x');
                text[at] = QChar(c);
                Publication p;
                p.event = text;
                const QByteArray frame = Codec::encodePublication(p);
                QByteArray expected = "{\"type\":";
                Json::appendString(expected, text);
                expected += ",\"id\":";
                QVERIFY2(frame.startsWith(expected),
                         qPrintable(u"length %1, U+%2 at %3: %4"_s.arg(length)
                                        .arg(int(c), 4, 16, QChar(u'0'))
                                        .arg(at)
                                        .arg(QString::fromUtf8(frame.left(60)))));
            }
        }
    }
    // And a plain string is copied as it is, at every length.
    for (int length = 0; length <= 40; ++length) {
        QString text;
        for (int i = 0; i < length; ++i)
            text += QChar(u'!' + (i * 7) % 90); // '!'..'z', with '"' and '\\' left out below
        text.replace(u'"', u'#').replace(u'\\', u'/');
        Publication p;
        p.event = text;
        QVERIFY(Codec::encodePublication(p).startsWith("{\"type\":\"" + text.toLatin1() +
                                                       "\",\"id\":"));
    }
}

void TestCodec::publicationFrameIsExactJson()
{
    Publication p;
    p.channel = u"memories"_s;
    p.event = u"memory.created"_s;
    p.id = u"m1"_s;
    p.epoch = u"ep"_s;
    p.seq = 58;
    p.timestampMs = 0;
    p.sender = Sender{u"u1"_s, u"Jane"_s, u"c9"_s};
    p.data = QJsonObject{{u"k"_s, true}};
    // The exact shape of PROTOCOL.md's delivery example; connection ids stay
    // private to the hub.
    const QByteArray expected(R"({"type":"memory.created","id":"m1","channel":"memories","seq":58,)"
                              R"("epoch":"ep","timestamp":"1970-01-01T00:00:00.000Z",)"
                              R"("sender":{"user_id":"u1","user_name":"Jane"},"data":{"k":true}})");
    QCOMPARE(Codec::encodePublication(p), expected);
}

void TestCodec::serialisesScalars()
{
    QCOMPARE(Json::serialize(QJsonValue(5)), QByteArray("5"));
    QCOMPARE(Json::serialize(QJsonValue(-2.5)), QByteArray("-2.5"));
    const QByteArray quoted(R"("a\"b")");
    QCOMPARE(Json::serialize(QJsonValue(u"a\"b"_s)), quoted);
    QCOMPARE(Json::serialize(QJsonValue(true)), QByteArray("true"));
    QCOMPARE(Json::serialize(QJsonValue()), QByteArray("null"));
    QCOMPARE(Json::serialize(QJsonValue(QJsonValue::Undefined)), QByteArray("null"));
    const QByteArray array(R"([1,"x"])");
    QCOMPARE(Json::serialize(QJsonArray{1, u"x"_s}), array);
}

void TestCodec::integersAreExactOrRefused_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("zero") << QJsonValue(0) << true << qint64(0);
    QTest::newRow("2^53-1") << QJsonValue(double(Json::kMaxSafeInteger)) << true
                            << Json::kMaxSafeInteger;
    QTest::newRow("2^53+2") << QJsonValue(9007199254740994.0) << false << qint64(0);
    QTest::newRow("fraction") << QJsonValue(0.5) << false << qint64(0);
    QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << false
                              << qint64(0);
    QTest::newRow("string") << QJsonValue(u"1"_s) << false << qint64(0);
    QTest::newRow("negative") << QJsonValue(-4) << true << qint64(-4);
}

void TestCodec::integersAreExactOrRefused()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, valid);
    QFETCH(qint64, expected);
    const auto integer = Json::toInteger(value);
    QCOMPARE(integer.has_value(), valid);
    if (valid)
        QCOMPARE(*integer, expected);
}

void TestCodec::reservedEvents()
{
    QVERIFY(Codec::isReservedEvent(u"error"_s));
    QVERIFY(Codec::isReservedEvent(u"presence.joined"_s));
    QVERIFY(Codec::isReservedEvent(u"$sys"_s));
    QVERIFY(!Codec::isReservedEvent(u"message"_s));
    QVERIFY(!Codec::isReservedEvent(u"memory.created"_s));
}

void TestCodec::fastPublishAgreesWithTheGeneralDecoder_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("fast");       // decodePublish must take it
    QTest::addColumn<QByteArray>("text"); // the data it keeps, byte for byte, when it does

    auto row = [](const char *name, const QByteArray &input, bool fast, const QByteArray &text) {
        QTest::newRow(name) << input << fast << text;
    };
    // What publishers send: taken, and the data kept compact.
    row("minimal", R"({"type":"publish","data":{"channel":"c","data":"x"}})", true, R"("x")");
    row("no data is null", R"({"type":"publish","data":{"channel":"c"}})", true, "null");
    row("numeric id", R"({"type":"publish","id":42,"data":{"channel":"c","data":1}})", true, "1");
    row("negative id", R"({"type":"publish","id":-7,"data":{"channel":"c","data":1}})", true, "1");
    row("string id and event",
        R"({"id":"r-1","data":{"event":"chat.message","data":{"a":[1,2]},"channel":"room.1"},"type":"publish"})",
        true, R"({"a":[1,2]})");
    row("whitespace everywhere, kept inside data",
        " {\n\t\"type\" : \"publish\" ,\r\n \"data\" : { \"channel\" : \"c\" , \"data\" : [ 1 , { "
        "\"k\" : \" v w \" } , [ ] , { } ] } } \n",
        true, R"([ 1 , { "k" : " v w " } , [ ] , { } ])");
    row("every scalar",
        R"({"type":"publish","data":{"channel":"c","data":[true,false,null,0,-0,-1.25,0.5,"",123456789012345]}})",
        true, R"([true,false,null,0,-0,-1.25,0.5,"",123456789012345])");
    row("escapes kept as sent",
        R"({"type":"publish","data":{"channel":"c","data":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}})",
        true, R"("\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")");
    row("utf-8 passes",
        u"{\"type\":\"publish\",\"data\":{\"channel\":\"café\",\"data\":\"日本\"}}"_s.toUtf8(),
        true, u"\"日本\""_s.toUtf8());
    row("nesting to 31",
        R"({"type":"publish","data":{"channel":"c","data":)" + QByteArray(31, '[') +
            QByteArray(31, ']') + "}}",
        true, QByteArray(31, '[') + QByteArray(31, ']'));

    // Valid, but for the general path (it explains, or reads aliases).
    row("null id", R"({"type":"publish","id":null,"data":{"channel":"c"}})", false, {});
    row("huge id",
        R"({"type":"publish","id":12888888888888888888888888888,"data":{"channel":"c"}})", false,
        {});
    row("fractional id", R"({"type":"publish","id":1.5,"data":{"channel":"c"}})", false, {});
    row("escaped id", R"({"type":"publish","id":"a\u0062","data":{"channel":"c"}})", false, {});
    row("escaped type", R"({"type":"publi\u0073h","data":{"channel":"c"}})", false, {});
    row("escaped channel", R"({"type":"publish","data":{"channel":"\u0063"}})", false, {});
    row("exponent", R"({"type":"publish","data":{"channel":"c","data":1e3}})", false, {});
    row("sixteen digits", R"({"type":"publish","data":{"channel":"c","data":1234567890123456}})",
        false, {});
    row("nesting to 33",
        R"({"type":"publish","data":{"channel":"c","data":)" + QByteArray(33, '[') +
            QByteArray(33, ']') + "}}",
        false, {});
    row("method form", R"({"method":"pub","params":{"channel":"c","content":1}})", false, {});
    row("content alias", R"({"type":"publish","data":{"channel":"c","content":1}})", false, {});
    row("unknown key", R"({"type":"publish","x":1,"data":{"channel":"c"}})", false, {});
    row("unknown inner key", R"({"type":"publish","data":{"channel":"c","x":1}})", false, {});
    row("duplicate key", R"({"type":"publish","data":{"channel":"c"},"data":{"channel":"d"}})",
        false, {});
    row("other types", R"({"type":"subscribe","data":{"channels":["c"]}})", false, {});
    row("rooms frame", R"({"type":"publish","room":"c","content":1})", false, {});
    // Wrong: declined here, refused with a reason by the general path.
    row("empty channel", R"({"type":"publish","data":{"channel":""}})", false, {});
    row("no channel", R"({"type":"publish","data":{"data":1}})", false, {});
    row("reserved event", R"({"type":"publish","data":{"channel":"c","event":"pong"}})", false, {});
    row("trailing comma", R"({"type":"publish","data":{"channel":"c","data":[1,]}})", false, {});
    row("leading zero", R"({"type":"publish","data":{"channel":"c","data":01}})", false, {});
    row("bare dot", R"({"type":"publish","data":{"channel":"c","data":1.}})", false, {});
    row("bad escape", R"({"type":"publish","data":{"channel":"c","data":"\x"}})", false, {});
    row("short unicode escape", R"({"type":"publish","data":{"channel":"c","data":"\u12"}})", false,
        {});
    row("control character",
        "{\"type\":\"publish\",\"data\":{\"channel\":\"c\",\"data\":\"a\tb\"}}", false, {});
    row("unclosed", R"({"type":"publish","data":{"channel":"c","data":{"a":1})", false, {});
    row("garbage after", R"({"type":"publish","data":{"channel":"c"}} x)", false, {});
    row("truncated literal", R"({"type":"publish","data":{"channel":"c","data":tru}})", false, {});
    row("not an object", R"(["publish"])", false, {});
    row("empty", "", false, {});
}

void TestCodec::fastPublishAgreesWithTheGeneralDecoder()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, fast);
    QFETCH(QByteArray, text);
    const std::optional<Request> quick = Codec::decodePublish(input);
    QCOMPARE(quick.has_value(), fast);
    if (!quick)
        return; // decodeRequest() decides, as it always did
    const auto decoded = Codec::decodeRequest(input);
    const auto *general = std::get_if<Request>(&decoded);
    QVERIFY2(general, "the fast path took a frame the general one refuses");
    QCOMPARE(quick->id, general->id);
    QVERIFY(quick->command == general->command);
    const auto &publish = std::get<Publish>(quick->command);
    QCOMPARE(publish.dataJson, text);
    QVERIFY(publish.data.isUndefined());
    QCOMPARE(publish.dataValue(), std::get<Publish>(general->command).data);
}

void TestCodec::fastPublishRendersLikeAParsedOne()
{
    // The same publication, its data parsed or kept as text: the same JSON,
    // the kept one carrying the publisher's bytes.
    const QByteArray input =
        R"({"type":"publish","data":{"channel":"c","data":{ "k" : [ 1 , "two" , { "t" : true } ] }}})";
    const std::optional<Request> quick = Codec::decodePublish(input);
    QVERIFY(quick);
    Publication kept;
    kept.channel = u"c"_s;
    kept.event = u"message"_s;
    kept.id = u"i"_s;
    kept.epoch = u"e"_s;
    kept.seq = 3;
    kept.timestampMs = 1700000000123;
    Publication parsed = kept;
    kept.dataJson = std::get<Publish>(quick->command).dataJson;
    parsed.data = std::get<Publish>(std::get<Request>(Codec::decodeRequest(input)).command).data;
    const QByteArray keptFrame = Codec::encodePublication(kept);
    QVERIFY(keptFrame.endsWith(R"("data":{ "k" : [ 1 , "two" , { "t" : true } ] }})"));
    QCOMPARE(QJsonDocument::fromJson(keptFrame).object(),
             QJsonDocument::fromJson(Codec::encodePublication(parsed)).object());
    QVERIFY(kept == parsed);
    QCOMPARE(Codec::publicationToJson(kept), Codec::publicationToJson(parsed));
}

void TestCodec::timestampsMatchQDateTime()
{
    // The hand-written formatter against Qt's, across leap years, century
    // rules and before 1970.
    QList<qint64> samples{0,
                          1,
                          999,
                          1000,
                          86399999,
                          86400000,
                          -1,
                          -86400000,
                          -86400001,
                          951782400000,  // 2000-02-29
                          4107542400000, // 2100-03-01
                          1795341600123,
                          253402300799999};
    QRandomGenerator random(42);
    for (int i = 0; i < 2000; ++i)
        samples.append(qint64(random.bounded(4102444800.0) * 1000.0) - 1000000000000LL);
    for (const qint64 ms : samples) {
        const QString expected =
            QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        QCOMPARE(Json::isoTimestamp(ms), expected);
        QCOMPARE(Json::parseTimestamp(expected), ms);
    }
}

QTEST_APPLESS_MAIN(TestCodec)
#include "tst_codec.moc"
