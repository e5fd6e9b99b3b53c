// herald-chat: a console chat on one channel, the smallest useful
// Herald::Client program. Type a line to send it; /who lists who is here,
// /history [n] shows the last n messages, /quit leaves.

#include <herald/client.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>
#include <QUrlQuery>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("herald-chat", text);
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void print(const QString &line)
{
    out() << line << Qt::endl;
}

QString nameOf(const Herald::Member &member)
{
    return member.userName().isEmpty() ? member.userId() : member.userName();
}

void printMessage(const Herald::Message &message)
{
    const QString time = message.timestamp().toLocalTime().toString(u"HH:mm:ss"_s);
    print(u"[%1] <%2> %3"_s.arg(time, nameOf(message.sender()),
                                message.data().toObject().value("text"_L1).toString()));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"herald-chat"_s);
    // The client logs its reconnects for operators; the chat shows its own.
    QLoggingCategory::setFilterRules(u"herald.client.info=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("A console chat over a Herald hub."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(u"url"_s, tr("The hub's WebSocket URL."), tr("url"),
                                       u"ws://127.0.0.1:8080/ws"_s);
    const QCommandLineOption userOption(u"user"_s, tr("Your name in the chat."), tr("name"),
                                        qEnvironmentVariable("USER", u"guest"_s));
    const QCommandLineOption channelOption(u"channel"_s, tr("The channel to chat on."),
                                           tr("channel"), u"lobby"_s);
    const QCommandLineOption tokenOption(
        u"token"_s, tr("Authentication token, if the hub wants one."), tr("token"));
    parser.addOptions({urlOption, userOption, channelOption, tokenOption});
    parser.process(app);

    const QString channel = parser.value(channelOption);
    const QString user = parser.value(userOption);
    QUrl url(parser.value(urlOption));
    QUrlQuery query(url);
    query.addQueryItem(u"user_id"_s, user);
    query.addQueryItem(u"user_name"_s, user);
    url.setQuery(query);

    Herald::Client client;
    client.setUrl(url);
    client.setToken(parser.value(tokenOption));

    QObject::connect(&client, &Herald::Client::stateChanged, &app, [](Herald::Client::State state) {
        if (state == Herald::Client::State::Connecting)
            print(tr("* connecting..."));
    });
    QObject::connect(&client, &Herald::Client::connected, &app,
                     [&client] { print(tr("* connected to %1").arg(client.url().host())); });
    QObject::connect(&client, &Herald::Client::disconnected, &app,
                     [](int code, const QString &reason) {
                         print(tr("* disconnected (%1 %2)").arg(code).arg(reason));
                     });
    QObject::connect(&client, &Herald::Client::reconnecting, &app, [](int attempt, int delayMs) {
        print(tr("* retrying in %1 s (attempt %2)").arg(delayMs / 1000.0, 0, 'f', 1).arg(attempt));
    });
    QObject::connect(&client, &Herald::Client::errorReceived, &app,
                     [](const QString &code, const QString &message) {
                         print(tr("* error: %1 (%2)").arg(message, code));
                     });

    Herald::Subscription *room = client.subscribe(channel);
    QObject::connect(room, &Herald::Subscription::subscribed, &app,
                     [&channel](quint64, bool) { print(tr("* you are in #%1").arg(channel)); });
    QObject::connect(
        room, &Herald::Subscription::presenceJoined, &app,
        [](const Herald::Member &member) { print(tr("* %1 joined").arg(nameOf(member))); });
    QObject::connect(
        room, &Herald::Subscription::presenceLeft, &app,
        [](const Herald::Member &member) { print(tr("* %1 left").arg(nameOf(member))); });
    // Messages were lost for good (the hub restarted): show what it has.
    QObject::connect(room, &Herald::Subscription::gap, &app, [&client, &channel] {
        print(tr("* some messages were lost; recent history follows"));
        client.history(channel, -1, 20);
    });
    // Chat lines are the custom event "chat.message".
    client.on(u"chat.message"_s, &app, printMessage);
    QObject::connect(&client, &Herald::Client::historyReceived, &app,
                     [](const QString &, const QList<Herald::Message> &messages) {
                         for (const Herald::Message &message : messages)
                             printMessage(message);
                     });
    QObject::connect(&client, &Herald::Client::presenceReceived, &app,
                     [](const QString &, const QList<Herald::Member> &members) {
                         QStringList names;
                         for (const Herald::Member &member : members)
                             names.append(nameOf(member));
                         print(tr("* here: %1").arg(names.join(u", "_s)));
                     });

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly | QIODevice::Text)) {
        print(tr("cannot read standard input"));
        return 1;
    }
    QSocketNotifier notifier(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        const QByteArray raw = input.readLine();
        if (raw.isEmpty()) { // end of input
            notifier.setEnabled(false);
            client.close();
            QCoreApplication::quit();
            return;
        }
        const QString line = QString::fromLocal8Bit(raw).trimmed();
        if (line.isEmpty())
            return;
        if (line == "/quit"_L1) {
            client.close();
            QCoreApplication::quit();
        } else if (line == "/who"_L1) {
            if (const auto sent = client.presence(channel); !sent)
                print(tr("* %1").arg(sent.reason()));
        } else if (line.startsWith("/history"_L1)) {
            const int count = line.section(u' ', 1, 1).toInt();
            if (const auto sent = client.history(channel, -1, count > 0 ? count : 20); !sent)
                print(tr("* %1").arg(sent.reason()));
        } else if (const auto sent =
                       client.publish(channel, QJsonObject{{u"text"_s, line}}, u"chat.message"_s);
                   !sent) {
            print(tr("* not sent: %1").arg(sent.reason()));
        }
    });

    client.open();
    return app.exec();
}
