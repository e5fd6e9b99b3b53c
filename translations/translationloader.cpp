#include "translationloader.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {
const QString kDirectory = u":/i18n"_s;
const QString kPrefix = u"herald_"_s;
} // namespace

TranslationLoader::~TranslationLoader()
{
    unload();
}

QString TranslationLoader::load(const QLocale &locale)
{
    unload();
    // uiLanguages() lists the user's languages in order of preference
    // (LANGUAGE=fr:en:de gives fr, en, de): the first one Herald speaks
    // wins, and English counts, so "en before de" gives English.
    for (const QString &name : locale.uiLanguages()) {
        const QLocale candidate(name);
        const QString code = QLocale::languageToCode(candidate.language());
        if (!m_herald.load(kPrefix + code, kDirectory)) {
            if (candidate.language() != QLocale::English)
                continue;
            return u"en"_s; // no English plural file built in: the source texts
        }
        QCoreApplication::installTranslator(&m_herald);
        // Qt's own texts (standard buttons, --help, --version): optional.
        if (candidate.language() != QLocale::English &&
            m_qt.load(candidate, u"qtbase"_s, u"_"_s,
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(&m_qt);
        }
        m_installed = true;
        return code;
    }
    return u"en"_s;
}

QStringList TranslationLoader::languages()
{
    QStringList codes{u"en"_s};
    const QStringList files = QDir(kDirectory).entryList({kPrefix + u"*.qm"_s}, QDir::Files);
    for (const QString &file : files) {
        const QString code = file.mid(kPrefix.size()).chopped(3);
        if (!codes.contains(code))
            codes.append(code);
    }
    codes.sort();
    return codes;
}

void TranslationLoader::unload()
{
    if (!m_installed)
        return;
    QCoreApplication::removeTranslator(&m_qt);
    QCoreApplication::removeTranslator(&m_herald);
    m_installed = false;
}

} // namespace Herald
