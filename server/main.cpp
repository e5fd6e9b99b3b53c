// herald-hub: the headless hub. Turns the command line, the INI file and
// HERALD_* environment variables into a HubConfig and runs a Herald::Hub.

#include <herald/hub.h>

#include <pgbridge.h>
#include <pgbridgesettings.h>
#include <securityconfigloader.h>
#include <translationloader.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QSettings>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// A class, not a free function: lupdate extracts only the texts of a tr()
// whose context it can see.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(HeraldHub)
};

// One option: its flag, its INI key and environment variable are derived
// from the name (--history-size, history-size, HERALD_HISTORY_SIZE).
struct Option
{
    QString name;
    QString valueName; // empty: a switch (--name, HERALD_NAME=true, name=true)
    QString description;
    QString defaultValue;
};

QString environmentName(const QString &name)
{
    return u"HERALD_"_s + name.toUpper().replace(u'-', u'_');
}

class Settings
{
public:
    Settings(const QCommandLineParser &parser, const QSettings *file)
        : m_parser(parser)
        , m_file(file)
    {}

    // Flags override the environment, which overrides the file, which
    // overrides the built-in default.
    QString value(const Option &option) const
    {
        if (m_parser.isSet(option.name))
            return option.valueName.isEmpty() ? u"true"_s : m_parser.value(option.name);
        const QByteArray env = qgetenv(environmentName(option.name).toLatin1().constData());
        if (!env.isEmpty())
            return QString::fromLocal8Bit(env);
        if (m_file && m_file->contains(u"hub/"_s + option.name))
            return m_file->value(u"hub/"_s + option.name).toString();
        return option.defaultValue;
    }

    /// A value given by flag or environment only (the file's own sections
    /// are read by their loader).
    std::optional<QString> explicitValue(const Option &option) const
    {
        if (m_parser.isSet(option.name))
            return option.valueName.isEmpty() ? u"true"_s : m_parser.value(option.name);
        const QByteArray env = qgetenv(environmentName(option.name).toLatin1().constData());
        if (!env.isEmpty())
            return QString::fromLocal8Bit(env);
        return std::nullopt;
    }

private:
    const QCommandLineParser &m_parser;
    const QSettings *m_file;
};

int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] auto written = ::write(g_signalPipe[1], &byte, 1);
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "herald-hub: %s\n", qPrintable(message));
    std::exit(2);
}

bool isTrue(const QString &value)
{
    const QString v = value.trimmed().toLower();
    return v == "1"_L1 || v == "true"_L1 || v == "yes"_L1 || v == "on"_L1;
}

qint64 integer(const Settings &settings, const Option &option, qint64 minimum)
{
    bool ok = false;
    const QString text = settings.value(option);
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum)
        fail(Text::tr("--%1 must be a whole number of at least %2, not '%3'")
                 .arg(option.name)
                 .arg(minimum)
                 .arg(text));
    return value;
}

// Like every option, the first of flags, environment and file that names
// any key decides, so a deployment can replace the file's keys.
QList<Herald::HttpConfig::ApiKey> apiKeys(const QCommandLineParser &parser, const QSettings *file)
{
    QStringList texts = parser.values(u"api-key"_s);
    if (texts.isEmpty())
        texts = QString::fromLocal8Bit(qgetenv("HERALD_API_KEYS")).split(u',', Qt::SkipEmptyParts);
    if (texts.isEmpty() && file)
        texts = file->value(u"http/api-keys"_s).toStringList(); // QSettings splits at commas
    QList<Herald::HttpConfig::ApiKey> keys;
    for (const QString &text : std::as_const(texts)) {
        if (text.trimmed().isEmpty())
            continue;
        const auto key = Herald::HttpConfig::ApiKey::fromString(text);
        if (!key)
            fail(Text::tr("invalid API key: %1").arg(key.reason()));
        keys.append(*key);
    }
    return keys;
}

// Every connection is a descriptor, and the soft RLIMIT_NOFILE (often
// 1024) bounds each descriptor table: take all the hard limit allows
// (LimitNOFILE= in the service, `ulimit -Hn` in a shell).
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
        return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace

