// The monitor in another language (issue 10), in this process and
// offscreen, started the way main() starts it: --lang de shows German in
// known widgets; --lang ar mirrors the window while every panel stays laid
// out and visible; the Language menu lists the languages and keeps a
// choice for the next start.

#include "hubmonitor.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Herald::Monitor;
using namespace Qt::StringLiterals;

namespace {

QRect rectIn(const QWidget *widget, const QWidget *window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

} // namespace

class TestI18nMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        MonitorTestSupport::quietOffscreenPlatform();
        QVERIFY(m_settingsDir.isValid());
        MonitorTestSupport::useScratchSettings(m_settingsDir.path(), u"tst_i18n_monitor"_s);
    }

    void cleanup()
    {
        m_window.reset();
        m_monitor.reset();
        m_languages.reset(); // takes its translations away
        QSettings().clear();
        QLocale::setDefault(QLocale::system());
        QGuiApplication::setLayoutDirection(Qt::LeftToRight);
    }

    void languageArgument_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("language");
        QTest::newRow("none") << QStringList{u"herald-monitor"_s} << QString();
        QTest::newRow("--lang de")
            << QStringList{u"herald-monitor"_s, u"--lang"_s, u"de"_s} << u"de"_s;
        QTest::newRow("--lang=fr")
            << QStringList{u"herald-monitor"_s, u"--embedded"_s, u"--lang=fr"_s} << u"fr"_s;
        QTest::newRow("after --") << QStringList{u"herald-monitor"_s, u"--"_s, u"--lang=fr"_s}
                                  << QString();
        QTest::newRow("no value") << QStringList{u"herald-monitor"_s, u"--lang"_s} << QString();
    }
    void languageArgument()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, language);
        QCOMPARE(LanguageManager::languageArgument(arguments), language);
    }

    // The check: --lang de, and the window speaks German.
    void langDeShowsGerman()
    {
        startMonitor({u"herald-monitor"_s, u"--lang"_s, u"de"_s});
        QCOMPARE(m_languages->language(), u"de"_s);

        auto *tabs = m_window->findChild<QTabWidget *>(u"detailTabs"_s);
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), u"Live-Verlauf"_s);
        QCOMPARE(tabs->tabText(1), u"Verbindungen (0)"_s);
        auto *filter = m_window->findChild<QLineEdit *>(u"channelFilter"_s);
        QVERIFY(filter);
        QCOMPARE(filter->placeholderText(), u"Kanäle filtern"_s);
        auto *publish = m_window->findChild<QAction *>(u"publishAction"_s);
        QVERIFY(publish);
        QCOMPARE(publish->text(), u"&Veröffentlichen…"_s);
        auto *presence = m_window->findChild<QLabel *>(u"presenceTitle"_s);
        QVERIFY(presence);
        QCOMPARE(presence->text(), u"Präsenz: Kanal auswählen"_s);
        QCOMPARE(m_window->findChild<QMenu *>(u"languageMenu"_s)->title(), u"&Sprache"_s);
        // --help is built after the language is set: it is German too.
        QVERIFY(LanguageManager::option().description().startsWith(u"Diese Sprache"_s));
        // A language chosen explicitly also formats numbers and dates.
        QCOMPARE(QLocale().language(), QLocale::German);
        QCOMPARE(QLocale().toString(1234567), u"1.234.567"_s);
    }

    void eachTranslation_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("tail");
        QTest::addColumn<QString>("filter");
        QTest::newRow("de") << u"de"_s << u"Live-Verlauf"_s << u"Kanäle filtern"_s;
        QTest::newRow("es") << u"es"_s << u"Flujo en vivo"_s << u"Filtrar canales"_s;
        QTest::newRow("fr") << u"fr"_s << u"Flux en direct"_s << u"Filtrer les canaux"_s;
        QTest::newRow("en") << u"en"_s << u"Tail"_s << u"Filter channels"_s;
    }
    void eachTranslation()
    {
        QFETCH(QString, language);
        QFETCH(QString, tail);
        QFETCH(QString, filter);
        startMonitor({u"herald-monitor"_s, u"--lang"_s, language});
        QCOMPARE(m_languages->language(), language);
        QCOMPARE(m_window->findChild<QTabWidget *>(u"detailTabs"_s)->tabText(0), tail);
        QCOMPARE(m_window->findChild<QLineEdit *>(u"channelFilter"_s)->placeholderText(), filter);
    }

    // English is the source language, but its plural forms come from
    // herald_en.qm: "1 user", not "1 user(s)".
    void englishPluralForms()
    {
        startMonitor({u"herald-monitor"_s, u"--lang"_s, u"en"_s});
        QCOMPARE(QCoreApplication::translate("Herald::Monitor::MainWindow",
                                             "Presence on %1 · %n user(s)", nullptr, 1)
                     .arg(u"lobby"_s),
                 u"Presence on lobby · 1 user"_s);
        QCOMPARE(QCoreApplication::translate("Herald::Monitor::MainWindow",
                                             "Presence on %1 · %n user(s)", nullptr, 3)
                     .arg(u"lobby"_s),
                 u"Presence on lobby · 3 users"_s);
    }

    // Right to left (an Arabic UI, which falls back to English texts): the
    // window is mirrored and no panel is lost, squeezed or overlapping.
    void rightToLeftLayout()
    {
        startMonitor({u"herald-monitor"_s, u"--lang"_s, u"ar"_s});
        QCOMPARE(m_languages->language(), u"en"_s);
        QCOMPARE(QGuiApplication::layoutDirection(), Qt::RightToLeft);
        QCOMPARE(m_window->layoutDirection(), Qt::RightToLeft);

        const QRect window = m_window->rect();
        QMap<QString, QRect> rects;
        for (const QString &name :
             {u"overviewPanel"_s, u"channelFilter"_s, u"channelsView"_s, u"presenceView"_s,
              u"rateChart"_s, u"detailTabs"_s, u"tailView"_s, u"mainToolBar"_s}) {
            auto *widget = m_window->findChild<QWidget *>(name);
            QVERIFY2(widget, qPrintable(name));
            QVERIFY2(widget->isVisible(), qPrintable(name));
            QCOMPARE(widget->layoutDirection(), Qt::RightToLeft);
            const QRect rect = rectIn(widget, m_window.get());
            QVERIFY2(rect.width() > 20 && rect.height() > 10,
                     qPrintable(u"%1 is %2x%3"_s.arg(name).arg(rect.width()).arg(rect.height())));
            QVERIFY2(window.contains(rect), qPrintable(name + u" is outside the window"_s));
            rects.insert(name, rect);
        }
        // Mirrored: the channels, on the left in English, are on the right,
        // beside (not over) the tail and connections.
        QVERIFY(rects[u"channelsView"_s].left() > rects[u"detailTabs"_s].right());
        QVERIFY(!rects[u"channelsView"_s].intersects(rects[u"detailTabs"_s]));
        QVERIFY(!rects[u"presenceView"_s].intersects(rects[u"rateChart"_s]));
        QVERIFY(rects[u"overviewPanel"_s].bottom() < rects[u"channelsView"_s].top());
        // The menu bar starts on the right: Hub right of Help.
        const QList<QAction *> menus = m_window->menuBar()->actions();
        QVERIFY(menus.size() >= 2);
        QVERIFY(m_window->menuBar()->actionGeometry(menus.constFirst()).left() >
                m_window->menuBar()->actionGeometry(menus.constLast()).right());
    }

    // The menu: the system's language and each translation; a choice is
    // saved and is what the next start uses.
    void languageMenu()
    {
        startMonitor({u"herald-monitor"_s});
        QCOMPARE(m_languages->language(), u"en"_s); // the test's system language
        auto *menu = m_window->findChild<QMenu *>(u"languageMenu"_s);
        QVERIFY(menu);
        // Before Help, the last menu.
        const QList<QAction *> menus = m_window->menuBar()->actions();
        QCOMPARE(menus.at(menus.size() - 2)->menu(), menu);
        QStringList names;
        for (QAction *action : menu->actions())
            names.append(action->objectName());
        QCOMPARE(names, QStringList({u"language_system"_s, u"language_de"_s, u"language_en"_s,
                                     u"language_es"_s, u"language_fr"_s}));
        QVERIFY(menu->actions().constFirst()->isChecked());
        QCOMPARE(menu->actions().at(4)->text(), u"Français"_s);

        menu->actions().at(4)->trigger();
        QCOMPARE(LanguageManager::savedLanguage(), u"fr"_s);
        QVERIFY(m_window->statusBar()->currentMessage().contains(u"Français"_s));

        // The next start: French without --lang; --lang still wins.
        LanguageManager next;
        next.start(QString());
        QCOMPARE(next.language(), u"fr"_s);
        next.start(u"es"_s);
        QCOMPARE(next.language(), u"es"_s);

        menu->actions().constFirst()->trigger();
        QCOMPARE(LanguageManager::savedLanguage(), QString());
    }

private:
    void startMonitor(const QStringList &arguments)
    {
        m_languages = std::make_unique<LanguageManager>();
        m_languages->start(LanguageManager::languageArgument(arguments));
        m_monitor = std::make_unique<HubMonitor>();
        m_window = std::make_unique<MainWindow>(m_monitor.get());
        m_languages->addMenu(m_window.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<LanguageManager> m_languages;
    std::unique_ptr<HubMonitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestI18nMonitor)
#include "tst_i18n_monitor.moc"
