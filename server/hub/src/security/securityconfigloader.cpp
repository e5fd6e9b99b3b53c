#include "securityconfigloader.h"

#include "accessrules.h"
#include "channelnamevalidator.h"
#include "connectionauthenticator.h"
#include "originpolicy.h"

#include <QFileInfo>

#include <algorithm>
#include <functional>
#include <limits>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MinOutboxBytes = 64 * 1024;
constexpr qint64 MaxLeewaySeconds = 300;

// Reads one INI section; every key it is asked about is remembered, so what
// is left over at the end is a key nobody knows.
class Section
{
public:
    /// label: how errors name the section; "" inside a list entry, whose
    /// errors the list prefixes with its own name and the entry's number.
    Section(QSettings &settings, const QString &name, const QString &label)
        : m_settings(settings)
        , m_label(label)
    {
        m_settings.beginGroup(name);
    }
    explicit Section(QSettings &settings, const QString &name)
        : Section(settings, name, u"[%1] "_s.arg(name))
    {}
    ~Section() { m_settings.endGroup(); }
    Section(const Section &) = delete;
    Section &operator=(const Section &) = delete;

    bool has(const QString &key)
    {
        m_known.append(key);
        return m_settings.contains(key);
    }
    QString text(const QString &key) const { return m_settings.value(key).toString().trimmed(); }
    QStringList list(const QString &key) const
    {
        return SecurityConfigLoader::toList(m_settings.value(key));
    }
    QString where(const QString &key) const { return m_label + key; }

    Status readText(const QString &key, QString *out)
    {
        if (has(key))
            *out = list(key).join(u',');
        return Status::success();
    }
    Status readList(const QString &key, QStringList *out)
    {
        if (has(key))
            *out = list(key);
        return Status::success();
    }
    /// A value in one of the loader's syntaxes (parse returns a Result).
    template<typename T, typename Parse>
    Status readParsed(const QString &key, Parse parse, T *out)
    {
        if (!has(key))
            return Status::success();
        const Result<T> value = parse(text(key));
        if (!value)
            return Status::failure(u"%1: %2"_s.arg(where(key), value.reason()));
        *out = *value;
        return Status::success();
    }
    Status readBool(const QString &key, bool *out)
    {
        return readParsed(key, SecurityConfigLoader::parseBool, out);
    }
    template<typename Int>
    Status readNumber(const QString &key, Int *out, qint64 max = std::numeric_limits<int>::max())
    {
        if (!has(key))
            return Status::success();
        bool ok = false;
        const qint64 value = text(key).toLongLong(&ok);
        if (!ok || value < 0 || value > max)
            return Status::failure(
                u"%1: '%2' is not a whole number from 0 to %3"_s.arg(where(key), text(key))
                    .arg(max));
        *out = Int(value);
        return Status::success();
    }
    template<typename Duration>
    Status readSeconds(const QString &key, Duration *out, qint64 max)
    {
        qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(*out).count();
        const Status status = readNumber(key, &seconds, max);
        if (status)
            *out = std::chrono::duration_cast<Duration>(std::chrono::seconds(seconds));
        return status;
    }

    /// Fails on keys nobody asked for; numbered groups are allowed where
    /// the section is a list.
    Status unknownKeys(bool numberedGroups) const
    {
        for (const QString &key : m_settings.childKeys()) {
            if (!m_known.contains(key))
                return Status::failure(u"%1: unknown key"_s.arg(where(key)));
        }
        for (const QString &group : m_settings.childGroups()) {
            if (!numberedGroups || entryNumber(group) < 1)
                return Status::failure(u"%1: unknown key"_s.arg(where(group + u"/…"_s)));
        }
        return Status::success();
    }

