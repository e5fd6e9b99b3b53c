// ChannelNameValidator: the configured length and characters of channel
// names (issue 5, "Limits"), control characters refused whatever is set.

#include "channelnamevalidator.h"

#include <QTest>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestChannelNameValidator : public QObject
{
    Q_OBJECT

private slots:
    void defaults_data();
    void defaults();
    void configuredCharacters_data();
    void configuredCharacters();
    void createRefusesBadSettings();
};

void TestChannelNameValidator::defaults_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << u"memories"_s << true;
    QTest::newRow("dotted") << u"tenant.updates"_s << true;
    QTest::newRow("all default punctuation") << u"a.b_c-d:e@f/g"_s << true;
    QTest::newRow("digits and capitals") << u"Room42"_s << true;
    QTest::newRow("200 characters") << QString(200, u'x') << true;
    QTest::newRow("201 characters") << QString(201, u'x') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << u"a b"_s << false;
    QTest::newRow("star") << u"a.*"_s << false;
    QTest::newRow("braces") << u"user.{user_id}"_s << false;
    QTest::newRow("dollar") << u"$sys"_s << false;
    QTest::newRow("newline") << u"a\nb"_s << false;
    QTest::newRow("NUL") << QString(u"a\0b"_s) << false;
    QTest::newRow("tenant separator") << u"acme\u001fnews"_s << false;
    QTest::newRow("DEL") << u"a\u007f"_s << false;
    QTest::newRow("C1 control") << u"a\u0085"_s << false;
    QTest::newRow("non-ASCII") << u"caf\u00e9"_s << false;
}

void TestChannelNameValidator::defaults()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const auto validator = ChannelNameValidator::create(SecurityConfig());
    QVERIFY(validator.ok());
    const Status status = validator->validate(name);
    QCOMPARE(status.ok(), valid);
    QCOMPARE(status.reason().isEmpty(), valid);
}

void TestChannelNameValidator::configuredCharacters_data()
{
    QTest::addColumn<QString>("characters");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("range") << u"a-c"_s << 10 << u"abcab"_s << true;
    QTest::newRow("outside the range") << u"a-c"_s << 10 << u"abd"_s << false;
    QTest::newRow("leading dash is a dash") << u"-a"_s << 10 << u"a-a"_s << true;
    QTest::newRow("trailing dash is a dash") << u"a-"_s << 10 << u"-a-"_s << true;
    QTest::newRow("dash not allowed") << u"a-c"_s << 10 << u"a-c"_s << false;
    QTest::newRow("non-ASCII range") << u"a-z\u00e0-\u00ff"_s << 10 << u"caf\u00e9"_s << true;
    QTest::newRow("short limit") << u"a-z"_s << 3 << u"abcd"_s << false;
    QTest::newRow("control chars never") << u"\u0001-\u007e"_s << 10 << u"a\tb"_s << false;
    QTest::newRow("space when allowed") << u"a-z "_s << 10 << u"a b"_s << true;
}

void TestChannelNameValidator::configuredCharacters()
{
    QFETCH(QString, characters);
    QFETCH(int, maxLength);
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const auto validator = ChannelNameValidator::create(maxLength, characters);
    QVERIFY2(validator.ok(), qPrintable(validator.reason()));
    QCOMPARE(validator->validate(name).ok(), valid);
}

void TestChannelNameValidator::createRefusesBadSettings()
{
    QVERIFY(!ChannelNameValidator::create(0, u"a-z"_s).ok());
    QVERIFY(!ChannelNameValidator::create(10, QString()).ok());
    QVERIFY(!ChannelNameValidator::create(10, u"z-a"_s).ok());
}

QTEST_APPLESS_MAIN(TestChannelNameValidator)
#include "tst_channelnamevalidator.moc"
