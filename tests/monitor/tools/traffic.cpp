// herald-monitor-traffic: believable traffic for the monitor's screenshot
// and for trying the monitor by hand. A dozen users on a handful of
// channels publish chat lines, orders, telemetry and prices at rates that
// swell and ebb over a minute; now and then someone leaves and comes back,
// so presence moves too. Runs until killed (or --duration seconds).

#include <herald/client.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>

#include <cmath>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct User
{
    QString id;
    QString name;
    QStringList channels;
    std::unique_ptr<Herald::Client> client;
};

struct Feed
{
    QString channel;
    QString event;
    double rate;  // publications per second on average
    double phase; // where in the swell it starts
    double owed = 0;
};

QRandomGenerator &rng()
{
    return *QRandomGenerator::global();
}

template<typename T>
const T &pick(const QList<T> &list)
{
    return list.at(int(rng().bounded(int(list.size()))));
}

QJsonValue payloadFor(const Feed &feed, const User &user, quint64 n)
{
    if (feed.channel == "chat.lobby"_L1 || feed.channel == "support.tickets"_L1) {
        static const QStringList lines = {u"has anyone seen the new dashboard?"_s,
                                          u"deploy looks good from here"_s,
                                          u"coffee in five"_s,
                                          u"the EU sensors are noisy again"_s,
                                          u"can someone review #482?"_s,
                                          u"lunch?"_s,
                                          u"ticket closed, thanks!"_s,
                                          u"latency back to normal"_s};
        return QJsonObject{{u"text"_s, pick(lines)}, {u"from"_s, user.name}};
    }
    if (feed.channel == "orders"_L1) {
        static const QStringList currencies = {u"EUR"_s, u"USD"_s, u"GBP"_s};
        return QJsonObject{{u"order_id"_s, u"o-%1"_s.arg(100000 + n)},
                           {u"amount"_s, double(rng().bounded(500, 250000)) / 100.0},
                           {u"currency"_s, pick(currencies)},
                           {u"items"_s, int(rng().bounded(1, 6))}};
    }
    if (feed.channel.startsWith("sensors."_L1)) {
        return QJsonObject{{u"sensor"_s, u"s-%1"_s.arg(rng().bounded(1, 40), 2, 10, QChar(u'0'))},
                           {u"temp_c"_s, std::round(180 + rng().bounded(80)) / 10.0},
                           {u"humidity"_s, int(rng().bounded(30, 70))}};
    }
    if (feed.channel == "prices.btc-usd"_L1) {
        const double t = double(QDateTime::currentMSecsSinceEpoch() % 600000) / 600000.0;
        return QJsonObject{
            {u"bid"_s,
             std::round(6400000 + 90000 * std::sin(6.283 * t) + rng().bounded(2000)) / 100.0},
            {u"ask"_s,
             std::round(6401000 + 90000 * std::sin(6.283 * t) + rng().bounded(2000)) / 100.0}};
    }
    return QJsonObject{{u"service"_s, u"api"_s},
                       {u"version"_s, u"1.%1.%2"_s.arg(n % 20).arg(n % 7)},
                       {u"by"_s, user.name}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"herald.client.info=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Publishes demo traffic to a Herald hub."_s);
    parser.addHelpOption();
    const QCommandLineOption url(u"url"_s, u"The hub, e.g. ws://127.0.0.1:8080/ws."_s, u"url"_s,
                                 u"ws://127.0.0.1:8080/ws"_s);
    const QCommandLineOption duration(u"duration"_s, u"Stop after <seconds> (0: never)."_s,
                                      u"seconds"_s, u"0"_s);
    const QCommandLineOption scale(u"scale"_s, u"Multiply every rate by <factor>."_s, u"factor"_s,
                                   u"1"_s);
    parser.addOptions({url, duration, scale});
    parser.process(app);
    const double factor = std::max(0.01, parser.value(scale).toDouble());

    const QList<QPair<QString, QString>> people = {{u"ada"_s, u"Ada Lovelace"_s},
                                                   {u"grace"_s, u"Grace Hopper"_s},
                                                   {u"linus"_s, u"Linus"_s},
                                                   {u"margaret"_s, u"Margaret Hamilton"_s},
                                                   {u"ken"_s, u"Ken Thompson"_s},
                                                   {u"barbara"_s, u"Barbara Liskov"_s},
                                                   {u"dennis"_s, u"Dennis Ritchie"_s},
                                                   {u"edsger"_s, u"Edsger Dijkstra"_s},
                                                   {u"alan"_s, u"Alan Kay"_s},
                                                   {u"frances"_s, u"Frances Allen"_s},
                                                   {u"sensor-gw-1"_s, u"EU gateway"_s},
                                                   {u"pricefeed"_s, u"Price feed"_s}};

    std::vector<User> users;
    for (int i = 0; i < people.size(); ++i) {
        User user{people.at(i).first, people.at(i).second, {}, std::make_unique<Herald::Client>()};
        if (user.id == "sensor-gw-1"_L1)
            user.channels = {u"sensors.eu-west"_s, u"sensors.us-east"_s};
        else if (user.id == "pricefeed"_L1)
            user.channels = {u"prices.btc-usd"_s};
        else {
            user.channels = {u"chat.lobby"_s};
            if (i % 2 == 0)
                user.channels << u"orders"_s;
            if (i % 3 == 0)
                user.channels << u"support.tickets"_s << u"prices.btc-usd"_s;
            if (i % 4 == 1)
                user.channels << u"deploys"_s << u"sensors.eu-west"_s;
        }
        QUrl hub(parser.value(url));
        QUrlQuery query;
        query.addQueryItem(u"user_id"_s, user.id);
        query.addQueryItem(u"user_name"_s, user.name);
        hub.setQuery(query);
        user.client->setUrl(hub);
        user.client->setReconnectDelay(300);
        user.client->setMaxReconnectDelay(3000);
        for (const QString &channel : std::as_const(user.channels))
            user.client->subscribe(channel);
        user.client->open();
        users.push_back(std::move(user));
    }

    std::vector<Feed> feeds = {
        {u"sensors.eu-west"_s, u"reading"_s, 20, 0.0},
        {u"sensors.us-east"_s, u"reading"_s, 12, 2.0},
        {u"prices.btc-usd"_s, u"tick"_s, 10, 4.0},
        {u"orders"_s, u"order.created"_s, 6, 1.0},
        {u"chat.lobby"_s, u"chat.message"_s, 5, 3.0},
        {u"support.tickets"_s, u"ticket.updated"_s, 1, 5.0},
        {u"deploys"_s, u"deploy.finished"_s, 0.2, 0.5},
    };
    for (Feed &feed : feeds)
        feed.rate *= factor;

    QElapsedTimer clock;
    clock.start();
    quint64 published = 0;
    constexpr int kTickMs = 50;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const double t = double(clock.elapsed()) / 1000.0;
        for (Feed &feed : feeds) {
            // Swells over a minute, with a burst now and then.
            const double swell = 1.0 + 0.6 * std::sin(6.283 * t / 60.0 + feed.phase);
            const double burst = rng().bounded(1000) < 4 ? 20.0 : 1.0;
            feed.owed += feed.rate * swell * burst * kTickMs / 1000.0;
            while (feed.owed >= 1.0) {
                feed.owed -= 1.0;
                QList<User *> senders;
                for (User &user : users) {
                    if (user.channels.contains(feed.channel) &&
                        user.client->state() == Herald::Client::State::Connected)
                        senders.append(&user);
                }
                if (senders.isEmpty())
                    break;
                User *sender = pick(senders);
                sender->client->publish(feed.channel, payloadFor(feed, *sender, ++published),
                                        feed.event);
            }
        }
    });
    tick.start(kTickMs);

    // Someone leaves, and comes back a little later: presence at work.
    QTimer churn;
    QObject::connect(&churn, &QTimer::timeout, &app, [&] {
        User &user = users.at(std::size_t(rng().bounded(int(users.size()) - 2)));
        if (user.client->state() == Herald::Client::State::Connected) {
            user.client->close();
            QTimer::singleShot(int(rng().bounded(2000, 8000)), user.client.get(),
                               [client = user.client.get()] { client->open(); });
        }
    });
    churn.start(3000);

    const int seconds = parser.value(duration).toInt();
    if (seconds > 0)
        QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    return app.exec();
}
