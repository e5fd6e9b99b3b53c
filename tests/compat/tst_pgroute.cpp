// The PostgreSQL bridge's routing rule (seed 004): a route template filled
// from a NOTIFY payload's own fields, the event taken from the payload or
// fixed, and every payload that cannot be routed refused with a reason.

#include <pgroute.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Herald::PgRoute;

class TestPgRoute : public QObject
{
    Q_OBJECT

private slots:
    void templates_data();
    void templates();
    void payloads_data();
    void payloads();
    void dataIsThePayloadItself();
    void matchesWhatItCanProduce_data();
    void matchesWhatItCanProduce();
};

void TestPgRoute::templates_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("eventField");
    QTest::addColumn<QString>("fixedEvent");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("seed 004") << u"user.{user_id}"_s << u"type"_s << QString() << QString()
                              << QStringList{u"user_id"_s};
    QTest::newRow("two fields") << u"tenant.{tenant}.user.{user_id}"_s << u"type"_s << QString()
                                << QString() << QStringList{u"tenant"_s, u"user_id"_s};
    QTest::newRow("fixed channel")
        << u"notifications"_s << QString() << u"changed"_s << QString() << QStringList{};
    QTest::newRow("empty") << QString() << u"type"_s << QString() << u"empty"_s << QStringList{};
    QTest::newRow("unclosed") << u"user.{user_id"_s << u"type"_s << QString() << u"unmatched '{'"_s
                              << QStringList{};
    QTest::newRow("stray close") << u"user.}x"_s << u"type"_s << QString() << u"unmatched '}'"_s
                                 << QStringList{};
    QTest::newRow("empty placeholder")
        << u"user.{}"_s << u"type"_s << QString() << u"empty"_s << QStringList{};
    QTest::newRow("nested") << u"user.{a{b}}"_s << u"type"_s << QString() << u"nested"_s
                            << QStringList{};
    QTest::newRow("hub's own space")
        << u"$sys.{user_id}"_s << u"type"_s << QString() << u"'$'"_s << QStringList{};
    QTest::newRow("no event at all")
        << u"user.{user_id}"_s << QString() << QString() << u"event"_s << QStringList{};
}

void TestPgRoute::templates()
{
    QFETCH(QString, route);
    QFETCH(QString, eventField);
    QFETCH(QString, fixedEvent);
    QFETCH(QString, problem);
    QFETCH(QStringList, fields);
    const auto parsed = PgRoute::parse(route, eventField, fixedEvent);
    if (problem.isEmpty()) {
        QVERIFY2(parsed, qPrintable(parsed.reason()));
        QCOMPARE(parsed->fields(), fields);
    } else {
        QVERIFY(!parsed);
        QVERIFY2(parsed.reason().contains(problem), qPrintable(parsed.reason()));
    }
}

