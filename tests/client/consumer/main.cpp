// Round trip through the installed libraries: an embedded hub, a client
// that subscribes, one publication. Exit code 0 means it arrived.

#include <herald/client.h>
#include <herald/hub.h>

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Herald::Hub hub;
    if (const Herald::Status status = hub.listen(); !status) {
        std::fprintf(stderr, "listen: %s\n", qPrintable(status.reason()));
        return 2;
    }
    Herald::Client client;
    client.setUrl(hub.url());
    Herald::Subscription *news = client.subscribe(QStringLiteral("news"));
    QObject::connect(news, &Herald::Subscription::subscribed, &app, [&hub] {
        hub.publish(QStringLiteral("news"), QStringLiteral("story"), QStringLiteral("hello"));
    });
    client.on(QStringLiteral("story"), &app, [](const Herald::Message &message) {
        std::printf("received %s #%llu\n", qPrintable(message.data().toString()),
                    static_cast<unsigned long long>(message.seq()));
        QCoreApplication::exit(message.data().toString() == QLatin1String("hello") ? 0 : 3);
    });
    QTimer::singleShot(10000, &app, [] {
        std::fprintf(stderr, "timed out\n");
        QCoreApplication::exit(4);
    });
    client.open();
    return app.exec();
}
