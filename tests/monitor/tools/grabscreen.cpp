// grab-screen: saves what an X display shows to a PNG, for the README's
// screenshot taken under Xvfb (Debian's xvfb has no grabber of its own).

#include <QGuiApplication>
#include <QPixmap>
#include <QScreen>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: grab-screen FILE.png [delay-ms]\n");
        return 2;
    }
    const int delay = args.size() > 2 ? args.at(2).toInt() : 0;
    int status = 1;
    QTimer::singleShot(delay, &app, [&] {
        QScreen *screen = QGuiApplication::primaryScreen();
        const QPixmap shot = screen ? screen->grabWindow(0) : QPixmap();
        status = !shot.isNull() && shot.save(args.at(1)) ? 0 : 1;
        if (status)
            std::fprintf(stderr, "grab-screen: could not grab or save %s\n",
                         qPrintable(args.at(1)));
        app.quit();
    });
    app.exec();
    return status;
}