    /// A list section ([rules], [api-keys]): entries `1\key=`, `2\key=`, …
    /// read by `read` in numeric order. Entries present replace `*out` as a
    /// whole; none leave it as it was.
    template<typename Item>
    Status readEntries(QList<Item> *out, const std::function<Status(Section &, Item &)> &read)
    {
        const Status unknown = unknownKeys(true);
        if (!unknown)
            return unknown;
        QStringList groups = m_settings.childGroups();
        std::sort(groups.begin(), groups.end(), [](const QString &a, const QString &b) {
            return entryNumber(a) < entryNumber(b);
        });
        if (groups.isEmpty())
            return Status::success();
        QList<Item> items;
        for (const QString &group : std::as_const(groups)) {
            Section entry(m_settings, group, QString());
            Item item;
            Status status = read(entry, item);
            if (status)
                status = entry.unknownKeys(false);
            if (!status)
                return Status::failure(u"%1%2: %3"_s.arg(m_label, group, status.reason()));
            items.append(item);
        }
        *out = items;
        return Status::success();
    }

private:
    static int entryNumber(const QString &group)
    {
        bool ok = false;
        const int number = group.toInt(&ok);
        return ok ? number : 0;
    }

    QSettings &m_settings;
    QString m_label;
    QStringList m_known;
};

// Stops at the first read that fails; each read is a no-op for a key the
// file does not have.
Status firstFailure(std::initializer_list<Status> reads)
{
    for (const Status &status : reads) {
        if (!status)
            return status;
    }
    return Status::success();
}

Status readAuth(QSettings &settings, SecurityConfig &config)
{
    Section auth(settings, u"auth"_s);
    const Status read = firstFailure({
        auth.readBool(u"require-auth"_s, &config.requireAuth),
        auth.readText(u"jwt-secret-file"_s, &config.jwtSecretFile),
        auth.readText(u"jwt-public-key-file"_s, &config.jwtPublicKeyFile),
        auth.readSeconds(u"leeway"_s, &config.leeway, MaxLeewaySeconds),
        auth.readBool(u"require-exp"_s, &config.requireExpiry),
        auth.readText(u"issuer"_s, &config.issuer),
        auth.readText(u"audience"_s, &config.audience),
        auth.readList(u"allowed-origins"_s, &config.allowedOrigins),
    });
    return read ? auth.unknownKeys(false) : read;
}

Status readApiKeys(QSettings &settings, SecurityConfig &config)
{
    Section keys(settings, u"api-keys"_s);
    return keys.readEntries<ApiKey>(&config.apiKeys, [](Section &entry, ApiKey &key) {
        QString plain;
        QString digestHex;
        const Status read = firstFailure({
            entry.readText(u"key"_s, &plain),
            entry.readText(u"key-sha256"_s, &digestHex),
            entry.readText(u"user-id"_s, &key.identity.userId),
            entry.readText(u"user-name"_s, &key.identity.userName),
            entry.readText(u"tenant"_s, &key.identity.tenant),
            entry.readList(u"roles"_s, &key.identity.roles),
            entry.readList(u"channels"_s, &key.identity.channels),
        });
        key.key = plain.toUtf8();
        key.sha256 = QByteArray::fromHex(digestHex.toLatin1());
        if (read && !digestHex.isEmpty() && (key.sha256.size() != 32 || digestHex.size() != 64))
            return Status::failure(u"key-sha256: not 64 hex digits"_s);
        return read;
    });
}

Status readRules(QSettings &settings, SecurityConfig &config)
{
    Section rules(settings, u"rules"_s);
    const Status fallback =
        rules.readParsed(u"fallback"_s, SecurityConfigLoader::parseFallback, &config.fallback);
    if (!fallback)
        return fallback;
    return rules.readEntries<ChannelRule>(&config.rules, [](Section &entry, ChannelRule &rule) {
        if (!entry.has(u"pattern"_s) || entry.text(u"pattern"_s).isEmpty())
            return Status::failure(u"no pattern"_s);
        // No default for actions: a forgotten line must not quietly mean
        // "refuse all" or "allow all".
        if (!entry.has(u"actions"_s))
            return Status::failure(u"no actions (all, none, or a list)"_s);
        rule.pattern = entry.text(u"pattern"_s);
        const auto actions = SecurityConfigLoader::parseActions(entry.list(u"actions"_s));
        if (!actions)
            return Status::failure(u"actions: %1"_s.arg(actions.reason()));
        rule.actions = *actions;
        return entry.readList(u"roles"_s, &rule.roles);
    });
}

