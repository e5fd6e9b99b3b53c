// ChannelPattern: the glob of channel rules and `channels` claims
// (docs/security.md, "Patterns"): `*` stays inside a segment, `**` crosses
// them, placeholders are literal and only for verified identities.

#include "channelpattern.h"
#include "testidentities.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;
using TestIdentities::verified;

class TestChannelPattern : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void placeholders_data();
    void placeholders();
    void refusesBadPatterns_data();
    void refusesBadPatterns();
    void longNamesStayLinear();
};

void TestChannelPattern::matches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("expected");

    QTest::newRow("literal") << u"news"_s << u"news"_s << true;
    QTest::newRow("literal is whole") << u"news"_s << u"news.x"_s << false;
    QTest::newRow("literal prefix only") << u"news.sport"_s << u"news"_s << false;
    QTest::newRow("* one segment") << u"public.*"_s << u"public.news"_s << true;
    QTest::newRow("* not two segments") << u"public.*"_s << u"public.news.sport"_s << false;
    QTest::newRow("* matches empty segment") << u"public.*"_s << u"public."_s << true;
    QTest::newRow("* needs the dot") << u"public.*"_s << u"public"_s << false;
    QTest::newRow("* not the prefix's neighbour") << u"public.*"_s << u"publicity.x"_s << false;
    QTest::newRow("** any depth") << u"public.**"_s << u"public.a.b.c"_s << true;
    QTest::newRow("** one segment") << u"public.**"_s << u"public.a"_s << true;
    QTest::newRow("** not the bare prefix") << u"public.**"_s << u"public"_s << false;
    QTest::newRow("** in the middle") << u"a.**.z"_s << u"a.b.c.z"_s << true;
    QTest::newRow("** in the middle, no end") << u"a.**.z"_s << u"a.b.c.y"_s << false;
    QTest::newRow("* in the middle") << u"room.*.chat"_s << u"room.7.chat"_s << true;
    QTest::newRow("* in the middle, two deep") << u"room.*.chat"_s << u"room.7.8.chat"_s << false;
    QTest::newRow("* inside a segment") << u"room-*.log"_s << u"room-12.log"_s << true;
    QTest::newRow("* inside, no dot") << u"room-*"_s << u"room-1.x"_s << false;
    QTest::newRow("two * in a segment") << u"a*b*c"_s << u"axxbyyc"_s << true;
    QTest::newRow("two * in a segment, order") << u"a*b*c"_s << u"axxcyyb"_s << false;
    QTest::newRow("leading **") << u"**.log"_s << u"x.y.log"_s << true;
    QTest::newRow("lone **") << u"**"_s << u"anything.at.all"_s << true;
    QTest::newRow("lone *") << u"*"_s << u"top"_s << true;
    QTest::newRow("lone * not nested") << u"*"_s << u"a.b"_s << false;
    QTest::newRow("case matters") << u"Public.*"_s << u"public.x"_s << false;
    QTest::newRow("non-ASCII literal") << u"caf\u00e9.*"_s << u"caf\u00e9.x"_s << true;
}

void TestChannelPattern::matches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, channel);
    QFETCH(bool, expected);
    const auto parsed = ChannelPattern::parse(pattern);
    QVERIFY2(parsed.ok(), qPrintable(parsed.reason()));
    QCOMPARE(parsed->matches(channel, verified(u"u"_s)), expected);
    QCOMPARE(parsed->text(), pattern);
}

