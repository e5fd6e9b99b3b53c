#include "pgbridgesettings.h"
#include "pgconnectparams.h"
#include "pgroute.h"

#include <herald/wire/codec.h>

#include <QSet>
#include <QSettings>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// PostgreSQL truncates identifiers beyond NAMEDATALEN - 1 bytes, so a
// longer channel name would LISTEN on something else than configured.
constexpr qsizetype kMaxPgIdentifier = 63;

QString text(const QVariant &value)
{
    // An unquoted INI value with commas comes back as a list.
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(u',');
    return value.toString().trimmed();
}

QStringList list(const QVariant &value)
{
    const QStringList raw = value.typeId() == QMetaType::QStringList ? value.toStringList()
                                                                     : value.toString().split(u',');
    QStringList out;
    for (const QString &item : raw) {
        if (!item.trimmed().isEmpty())
            out.append(item.trimmed());
    }
    return out;
}

// Seconds with decimals ("0.5"), as every duration in [pgbridge] is given.
Result<std::chrono::milliseconds> seconds(const QString &key, const QVariant &value)
{
    bool ok = false;
    const double number = text(value).toDouble(&ok);
    if (!ok || number < 0 || number > 86400)
        return Result<std::chrono::milliseconds>::failure(
            u"[pgbridge] %1 must be a number of seconds, not '%2'"_s.arg(key, text(value)));
    return std::chrono::milliseconds(qint64(number * 1000));
}

} // namespace

Result<PgBridgeConfig> PgBridgeSettings::load(QSettings &settings, const QString &group)
{
    using Failure = Result<PgBridgeConfig>;
    if (!settings.childGroups().contains(group))
        return Failure::failure(u"no [%1] section"_s.arg(group));
    settings.beginGroup(group);
    const QStringList keys = settings.childKeys();
    QVariantMap values;
    for (const QString &key : keys)
        values.insert(key, settings.value(key));
    settings.endGroup();

    PgBridgeConfig config;
    const QHash<QString, QString *> strings{
        {u"name"_s, &config.name},
        {u"conninfo"_s, &config.conninfo},
        {u"host"_s, &config.host},
        {u"database"_s, &config.database},
        {u"user"_s, &config.user},
        {u"password"_s, &config.password},
        {u"options"_s, &config.options},
        {u"route"_s, &config.route},
        {u"event-field"_s, &config.eventField},
        {u"event"_s, &config.fixedEvent},
        {u"status-channel"_s, &config.statusChannel},
        {u"gap-event"_s, &config.gapEvent},
    };
    // libpq takes whole seconds; read like the others, cut after.
    std::chrono::milliseconds connectTimeout = config.connectTimeout;
    const QHash<QString, std::chrono::milliseconds *> durations{
        {u"backoff-min"_s, &config.backoffMin},
        {u"backoff-max"_s, &config.backoffMax},
        {u"health-interval"_s, &config.healthInterval},
        {u"connect-timeout"_s, &connectTimeout},
    };
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QString &key = it.key();
        if (QString *field = strings.value(key)) {
            // A password may legitimately start or end with spaces.
            *field = key == "password"_L1 ? it.value().toString() : text(it.value());
        } else if (std::chrono::milliseconds *field = durations.value(key)) {
            const auto parsed = seconds(key, it.value());
            if (!parsed)
                return Failure::failure(parsed.reason());
            *field = *parsed;
        } else if (key == "port"_L1) {
            bool ok = false;
            config.port = text(it.value()).toInt(&ok);
            if (!ok)
                return Failure::failure(
                    u"[%1] port must be a number, not '%2'"_s.arg(group, text(it.value())));
        } else if (key == "channels"_L1) {
            config.channels = list(it.value());
        } else {
            return Failure::failure(u"unknown key '%1' in [%2]"_s.arg(key, group));
        }
    }
    config.connectTimeout = std::chrono::duration_cast<std::chrono::seconds>(connectTimeout);
    if (const Status status = validate(config); !status)
        return Failure::failure(u"[%1] "_s.arg(group) + status.reason());
    return config;
}

Status PgBridgeSettings::validate(const PgBridgeConfig &config)
{
    using namespace std::chrono_literals;
    if (config.name.isEmpty())
        return Status::failure(u"name must not be empty"_s);
    if (config.channels.isEmpty())
        return Status::failure(
            u"channels must name at least one PostgreSQL channel to LISTEN on"_s);
    QSet<QString> seen;
    for (const QString &channel : config.channels) {
        if (channel.isEmpty() || channel.toUtf8().size() > kMaxPgIdentifier)
            return Status::failure(
                u"PostgreSQL channel '%1' must be 1 to %2 bytes"_s.arg(channel).arg(
                    kMaxPgIdentifier));
        if (seen.contains(channel))
            return Status::failure(u"PostgreSQL channel '%1' is listed twice"_s.arg(channel));
        seen.insert(channel);
    }
    if (const auto route = PgRoute::parse(config.route, config.eventField, config.fixedEvent);
        !route)
        return Status::failure(route.reason());
    if (const auto params = PgConnectParams::from(config); !params)
        return Status::failure(params.reason());
    if (config.statusChannel.startsWith(u'$'))
        return Status::failure(u"status-channel must not start with '$'"_s);
    if (config.gapEvent.isEmpty() || Wire::Codec::isReservedEvent(config.gapEvent))
        return Status::failure(
            u"gap-event '%1' is empty or reserved by the hub"_s.arg(config.gapEvent));
    if (config.backoffMin < 10ms || config.backoffMax < config.backoffMin)
        return Status::failure(
            u"backoff-min must be at least 0.01 s and backoff-max at least backoff-min"_s);
    if (config.healthInterval < 50ms)
        return Status::failure(u"health-interval must be at least 0.05 s"_s);
    if (config.connectTimeout < 1s)
        return Status::failure(u"connect-timeout must be at least 1 s"_s);
    return Status::success();
}

} // namespace Herald