int main(int argc, char *argv[])
{
    raiseDescriptorLimit();
    // Qt's glib event dispatcher cost more per socket than its own poll()
    // one while every connection had a notifier (3.69 M vs 4.00 M
    // deliveries/s, 100-subscriber fan-out); with one epoll set per shard
    // the two are within 5 % (hub CPU for the same work), but the hub has
    // no use for glib. QT_NO_GLIB set but empty keeps glib.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"herald-hub"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HERALD_VERSION));
    // Before the first text: --help and the errors in the user's language.
    Herald::TranslationLoader translations;
    translations.load(QLocale::system());
    qSetMessagePattern(u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}"
                       u"%{if-info}info%{endif}%{if-warning}warning%{endif}"
                       u"%{if-critical}error%{endif}%{if-fatal}fatal%{endif} "
                       u"%{category}: %{message}"_s);

    const Option config{u"config"_s,
                        Text::tr("file"),
                        Text::tr("Read settings from this INI file ([hub] section)."),
                        {}};
    const Option host{u"host"_s, Text::tr("address"), Text::tr("Address to listen on."),
                      u"127.0.0.1"_s};
    const Option port{u"port"_s, Text::tr("port"), Text::tr("Port to listen on."), u"8080"_s};
    const Option maxMessage{u"max-message-size"_s, Text::tr("bytes"),
                            Text::tr("Largest frame a client may send; larger closes with 1009."),
                            u"1048576"_s};
    const Option historySize{u"history-size"_s, Text::tr("count"),
                             Text::tr("Messages kept per channel for history and recovery."),
                             u"100"_s};
    const Option historyTtl{u"history-ttl"_s, Text::tr("seconds"),
                            Text::tr("How long a channel with no subscribers keeps its history."),
                            u"300"_s};
    const Option pingInterval{u"ping-interval"_s, Text::tr("seconds"),
                              Text::tr("Ping every client this often (0: never)."), u"30"_s};
    const Option idleTimeout{u"idle-timeout"_s, Text::tr("seconds"),
                             Text::tr("Close a client silent for this long (0: never)."), u"300"_s};
    const Option logLevel{u"log-level"_s, Text::tr("level"),
                          Text::tr("One of debug, info, warning, error."), u"info"_s};
    const Option threads{u"threads"_s, Text::tr("count"),
                         Text::tr("Event-loop threads serving connections."),
                         QString::number(std::max(1, QThread::idealThreadCount()))};
    const Option sharedTable{
        u"shared-descriptor-table"_s,
        {},
        Text::tr("Let all threads share one descriptor table. By default (Linux) each thread has "
                 "its own, so the hub holds up to threads times the open-files limit in "
                 "connections."),
        {}};
    const Option presenceLimit{
        u"presence-event-limit"_s, Text::tr("count"),
        Text::tr("Channels with more subscribers send no presence join/leave "
                 "events (0: no limit)."),
        u"1000"_s};
    const Option redis{u"redis"_s,
                       Text::tr("url"),
                       Text::tr("Share channels with other hubs through this Redis server "
                                "(redis://[:password@]host:port[/db])."),
                       {}};
    const Option redisRequired{
        u"redis-required"_s,
        {},
        Text::tr("Exit if Redis cannot be reached at start, instead of serving "
                 "and retrying."),
        {}};
    const Option presenceHeartbeat{
        u"presence-heartbeat-ms"_s, Text::tr("ms"),
        Text::tr("With --redis: how often members' presence is refreshed; a stopped hub's members "
                 "disappear after three of these."),
        u"5000"_s};
    // HTTP on the same port (docs/http.md). --api-key reads HERALD_API_KEYS
    // and [http] api-keys itself: see apiKeys().
    const Option apiKey{u"api-key"_s,
                        Text::tr("key[:user]"),
                        Text::tr("A key for the HTTP API (/api/*); repeatable. ':user' gives it an "
                                 "identity. Also HERALD_API_KEYS or api-keys= in [http], "
                                 "comma-separated."),
                        {}};
    const Option metricsTop{u"metrics-top-channels"_s, Text::tr("count"),
                            Text::tr("List this many busiest channels in /metrics (0: none)."),
                            u"0"_s};
    const Option noConsole{u"no-console"_s, {}, Text::tr("Do not serve the web console at /."), {}};
    const Option rawUserRoute{
        u"raw-user-route"_s,
        Text::tr("channel"),
        Text::tr(
            "Seed 004's clients: a connection with only ?user_id= gets the raw publications of "
            "this channel, {user_id} replaced (e.g. user.{user_id})."),
        {}};
    const QList<Option> options{
        rawUserRoute, config,        host,         port,          maxMessage,
        historySize,  historyTtl,    pingInterval, idleTimeout,   threads,
        sharedTable,  presenceLimit, redis,        redisRequired, presenceHeartbeat,
        apiKey,       metricsTop,    noConsole,    logLevel};

    // Security (docs/security.md): [auth], [limits], [rules], [api-keys] and
    // [tls] in the config file, each overridable by a flag or HERALD_*.
    using Security = Herald::SecurityConfig;
    using Loader = Herald::SecurityConfigLoader;
    auto number = [](const QString &text, int minimum, auto set) -> Herald::Status {
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok || value < minimum)
            return Herald::Status::failure(
                Text::tr("'%1' is not a whole number of at least %2").arg(text).arg(minimum));
        set(value);
        return Herald::Status::success();
    };
    auto boolean = [](const QString &text, auto set) -> Herald::Status {
        const auto value = Loader::parseBool(text);
        if (!value)
            return Herald::Status::failure(value.reason());
        set(*value);
        return Herald::Status::success();
    };
    struct SecurityOption
    {
        Option option;
        std::function<Herald::Status(Security &, const QString &)> apply;
    };
    const QList<SecurityOption> securityOptions{
        {{u"require-auth"_s, {}, Text::tr("Close connections without a valid token (4001)."), {}},
         [&](Security &s, const QString &v) {
             return boolean(v, [&](bool b) { s.requireAuth = b; });
         }},
        {{u"jwt-secret-file"_s,
          Text::tr("file"),
          Text::tr("HS256 shared secret (at least 32 bytes)."),
          {}},
         [](Security &s, const QString &v) {
             s.jwtSecretFile = v;
             return Herald::Status::success();
         }},
        {{u"jwt-public-key-file"_s,
          Text::tr("file"),
          Text::tr("RS256 or ES256 public key (PEM)."),
          {}},
         [](Security &s, const QString &v) {
             s.jwtPublicKeyFile = v;
             return Herald::Status::success();
         }},
        {{u"jwt-leeway"_s, Text::tr("seconds"), Text::tr("Clock skew allowed on exp and nbf."),
          u"30"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.leeway = std::chrono::seconds(n); });
         }},
        {{u"jwt-require-exp"_s, Text::tr("bool"), Text::tr("Refuse tokens without exp."),
          u"true"_s},
         [&](Security &s, const QString &v) {
             return boolean(v, [&](bool b) { s.requireExpiry = b; });
         }},
        {{u"jwt-issuer"_s, Text::tr("iss"), Text::tr("The iss a token must carry."), {}},
         [](Security &s, const QString &v) {
             s.issuer = v;
             return Herald::Status::success();
         }},
        {{u"jwt-audience"_s, Text::tr("aud"), Text::tr("The aud a token must carry."), {}},
         [](Security &s, const QString &v) {
             s.audience = v;
             return Herald::Status::success();
         }},
        {{u"allowed-origins"_s,
          Text::tr("origins"),
          Text::tr("Comma-separated origins browsers may connect from (default: any)."),
          {}},
         [](Security &s, const QString &v) {
             s.allowedOrigins = Loader::toList(v);
             return Herald::Status::success();
         }},
        {{u"rules-fallback"_s, Text::tr("mode"),
          Text::tr("auto, allow or deny: channels no rule decides."), u"auto"_s},
         [](Security &s, const QString &v) {
             const auto fallback = Loader::parseFallback(v);
             if (!fallback)
                 return Herald::Status::failure(fallback.reason());
             s.fallback = *fallback;
             return Herald::Status::success();
         }},
        {{u"max-connections"_s, Text::tr("count"), Text::tr("Connections in all (0: no limit)."),
          u"10000"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.maxConnections = n; });
         }},
        {{u"max-connections-per-user"_s, Text::tr("count"), Text::tr("Connections per user."),
          u"5"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.maxConnectionsPerUser = n; });
         }},
        {{u"max-connections-per-tenant"_s, Text::tr("count"), Text::tr("Connections per tenant."),
          u"100"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.maxConnectionsPerTenant = n; });
         }},
        {{u"max-subscriptions"_s, Text::tr("count"), Text::tr("Subscriptions per connection."),
          u"1000"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.maxSubscriptionsPerConnection = n; });
         }},
        {{u"channel-max-length"_s, Text::tr("count"), Text::tr("Longest channel name."), u"200"_s},
         [&](Security &s, const QString &v) {
             return number(v, 1, [&](int n) { s.maxChannelNameLength = n; });
         }},
        {{u"channel-characters"_s, Text::tr("ranges"),
          Text::tr("Characters allowed in channel names."), u"A-Za-z0-9._:@/-"_s},
         [](Security &s, const QString &v) {
             s.channelNameCharacters = v;
             return Herald::Status::success();
         }},
        {{u"rate-limit"_s, Text::tr("rate"),
          Text::tr("Frames per connection: 1000, 1000/s, 100/min (0: no limit)."), u"1000/s"_s},
         [](Security &s, const QString &v) {
             const auto rate = Loader::parseRate(v);
             if (!rate)
                 return Herald::Status::failure(rate.reason());
             s.rateLimit = rate->count;
             s.ratePeriod = rate->period;
             return Herald::Status::success();
         }},
        {{u"rate-burst"_s, Text::tr("count"), Text::tr("Frames a connection may send at once."),
          u"2000"_s},
         [&](Security &s, const QString &v) {
             return number(v, 1, [&](int n) { s.rateBurst = n; });
         }},
        {{u"abuse-threshold"_s, Text::tr("count"),
          Text::tr("Refused frames within the abuse window before closing with 4002 (0: never)."),
          u"200"_s},
         [&](Security &s, const QString &v) {
             return number(v, 0, [&](int n) { s.abuseThreshold = n; });
         }},
        {{u"abuse-window"_s, Text::tr("seconds"), Text::tr("The window for --abuse-threshold."),
          u"10"_s},
         [&](Security &s, const QString &v) {
             return number(v, 1, [&](int n) { s.abuseWindow = std::chrono::seconds(n); });
         }},
        {{u"outbox-bytes"_s, Text::tr("bytes"),
          Text::tr("Bytes queued for a client that does not read before it is closed with 4005."),
          u"8388608"_s},
         [&](Security &s, const QString &v) {
             return number(v, 1024, [&](int n) { s.outboxBytes = n; });
         }},
        {{u"tls-cert"_s,
          Text::tr("file"),
          Text::tr("PEM certificate: serve wss:// (with --tls-key)."),
          {}},
         [](Security &s, const QString &v) {
             s.tlsCertificateFile = v;
             return Herald::Status::success();
         }},
        {{u"tls-key"_s, Text::tr("file"), Text::tr("PEM private key for --tls-cert."), {}},
         [](Security &s, const QString &v) {
             s.tlsKeyFile = v;
             return Herald::Status::success();
         }},
    };

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Text::tr("Herald hub: real-time publish/subscribe over WebSocket.\n"
                 "Every option can also be set as HERALD_<NAME> in the environment "
                 "(e.g. HERALD_PORT) or as <name>= in the [hub] section of the config file; "
                 "flags win over the environment, which wins over the file."));
    parser.addHelpOption();
    parser.addVersionOption();
    QList<Option> allOptions = options;
    for (const SecurityOption &option : securityOptions)
        allOptions.append(option.option);
    for (const Option &option : allOptions) {
        QString description = option.description;
        if (!option.defaultValue.isEmpty())
            description += u' ' + Text::tr("Default: %1.").arg(option.defaultValue);
        if (option.valueName.isEmpty())
            parser.addOption(QCommandLineOption(option.name, description));
        else
            parser.addOption(QCommandLineOption(option.name, description, option.valueName));
    }
    parser.process(app);

    std::optional<QSettings> file;
    const QString configPath = Settings(parser, nullptr).value(config);
    if (!configPath.isEmpty()) {
        if (!QFileInfo(configPath).isReadable())
            fail(Text::tr("cannot read config file '%1'").arg(configPath));
        file.emplace(configPath, QSettings::IniFormat);
        if (file->status() != QSettings::NoError)
            fail(Text::tr("config file '%1' is not a valid INI file").arg(configPath));
    }
    const Settings settings(parser, file ? &*file : nullptr);

    const QString level = settings.value(logLevel).toLower();
    const QStringList levels{u"debug"_s, u"info"_s, u"warning"_s, u"error"_s};
    if (!levels.contains(level))
        fail(Text::tr("--log-level must be one of debug, info, warning, error"));
    QString rules = u"herald.*.debug=%1\nherald.*.info=%2\nherald.*.warning=%3\n"_s
                        .arg(level == "debug"_L1 ? u"true"_s : u"false"_s)
                        .arg(levels.indexOf(level) <= 1 ? u"true"_s : u"false"_s)
                        .arg(levels.indexOf(level) <= 2 ? u"true"_s : u"false"_s);
    QLoggingCategory::setFilterRules(rules);

    Herald::HubConfig hubConfig;
    using std::chrono::seconds;
    hubConfig.maxMessageSize = integer(settings, maxMessage, 64);
    hubConfig.historySize = int(std::min<qint64>(integer(settings, historySize, 0), 1000000));
    hubConfig.historyTtl = seconds(integer(settings, historyTtl, 0));
    hubConfig.pingInterval = seconds(integer(settings, pingInterval, 0));
    hubConfig.idleTimeout = seconds(integer(settings, idleTimeout, 0));
    hubConfig.threads = int(std::min<qint64>(integer(settings, threads, 1), 256));
    hubConfig.threadDescriptorTables = !isTrue(settings.value(sharedTable));
    hubConfig.redisUrl = settings.value(redis);
    hubConfig.rawUserRoute = settings.value(rawUserRoute);
    hubConfig.redisRequired = isTrue(settings.value(redisRequired));
    hubConfig.presenceHeartbeat =
        std::chrono::milliseconds(integer(settings, presenceHeartbeat, 50));
    hubConfig.maxPresenceEventSubscribers =
        int(std::min<qint64>(integer(settings, presenceLimit, 0), 1 << 30));
    hubConfig.http.apiKeys = apiKeys(parser, file ? &*file : nullptr);
    hubConfig.http.metricsTopChannels =
        int(std::min<qint64>(integer(settings, metricsTop, 0), 10000));
    hubConfig.http.consoleEnabled = !isTrue(settings.value(noConsole));
    if (const QString problem = hubConfig.http.validate(); !problem.isEmpty())
        fail(problem);
    const qint64 portNumber = integer(settings, port, 0);
    if (portNumber > 65535)
        fail(Text::tr("--port must be at most 65535"));
    QHostAddress address;
    const QString hostText = settings.value(host);
    if (hostText == "localhost"_L1)
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(hostText))
        fail(Text::tr("--host must be an IP address, not '%1'").arg(hostText));

    Security security;
    if (file) {
        const auto loaded = Loader::load(*file);
        if (!loaded)
            fail(Text::tr("config file '%1': %2").arg(configPath, loaded.reason()));
        security = *loaded;
    }
    for (const SecurityOption &option : securityOptions) {
        if (const auto value = settings.explicitValue(option.option)) {
            if (const Herald::Status applied = option.apply(security, *value); !applied)
                fail(Text::tr("--%1: %2").arg(option.option.name, applied.reason()));
        }
    }
    if (const Herald::Status valid = Loader::validate(security); !valid)
        fail(valid.reason());
    hubConfig.security = security;

    Herald::Hub hub(hubConfig);
    // Signals are handled before the hub listens: a SIGTERM right after the
    // "listening" line must still close the clients and exit 0.
    // SIGINT/SIGTERM: close every client with 1001, then exit 0.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        fail(Text::tr("cannot set up signal handling"));
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] auto got = ::read(g_signalPipe[0], &byte, 1);
        notifier.setEnabled(false);
        hub.shutdown();
        // Clients that never answer the close frame do not hold us up.
        QTimer::singleShot(3000, &app, [] { QCoreApplication::exit(0); });
    });
    QObject::connect(&hub, &Herald::Hub::shutdownFinished, &app, [] { QCoreApplication::exit(0); });
    QObject::connect(&hub, &Herald::Hub::backplaneFailed, &app, [](const QString &reason) {
        std::fprintf(stderr, "herald-hub: %s\n",
                     qPrintable(Text::tr("Redis is required and unavailable: %1").arg(reason)));
        QCoreApplication::exit(1);
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    if (const Herald::Status status = hub.listen(address, quint16(portNumber)); !status)
        fail(status.reason());

    // [pgbridge] in the config file: PostgreSQL NOTIFY into channels (seed 004).
    std::unique_ptr<Herald::PgBridge> bridge;
    if (file && file->childGroups().contains(u"pgbridge"_s)) {
        const auto bridgeConfig = Herald::PgBridgeSettings::load(*file);
        if (!bridgeConfig)
            fail(Text::tr("config file '%1': %2").arg(configPath, bridgeConfig.reason()));
        bridge = std::make_unique<Herald::PgBridge>(&hub, *bridgeConfig);
        if (const Herald::Status started = bridge->start(); !started)
            fail(Text::tr("PostgreSQL bridge: %1").arg(started.reason()));
    }

    return app.exec();
}