void TestPgRoute::payloads_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("fixedEvent");
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QString>("channel"); // empty: dropped
    QTest::addColumn<QString>("event");   // or, when dropped, part of the reason

    const QString seed = u"user.{user_id}"_s;
    // The seed's three payloads, as json_build_object(...)::text writes them.
    QTest::newRow("message") << seed << QString()
                             << uR"({"type" : "message", "chat_id" : "c1", "user_id" : "u1"})"_s
                             << u"user.u1"_s << u"message"_s;
    QTest::newRow("session")
        << seed << QString()
        << uR"({"type" : "session", "user_id" : "u2", "sender_device_id" : "d1", "receiver_device_id" : "d2"})"_s
        << u"user.u2"_s << u"session"_s;
    QTest::newRow("device") << seed << QString() << uR"({"type" : "device", "user_id" : "u3"})"_s
                            << u"user.u3"_s << u"device"_s;
    QTest::newRow("integer id") << seed << QString() << uR"({"type": "x", "user_id": 42})"_s
                                << u"user.42"_s << u"x"_s;
    QTest::newRow("fixed event when no type")
        << seed << u"changed"_s << uR"({"user_id": "u1"})"_s << u"user.u1"_s << u"changed"_s;
    QTest::newRow("type wins over fixed")
        << seed << u"changed"_s << uR"({"type": "message", "user_id": "u1"})"_s << u"user.u1"_s
        << u"message"_s;

    QTest::newRow("not JSON") << seed << QString() << u"hello"_s << QString() << u"not JSON"_s;
    QTest::newRow("empty payload") << seed << QString() << QString() << QString() << u"not JSON"_s;
    QTest::newRow("array") << seed << QString() << u"[1,2]"_s << QString()
                           << u"not a JSON object"_s;
    QTest::newRow("no user_id") << seed << QString() << uR"({"type": "message"})"_s << QString()
                                << u"no field 'user_id'"_s;
    QTest::newRow("null user_id") << seed << QString() << uR"({"type": "m", "user_id": null})"_s
                                  << QString() << u"neither a string nor a whole number"_s;
    QTest::newRow("object user_id")
        << seed << QString() << uR"({"type": "m", "user_id": {"a": 1}})"_s << QString()
        << u"neither a string nor a whole number"_s;
    QTest::newRow("fraction user_id") << seed << QString() << uR"({"type": "m", "user_id": 1.5})"_s
                                      << QString() << u"neither a string nor a whole number"_s;
    QTest::newRow("empty user_id")
        << seed << QString() << uR"({"type": "m", "user_id": ""})"_s << QString() << u"empty"_s;
    QTest::newRow("control character")
        << seed << QString() << uR"({"type": "m", "user_id": "a\nb"})"_s << QString()
        << u"control"_s;
    QTest::newRow("into the hub's $ space")
        << u"{user_id}"_s << QString() << uR"({"type": "m", "user_id": "$admin"})"_s << QString()
        << u"'$'"_s;
    QTest::newRow("too long") << seed << QString()
                              << uR"({"type": "m", "user_id": "%1"})"_s.arg(QString(300, u'x'))
                              << QString() << u"longer than"_s;
    QTest::newRow("no type, no fixed event")
        << seed << QString() << uR"({"user_id": "u1"})"_s << QString() << u"'type'"_s;
    QTest::newRow("type not a string")
        << seed << QString() << uR"({"type": 3, "user_id": "u1"})"_s << QString() << u"'type'"_s;
}

void TestPgRoute::payloads()
{
    QFETCH(QString, route);
    QFETCH(QString, fixedEvent);
    QFETCH(QString, payload);
    QFETCH(QString, channel);
    QFETCH(QString, event);
    const auto parsed = PgRoute::parse(route, u"type"_s, fixedEvent);
    QVERIFY2(parsed, qPrintable(parsed.reason()));
    const auto target = parsed->apply(payload);
    if (channel.isEmpty()) {
        QVERIFY(!target);
        QVERIFY2(target.reason().contains(event), qPrintable(target.reason()));
    } else {
        QVERIFY2(target, qPrintable(target.reason()));
        QCOMPARE(target->channel, channel);
        QCOMPARE(target->event, event);
    }
}

void TestPgRoute::dataIsThePayloadItself()
{
    const auto route = PgRoute::parse(u"user.{user_id}"_s, u"type"_s, QString());
    QVERIFY(route);
    const QString payload =
        uR"({"type" : "message", "chat_id" : "c1", "user_id" : "u1", "extra" : {"n" : [1, 2]}})"_s;
    const auto target = route->apply(payload);
    QVERIFY(target);
    QCOMPARE(target->data, QJsonDocument::fromJson(payload.toUtf8()).object());
}

void TestPgRoute::matchesWhatItCanProduce_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("matches");
    QTest::newRow("user channel") << u"user.{user_id}"_s << u"user.8d09fa58"_s << true;
    QTest::newRow("other prefix") << u"user.{user_id}"_s << u"users.8d09fa58"_s << false;
    QTest::newRow("bare prefix") << u"user.{user_id}"_s << u"user."_s << false;
    QTest::newRow("dot is literal") << u"user.{user_id}"_s << u"userX1"_s << false;
    QTest::newRow("two fields") << u"t.{a}.u.{b}"_s << u"t.1.u.2"_s << true;
    QTest::newRow("fixed") << u"notifications"_s << u"notifications"_s << true;
    QTest::newRow("status channel") << u"user.{user_id}"_s << u"bridge.postgresql"_s << false;
}

void TestPgRoute::matchesWhatItCanProduce()
{
    QFETCH(QString, route);
    QFETCH(QString, channel);
    QFETCH(bool, matches);
    const auto parsed = PgRoute::parse(route, u"type"_s, QString());
    QVERIFY(parsed);
    QCOMPARE(parsed->matches(channel), matches);
}

QTEST_APPLESS_MAIN(TestPgRoute)
#include "tst_pgroute.moc"
