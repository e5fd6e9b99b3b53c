// The installed programs' languages, from outside (issue 10): herald-hub's
// --help and start-up errors follow the system's language (LANGUAGE, then
// LC_ALL / LC_MESSAGES / LANG), log lines stay English; herald-monitor's
// --lang wins over the system's language, --help included.

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// `language` as a user would have it: LANGUAGE set, the C.UTF-8 locale
// (the only one a minimal system has; Qt reads the language from the
// variables, not from the installed locales).
Run run(const QString &program, const QStringList &arguments, const QString &language)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"LANGUAGE"_s, u"LC_ALL"_s, u"LC_MESSAGES"_s, u"LANG"_s})
        env.remove(name);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    if (!language.isEmpty())
        env.insert(u"LANGUAGE"_s, language);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(HERALD_BIN_DIR "/") + program, arguments);
    Run result;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    // --help wraps its descriptions: compare words, not lines.
    result.out = QString::fromUtf8(process.readAllStandardOutput()).simplified();
    result.err = QString::fromUtf8(process.readAllStandardError()).simplified();
    return result;
}

} // namespace

class TestI18nPrograms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hubHelp_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("expected");
        QTest::newRow("system C") << QString() << u"Address to listen on."_s;
        QTest::newRow("de") << u"de"_s << u"Adresse, an der der Hub Verbindungen annimmt."_s;
        QTest::newRow("de_AT") << u"de_AT"_s << u"Adresse, an der der Hub Verbindungen annimmt."_s;
        QTest::newRow("fr") << u"fr"_s << u"Adresse d’écoute."_s;
        QTest::newRow("es") << u"es"_s << u"Dirección en la que escuchar."_s;
        // English preferred over German: English, the source texts.
        QTest::newRow("en:de") << u"en:de"_s << u"Address to listen on."_s;
        // No Italian: the next language the user reads.
        QTest::newRow("it:fr") << u"it:fr"_s << u"Adresse d’écoute."_s;
    }
    void hubHelp()
    {
        QFETCH(QString, language);
        QFETCH(QString, expected);
        const Run help = run(u"herald-hub"_s, {u"--help"_s}, language);
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(expected), qPrintable(help.out));
        // The option names themselves are never translated.
        QVERIFY(help.out.contains(u"--history-size"_s));
    }

    void hubErrors_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("expected");
        QTest::newRow("en") << u"en"_s << u"herald-hub: --port must be at most 65535"_s;
        QTest::newRow("de") << u"de"_s << u"herald-hub: --port darf höchstens 65535 sein"_s;
        QTest::newRow("fr") << u"fr"_s << u"herald-hub: --port doit valoir au plus 65535"_s;
        QTest::newRow("es") << u"es"_s << u"herald-hub: --port debe ser como máximo 65535"_s;
    }
    void hubErrors()
    {
        QFETCH(QString, language);
        QFETCH(QString, expected);
        const Run refused = run(u"herald-hub"_s, {u"--port"_s, u"70000"_s}, language);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(expected), qPrintable(refused.err));
    }

    void monitorLang_data()
    {
        QTest::addColumn<QString>("system");
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("expected");
        QTest::newRow("de") << QString() << u"de"_s << u"Den Hub unter <URL> überwachen"_s;
        QTest::newRow("es over fr") << u"fr"_s << u"es"_s << u"Supervisar el hub en <url>"_s;
        QTest::newRow("system fr") << u"fr"_s << QString() << u"Surveiller le hub à l’adresse"_s;
    }
    void monitorLang()
    {
#ifndef HERALD_HAVE_MONITOR
        QSKIP("herald-monitor is not built (HERALD_BUILD_GUI=OFF)");
#endif
        QFETCH(QString, system);
        QFETCH(QString, lang);
        QFETCH(QString, expected);
        QStringList arguments{u"--help"_s};
        if (!lang.isEmpty())
            arguments << u"--lang"_s << lang;
        const Run help = run(u"herald-monitor"_s, arguments, system);
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.contains(expected), qPrintable(help.out));
        QVERIFY(help.out.contains(u"--lang"_s));
    }
};

QTEST_GUILESS_MAIN(TestI18nPrograms)
#include "tst_i18n_programs.moc"
