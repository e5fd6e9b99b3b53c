#pragma once

#include <translationloader.h>

#include <QCommandLineOption>
#include <QLocale>
#include <QObject>

QT_BEGIN_NAMESPACE
class QMainWindow;
class QMenu;
QT_END_NAMESPACE

namespace Herald::Monitor {

/// The monitor's language: the system's, unless --lang names one for this
/// run or the Language menu chose one (kept for the next start). Installs
/// the translations, makes numbers and dates follow an explicitly chosen
/// language, and mirrors the layout for a right-to-left one, even without
/// its translation (`--lang ar` tries the mirrored layout).
/// Start it before the first tr(), so that --help is translated too.
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);

    /// --lang <code>, for the program's QCommandLineParser.
    static QCommandLineOption option();
    /// The --lang value in raw arguments, empty without one. Read before
    /// QCommandLineParser runs: its help must already be translated.
    static QString languageArgument(const QStringList &arguments);
    /// Applies `code` (from --lang) if not empty, else the saved choice,
    /// else the system's language.
    void start(const QString &code);
    /// The language in effect: "de", or "en" for the source texts.
    QString language() const { return m_language; }

    /// Adds a Language menu before the window's last (Help) menu: the
    /// system's language and each one the monitor speaks. A choice is saved
    /// and applies from the next start, because the widgets set their
    /// texts once; the window's status bar says so.
    QMenu *addMenu(QMainWindow *window);

    /// The saved choice (QSettings ui/language), empty for the system's.
    static QString savedLanguage();
    static void saveLanguage(const QString &code);

private:
    void apply(const QLocale &locale, bool chosen);

    TranslationLoader m_loader;
    QString m_language;
};

} // namespace Herald::Monitor