Status readLimits(QSettings &settings, SecurityConfig &config)
{
    Section limits(settings, u"limits"_s);
    SecurityConfigLoader::Rate rate{config.rateLimit, config.ratePeriod};
    const Status read = firstFailure({
        limits.readParsed(u"rate-limit"_s, SecurityConfigLoader::parseRate, &rate),
        limits.readNumber(u"max-connections"_s, &config.maxConnections),
        limits.readNumber(u"max-connections-per-user"_s, &config.maxConnectionsPerUser),
        limits.readNumber(u"max-connections-per-tenant"_s, &config.maxConnectionsPerTenant),
        limits.readNumber(u"max-subscriptions"_s, &config.maxSubscriptionsPerConnection),
        limits.readNumber(u"channel-max-length"_s, &config.maxChannelNameLength),
        limits.readText(u"channel-characters"_s, &config.channelNameCharacters),
        limits.readNumber(u"rate-burst"_s, &config.rateBurst),
        limits.readNumber(u"abuse-threshold"_s, &config.abuseThreshold),
        limits.readSeconds(u"abuse-window"_s, &config.abuseWindow, 86400),
        limits.readNumber(u"outbox-bytes"_s, &config.outboxBytes,
                          std::numeric_limits<qint64>::max()),
    });
    config.rateLimit = rate.count;
    config.ratePeriod = rate.period;
    return read ? limits.unknownKeys(false) : read;
}

Status readTls(QSettings &settings, SecurityConfig &config)
{
    Section tls(settings, u"tls"_s);
    const Status read = firstFailure({
        tls.readText(u"cert"_s, &config.tlsCertificateFile),
        tls.readText(u"key"_s, &config.tlsKeyFile),
    });
    return read ? tls.unknownKeys(false) : read;
}

} // namespace

Result<SecurityConfig> SecurityConfigLoader::load(QSettings &settings, const SecurityConfig &base)
{
    if (settings.status() != QSettings::NoError)
        return Result<SecurityConfig>::failure(
            u"%1: not a readable INI file"_s.arg(settings.fileName()));
    SecurityConfig config = base;
    for (const auto read : {readAuth, readApiKeys, readRules, readLimits, readTls}) {
        const Status status = read(settings, config);
        if (!status)
            return Result<SecurityConfig>::failure(status.reason());
    }
    const Status valid = validate(config);
    if (!valid)
        return Result<SecurityConfig>::failure(valid.reason());
    return config;
}

Result<SecurityConfig> SecurityConfigLoader::loadFile(const QString &path,
                                                      const SecurityConfig &base)
{
    // QSettings reads a missing file as an empty one: a typo in the path
    // would start a hub with none of its security settings.
    if (!QFileInfo(path).isReadable())
        return Result<SecurityConfig>::failure(u"%1: cannot read the config file"_s.arg(path));
    QSettings settings(path, QSettings::IniFormat);
    return load(settings, base);
}