void TestChannelPattern::placeholders_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("userId");
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<bool>("anonymous");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("expected");

    const QString own = u"user.{user_id}.**"_s;
    QTest::newRow("owner") << own << u"alice"_s << QString() << false << u"user.alice.inbox"_s
                           << true;
    QTest::newRow("owner, deep") << own << u"alice"_s << QString() << false << u"user.alice.a.b"_s
                                 << true;
    QTest::newRow("someone else's")
        << own << u"alice"_s << QString() << false << u"user.bob.inbox"_s << false;
    QTest::newRow("prefix of another id")
        << own << u"ali"_s << QString() << false << u"user.alice.inbox"_s << false;
    QTest::newRow("anonymous claiming the id")
        << own << u"alice"_s << QString() << true << u"user.alice.inbox"_s << false;
    QTest::newRow("id with a dot reaches no deeper")
        << own << u"bob.x"_s << QString() << false << u"user.bob.x.y"_s << false;
    QTest::newRow("id * is not a wildcard")
        << own << u"*"_s << QString() << false << u"user.bob.inbox"_s << false;
    QTest::newRow("id ** is not a wildcard")
        << own << u"**"_s << QString() << false << u"user.bob.inbox"_s << false;
    QTest::newRow("id {tenant} is not a placeholder")
        << own << u"{tenant}"_s << u"acme"_s << false << u"user.acme.inbox"_s << false;
    QTest::newRow("empty id") << own << QString() << QString() << false << u"user..inbox"_s
                              << false;
    QTest::newRow("tenant") << u"tenant.{tenant}.*"_s << u"alice"_s << u"acme"_s << false
                            << u"tenant.acme.updates"_s << true;
    QTest::newRow("other tenant") << u"tenant.{tenant}.*"_s << u"alice"_s << u"acme"_s << false
                                  << u"tenant.globex.updates"_s << false;
    QTest::newRow("no tenant") << u"tenant.{tenant}.*"_s << u"alice"_s << QString() << false
                               << u"tenant..updates"_s << false;
    QTest::newRow("both") << u"t.{tenant}.u.{user_id}"_s << u"alice"_s << u"acme"_s << false
                          << u"t.acme.u.alice"_s << true;
    QTest::newRow("both, swapped") << u"t.{tenant}.u.{user_id}"_s << u"alice"_s << u"acme"_s
                                   << false << u"t.alice.u.acme"_s << false;
}

void TestChannelPattern::placeholders()
{
    QFETCH(QString, pattern);
    QFETCH(QString, userId);
    QFETCH(QString, tenant);
    QFETCH(bool, anonymous);
    QFETCH(QString, channel);
    QFETCH(bool, expected);
    Identity identity = verified(userId, tenant);
    identity.anonymous = anonymous;
    const auto parsed = ChannelPattern::parse(pattern);
    QVERIFY2(parsed.ok(), qPrintable(parsed.reason()));
    QVERIFY(parsed->hasPlaceholders());
    QCOMPARE(parsed->matches(channel, identity), expected);
}

void TestChannelPattern::refusesBadPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("empty") << QString();
    QTest::newRow("three stars") << u"a.***"_s;
    QTest::newRow("unknown placeholder") << u"user.{name}.*"_s;
    QTest::newRow("unclosed brace") << u"user.{user_id"_s;
    QTest::newRow("lone closing brace") << u"user.}"_s;
    QTest::newRow("control character") << u"a\u0001b"_s;
    QTest::newRow("tenant separator") << u"acme\u001fnews"_s;
}

void TestChannelPattern::refusesBadPatterns()
{
    QFETCH(QString, pattern);
    const auto parsed = ChannelPattern::parse(pattern);
    QVERIFY(!parsed.ok());
    QVERIFY(!parsed.reason().isEmpty());
}

void TestChannelPattern::longNamesStayLinear()
{
    // A pattern that makes naive backtracking explode must still answer;
    // the answer is checked, not the time (no timed assertions).
    const auto parsed = ChannelPattern::parse(u"*a*a*a*a*a*a*a*a*a*a*b"_s);
    QVERIFY(parsed.ok());
    QVERIFY(!parsed->matches(QString(200, u'a'), verified(u"u"_s)));
    QVERIFY(parsed->matches(QString(199, u'a') + u'b', verified(u"u"_s)));
}

QTEST_APPLESS_MAIN(TestChannelPattern)
#include "tst_channelpattern.moc"
