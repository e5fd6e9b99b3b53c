// herald-monitor: the desktop console for a Herald hub. Watches a remote
// hub (--url), or runs one in this process (--embedded) and watches it
// through the very same client path, as Quassel's all-in-one client does.

#include "hubmonitor.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "recenthubs.h"

#include <herald/hub.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QTcpServer>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A class, not a free function: lupdate extracts only the texts of a tr()
// whose context it can see.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HeraldMonitor)
};

constexpr quint16 kDefaultEmbeddedPort = 8080;

bool portIsFree(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

// Said on stderr like QCommandLineParser's own errors: a dialog would
// block scripts and tests that start the monitor.
int fail(const QString &message)
{
    std::fprintf(stderr, "herald-monitor: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Herald"_s);
    QApplication::setApplicationName(u"herald-monitor"_s);
    // Before the first text: --help and every window in the user's language.
    Herald::Monitor::LanguageManager languages;
    languages.start(Herald::Monitor::LanguageManager::languageArgument(app.arguments()));
    QApplication::setApplicationDisplayName(Text::tr("Herald Monitor"));
    QApplication::setApplicationVersion(QStringLiteral(HERALD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr("The live console for a Herald hub."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption url(u"url"_s,
                                 Text::tr("Monitor the hub at <url>, e.g. ws://127.0.0.1:8080/ws."),
                                 Text::tr("url"));
    const QCommandLineOption token(
        u"token"_s, Text::tr("Admin token for a hub on another machine."), Text::tr("token"));
    const QCommandLineOption embedded(u"embedded"_s,
                                      Text::tr("Run a hub inside the monitor and monitor it."));
    const QCommandLineOption port(
        u"port"_s, Text::tr("Port of the embedded hub on 127.0.0.1 (default 8080, or a free one)."),
        Text::tr("port"));
    const QCommandLineOption channel(u"channel"_s, Text::tr("Watch <channel> from the start."),
                                     Text::tr("channel"));
    parser.addOptions(
        {url, token, embedded, port, channel, Herald::Monitor::LanguageManager::option()});
    parser.process(app);

    if (parser.isSet(embedded) && parser.isSet(url))
        return fail(Text::tr("--embedded and --url exclude each other."));
    if (parser.isSet(port) && !parser.isSet(embedded))
        return fail(Text::tr("--port is for the embedded hub; give --embedded too."));

    // Declared before the monitor, so that it goes after it.
    std::unique_ptr<Herald::Hub> hub;
    QUrl hubUrl;
    if (parser.isSet(embedded)) {
        bool ok = true;
        quint16 chosen = kDefaultEmbeddedPort;
        if (parser.isSet(port)) {
            const uint value = parser.value(port).toUInt(&ok);
            if (!ok || value > 65535)
                return fail(Text::tr("Invalid port: %1").arg(parser.value(port)));
            chosen = quint16(value);
        } else if (!portIsFree(chosen)) {
            chosen = 0; // the demo should start even when 8080 is taken
        }
        hub = std::make_unique<Herald::Hub>(Herald::HubConfig());
        const Herald::Status listening = hub->listen(QHostAddress::LocalHost, chosen);
        if (!listening)
            return fail(Text::tr("Cannot start the embedded hub: %1").arg(listening.reason()));
        hubUrl = hub->url();
        std::fprintf(stderr, "herald-monitor: embedded hub listening on %s\n",
                     qPrintable(hubUrl.toString()));
    } else if (parser.isSet(url)) {
        hubUrl = QUrl(parser.value(url));
        if (!hubUrl.isValid() || (hubUrl.scheme() != "ws"_L1 && hubUrl.scheme() != "wss"_L1))
            return fail(Text::tr("Not a WebSocket URL: %1").arg(parser.value(url)));
    }

    Herald::Monitor::HubMonitor monitor;
    Herald::Monitor::MainWindow window(&monitor);
    languages.addMenu(&window);
    window.show();
    if (parser.isSet(channel))
        monitor.selectChannel(parser.value(channel));
    if (hub) {
        window.setEmbeddedHub(hubUrl);
        monitor.open(hubUrl);
    } else if (!hubUrl.isEmpty()) {
        Herald::Monitor::RecentHubs::add(hubUrl);
        monitor.open(hubUrl, parser.value(token));
    } else {
        // Nothing said where: ask, offering the hubs used last.
        QTimer::singleShot(0, &window, [&window] { window.showConnectDialog(); });
    }
    return app.exec();
}
