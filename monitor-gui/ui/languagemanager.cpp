#include "languagemanager.h"

#include <QActionGroup>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

namespace Herald::Monitor {

using namespace Qt::StringLiterals;

namespace {

const QString kSettingsKey = u"ui/language"_s;
constexpr int kStatusMessageMs = 8000;

// "Deutsch", "Français": each language in its own words, as people look
// for their language in a list.
QString nativeName(const QString &code)
{
    const QString name = QLocale(code).nativeLanguageName();
    return name.isEmpty() ? code : name.left(1).toUpper() + name.mid(1);
}

} // namespace

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
{}

QCommandLineOption LanguageManager::option()
{
    return QCommandLineOption(u"lang"_s,
                              tr("Use this language (de, en, es, fr, …) instead of the "
                                 "system's, for this run."),
                              tr("code"));
}

QString LanguageManager::languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == "--"_L1)
            break;
        if (argument == "--lang"_L1 && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith("--lang="_L1))
            return argument.mid(7);
    }
    return {};
}

void LanguageManager::start(const QString &code)
{
    const QString wanted = code.isEmpty() ? savedLanguage() : code;
    if (wanted.isEmpty())
        apply(QLocale::system(), false);
    else
        apply(QLocale(wanted), true);
}

void LanguageManager::apply(const QLocale &locale, bool chosen)
{
    m_language = m_loader.load(locale);
    if (!chosen)
        return;
    QLocale::setDefault(locale);
    if (locale.textDirection() == Qt::RightToLeft)
        QGuiApplication::setLayoutDirection(Qt::RightToLeft);
}

QMenu *LanguageManager::addMenu(QMainWindow *window)
{
    auto *menu = new QMenu(tr("&Language"), window);
    menu->setObjectName(u"languageMenu"_s);
    auto *group = new QActionGroup(menu);
    const QString saved = savedLanguage();
    QStringList codes = TranslationLoader::languages();
    codes.prepend(QString()); // the system's
    for (const QString &code : std::as_const(codes)) {
        const QString name = code.isEmpty() ? tr("System Language") : nativeName(code);
        QAction *action = menu->addAction(name);
        action->setObjectName(u"language_"_s + (code.isEmpty() ? u"system"_s : code));
        action->setCheckable(true);
        action->setChecked(code == saved);
        group->addAction(action);
        connect(action, &QAction::triggered, window, [window, code, name] {
            saveLanguage(code);
            const QString message =
                code.isEmpty()
                    ? tr("The monitor will follow the system's language from its next start.")
                    //: %1 is a language's name in that language, e.g. "Deutsch"
                    : tr("The monitor will use %1 from its next start.").arg(name);
            window->statusBar()->showMessage(message, kStatusMessageMs);
        });
    }
    if (group->checkedAction() == nullptr)
        group->actions().constFirst()->setChecked(true);
    const QList<QAction *> menus = window->menuBar()->actions();
    window->menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.constLast(), menu);
    return menu;
}

QString LanguageManager::savedLanguage()
{
    return QSettings().value(kSettingsKey).toString();
}

void LanguageManager::saveLanguage(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kSettingsKey);
    else
        settings.setValue(kSettingsKey, code);
}

} // namespace Herald::Monitor
