#pragma once

#include <QLocale>
#include <QStringList>
#include <QTranslator>

namespace Herald {

/// Puts Herald's translation (built into the program as
/// :/i18n/herald_<lang>.qm) and Qt's own (qtbase_<lang>.qm, present when
/// Debian's qt6-translations-l10n is installed) in front of the running
/// application, for the first of a locale's UI languages Herald speaks.
/// Programs own one; the language comes from them, never from here.
class TranslationLoader
{
public:
    TranslationLoader() = default;
    ~TranslationLoader();
    Q_DISABLE_COPY_MOVE(TranslationLoader)

    /// Replaces what this loader installed before. Returns the language
    /// now in effect ("de"), "en" when English was asked for or nothing
    /// else matched: English is the source language and needs no file.
    QString load(const QLocale &locale);

    /// The languages the program can speak: "en" and every built-in
    /// translation, e.g. {"de", "en", "es", "fr"}.
    static QStringList languages();

private:
    void unload();

    QTranslator m_herald;
    QTranslator m_qt;
    bool m_installed = false;
};

} // namespace Herald
