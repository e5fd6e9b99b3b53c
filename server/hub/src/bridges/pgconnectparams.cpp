#include "pgconnectparams.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

// libpq quoting for a keyword=value pair: single quotes, with \ and '
// escaped, whenever the value is empty or has spaces or quotes.
QString libpqValue(const QString &value)
{
    if (!value.isEmpty() && !value.contains(u' ') && !value.contains(u'\'') &&
        !value.contains(u'\\'))
        return value;
    QString quoted = value;
    quoted.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
    return u'\'' + quoted + u'\'';
}

// QPSQL turns every ';' in its connect options into a space, so a value
// holding one would be cut in two.
Status checkOptions(const QString &what, const QString &text)
{
    if (text.contains(u';'))
        return Status::failure(
            u"%1 must not contain ';' (the QPSQL driver reads it as a separator); "
            u"use the URL form or the password setting for such values"_s.arg(what));
    return Status::success();
}

} // namespace

Result<PgConnectParams> PgConnectParams::from(const PgBridgeConfig &config)
{
    using Failure = Result<PgConnectParams>;
    PgConnectParams params;
    // Defaults that make a lost server noticed and a dead host not block
    // for minutes; the user's options come later and override them.
    QStringList options{
        u"connect_timeout=%1"_s.arg(std::max<qint64>(1, config.connectTimeout.count())),
        u"application_name=herald-pgbridge"_s,
        u"keepalives=1"_s,
        u"keepalives_idle=30"_s,
        u"keepalives_interval=10"_s,
        u"keepalives_count=3"_s,
    };

    const QString conninfo = config.conninfo.trimmed();
    if (conninfo.startsWith("postgresql://"_L1) || conninfo.startsWith("postgres://"_L1)) {
        const QUrl url(conninfo, QUrl::StrictMode);
        if (!url.isValid())
            return Failure::failure(u"conninfo is not a valid URL: %1"_s.arg(url.errorString()));
        params.host = url.host(QUrl::FullyDecoded);
        params.port = url.port(-1);
        params.database = url.path(QUrl::FullyDecoded).mid(1);
        params.user = url.userName(QUrl::FullyDecoded);
        params.password = url.password(QUrl::FullyDecoded);
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto &[key, value] : items) {
            if (key.isEmpty() || key.contains(u' ') || key.contains(u'='))
                return Failure::failure(u"conninfo URL has a bad parameter name '%1'"_s.arg(key));
            options.append(key + u'=' + libpqValue(value));
        }
    } else if (!conninfo.isEmpty()) {
        if (const Status status = checkOptions(u"conninfo"_s, conninfo); !status)
            return Failure::failure(status.reason());
        options.append(conninfo);
    } else {
        if (config.port < 1 || config.port > 65535)
            return Failure::failure(u"port must be between 1 and 65535, not %1"_s.arg(config.port));
        params.host = config.host;
        params.port = config.port;
        params.database = config.database;
        params.user = config.user;
        params.password = config.password;
    }
    if (!config.options.trimmed().isEmpty()) {
        if (const Status status = checkOptions(u"options"_s, config.options); !status)
            return Failure::failure(status.reason());
        options.append(config.options.trimmed());
    }
    params.options = options.join(u' ');
    return params;
}

QString PgConnectParams::describe() const
{
    QString where = user.isEmpty() ? QString() : user + u'@';
    where += host.isEmpty() ? u"(default host)"_s : host;
    if (port != -1)
        where += u':' + QString::number(port);
    if (!database.isEmpty())
        where += u'/' + database;
    static const QRegularExpression password(u"password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)"_s);
    QString extra = options;
    extra.replace(password, u"password=***"_s);
    return where + u" ["_s + extra + u']';
}

} // namespace Herald
