// Message and Member: value types that QML can read (issue 3, "API").

#include <herald/member.h>
#include <herald/message.h>

#include <QJsonObject>
#include <QMetaProperty>
#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

QVariant readGadget(const QMetaObject &meta, const void *gadget, const char *name)
{
    const int index = meta.indexOfProperty(name);
    if (index < 0)
        return QVariant();
    return meta.property(index).readOnGadget(gadget);
}

Message sample()
{
    Message message;
    message.setChannel(u"memories"_s);
    message.setType(u"memory.created"_s);
    message.setSeq(58);
    message.setEpoch(u"e1"_s);
    message.setId(u"abc-1"_s);
    message.setTimestamp(QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC));
    message.setSender(Member(u"u1"_s, u"Jane"_s));
    message.setData(QJsonObject{{u"title"_s, u"hello"_s}});
    return message;
}

} // namespace

class TestMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const Message message;
        QCOMPARE(message.seq(), 0u);
        QVERIFY(message.channel().isEmpty());
        QVERIFY(!message.timestamp().isValid());
        QVERIFY(message.sender().isEmpty());
        QVERIFY(message.data().isUndefined() || message.data().isNull());
        const Member member;
        QVERIFY(member.isEmpty());
        QCOMPARE(member.connectionCount(), 0);
    }

    void copiesAreIndependent()
    {
        const Message original = sample();
        Message copy = original;
        QCOMPARE(copy, original);
        copy.setSeq(59);
        copy.setSender(Member(u"u2"_s, u"Joe"_s));
        QCOMPARE(original.seq(), 58u);
        QCOMPARE(original.sender().userId(), u"u1"_s);
        QVERIFY(copy != original);
    }

    // QML reads these through the meta-object: every documented accessor
    // must be a property.
    void messageIsAGadget()
    {
        const Message message = sample();
        const QMetaObject &meta = Message::staticMetaObject;
        QCOMPARE(readGadget(meta, &message, "channel").toString(), u"memories"_s);
        QCOMPARE(readGadget(meta, &message, "type").toString(), u"memory.created"_s);
        QCOMPARE(readGadget(meta, &message, "seq").toULongLong(), 58u);
        QCOMPARE(readGadget(meta, &message, "epoch").toString(), u"e1"_s);
        QCOMPARE(readGadget(meta, &message, "id").toString(), u"abc-1"_s);
        QCOMPARE(readGadget(meta, &message, "timestamp").toDateTime(), message.timestamp());
        QCOMPARE(readGadget(meta, &message, "sender").value<Member>().userName(), u"Jane"_s);
        QCOMPARE(readGadget(meta, &message, "data").toJsonValue(), message.data());
    }

    void memberIsAGadget()
    {
        Member member(u"u1"_s, u"Jane"_s, u"c-7"_s);
        member.setConnectionCount(2);
        const QMetaObject &meta = Member::staticMetaObject;
        QCOMPARE(readGadget(meta, &member, "userId").toString(), u"u1"_s);
        QCOMPARE(readGadget(meta, &member, "userName").toString(), u"Jane"_s);
        QCOMPARE(readGadget(meta, &member, "connectionId").toString(), u"c-7"_s);
        QCOMPARE(readGadget(meta, &member, "connectionCount").toInt(), 2);
        QCOMPARE(member, Member(member));
        QVERIFY(member != Member(u"u1"_s, u"Jane"_s));
    }

    void travelsInAVariant()
    {
        const QVariant variant = QVariant::fromValue(sample());
        QCOMPARE(variant.value<Message>(), sample());
    }
};

QTEST_APPLESS_MAIN(TestMessage)
#include "tst_message.moc"
