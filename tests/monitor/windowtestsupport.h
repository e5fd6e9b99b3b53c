#pragma once

// What a test of the monitor's windows sets up first: a quiet offscreen
// platform, and QSettings in a scratch directory rather than the user's.

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace MonitorTestSupport {

namespace Detail {
inline QtMessageHandler g_previousHandler = nullptr;
inline void quietOffscreen(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    if (message != QLatin1String("This plugin does not support propagateSizeHints()"))
        g_previousHandler(type, context, message);
}
} // namespace Detail

/// The offscreen platform says "does not support propagateSizeHints()"
/// whenever a window's size limits change; it is not about the test, and
/// would bury the test's own output.
inline void quietOffscreenPlatform()
{
    if (!Detail::g_previousHandler)
        Detail::g_previousHandler = qInstallMessageHandler(Detail::quietOffscreen);
}

/// The recent hubs, the window's layout and the chosen language go to
/// `directory`, under the test's own names.
inline void useScratchSettings(const QString &directory, const QString &application)
{
    QCoreApplication::setOrganizationName(QStringLiteral("HeraldTests"));
    QCoreApplication::setApplicationName(application);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, directory);
}

} // namespace MonitorTestSupport