Status SecurityConfigLoader::validate(const SecurityConfig &config)
{
    if (config.leeway.count() < 0 || config.leeway.count() > MaxLeewaySeconds)
        return Status::failure(u"leeway must be 0 to %1 seconds"_s.arg(MaxLeewaySeconds));
    const std::pair<int, const char *> counts[] = {
        {config.maxConnections, "max-connections"},
        {config.maxConnectionsPerUser, "max-connections-per-user"},
        {config.maxConnectionsPerTenant, "max-connections-per-tenant"},
        {config.maxSubscriptionsPerConnection, "max-subscriptions"},
        {config.rateLimit, "rate-limit"},
        {config.rateBurst, "rate-burst"},
        {config.abuseThreshold, "abuse-threshold"},
    };
    for (const auto &[value, name] : counts) {
        if (value < 0)
            return Status::failure(u"%1 must not be negative"_s.arg(QLatin1StringView(name)));
    }
    if (config.rateLimit > 0 && (config.ratePeriod.count() < 1 || config.rateBurst < 1))
        return Status::failure(u"a rate limit needs a period and a burst of at least 1"_s);
    if (config.abuseThreshold > 0 && config.abuseWindow.count() < 1)
        return Status::failure(u"abuse-window must be at least 1 second"_s);
    if (config.outboxBytes < MinOutboxBytes)
        return Status::failure(u"outbox-bytes must be at least %1"_s.arg(MinOutboxBytes));
    if (config.tlsCertificateFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return Status::failure(u"TLS needs both a certificate and a key"_s);
    for (const QString &path : {config.tlsCertificateFile, config.tlsKeyFile}) {
        if (!path.isEmpty() && !QFileInfo(path).isReadable())
            return Status::failure(u"%1: cannot read the TLS file"_s.arg(path));
    }
    if (const auto authenticator = ConnectionAuthenticator::create(config); !authenticator)
        return Status::failure(authenticator.reason());
    if (const auto rules = AccessRules::create(config); !rules)
        return Status::failure(rules.reason());
    if (const auto names = ChannelNameValidator::create(config); !names)
        return Status::failure(names.reason());
    if (const auto origins = OriginPolicy::create(config); !origins)
        return Status::failure(origins.reason());
    return Status::success();
}

Result<bool> SecurityConfigLoader::parseBool(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == "true"_L1 || value == "yes"_L1 || value == "on"_L1 || value == "1"_L1)
        return true;
    if (value == "false"_L1 || value == "no"_L1 || value == "off"_L1 || value == "0"_L1)
        return false;
    return Result<bool>::failure(u"'%1' is not true or false"_s.arg(text));
}

Result<SecurityConfigLoader::Rate> SecurityConfigLoader::parseRate(const QString &text)
{
    using namespace std::chrono_literals;
    const QString value = text.trimmed().toLower();
    const qsizetype slash = value.indexOf(u'/');
    const QString count = slash < 0 ? value : value.left(slash).trimmed();
    const QString unit = slash < 0 ? u"s"_s : value.mid(slash + 1).trimmed();
    bool ok = false;
    const int frames = count.toInt(&ok);
    if (!ok || frames < 0)
        return Result<Rate>::failure(u"'%1' is not a count like 1000/s or 100/min"_s.arg(text));
    if (unit == "s"_L1 || unit == "sec"_L1)
        return Rate{frames, 1s};
    if (unit == "m"_L1 || unit == "min"_L1)
        return Rate{frames, 60s};
    if (unit == "h"_L1)
        return Rate{frames, 3600s};
    return Result<Rate>::failure(u"'%1': the unit is s, min or h"_s.arg(text));
}

Result<QList<Action>> SecurityConfigLoader::parseActions(const QStringList &names)
{
    if (names.size() == 1 && names.first().compare("all"_L1, Qt::CaseInsensitive) == 0)
        return ChannelRule::allActions();
    if (names.size() == 1 && names.first().compare("none"_L1, Qt::CaseInsensitive) == 0)
        return QList<Action>();
    if (names.isEmpty())
        return Result<QList<Action>>::failure(u"no actions (all, none, or a list)"_s);
    QList<Action> actions;
    for (const QString &name : names) {
        const auto action = AccessRules::actionFromName(name);
        if (!action)
            return Result<QList<Action>>::failure(
                u"'%1' is not subscribe, publish, history or presence"_s.arg(name));
        if (!actions.contains(*action))
            actions.append(*action);
    }
    return actions;
}

Result<SecurityConfig::Fallback> SecurityConfigLoader::parseFallback(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == "auto"_L1)
        return SecurityConfig::Fallback::Auto;
    if (value == "allow"_L1)
        return SecurityConfig::Fallback::Allow;
    if (value == "deny"_L1)
        return SecurityConfig::Fallback::Deny;
    return Result<SecurityConfig::Fallback>::failure(
        u"'%1' is not auto, allow or deny"_s.arg(text));
}

QStringList SecurityConfigLoader::toList(const QVariant &value)
{
    QStringList parts = value.typeId() == QMetaType::QStringList ? value.toStringList()
                                                                 : value.toString().split(u',');
    QStringList result;
    for (const QString &part : parts) {
        if (!part.trimmed().isEmpty())
            result.append(part.trimmed());
    }
    return result;
}

} // namespace Herald
