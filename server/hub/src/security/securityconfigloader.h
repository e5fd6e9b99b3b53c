#pragma once

#include <herald/hubhooks.h>
#include <herald/result.h>
#include <herald/securityconfig.h>

#include <QList>
#include <QSettings>
#include <QString>

#include <chrono>

namespace Herald {

/// Reads a SecurityConfig from the hub's INI file (sections [auth],
/// [api-keys], [rules], [limits], [tls]; docs/security.md) and checks it.
/// An unknown key in these sections is an error, not ignored: a misspelt
/// `requre-auth` must not leave a hub open.
class SecurityConfigLoader
{
public:
    struct Rate
    {
        int count = 0;
        std::chrono::milliseconds period{1000};
    };

    /// Values present in the file replace those of `base`; numbered rules
    /// replace the default rules as a whole. The result is validated.
    static Result<SecurityConfig> load(QSettings &settings,
                                       const SecurityConfig &base = SecurityConfig());
    static Result<SecurityConfig> loadFile(const QString &path,
                                           const SecurityConfig &base = SecurityConfig());

    /// Everything a hub would fail on later, found now: ranges, rule
    /// patterns, channel characters, origins, and the key files (read and
    /// parsed, so a bad key stops the hub at start, not at the first client).
    static Status validate(const SecurityConfig &config);

    // The value syntax, shared with the command-line flags.

    /// true/false, yes/no, on/off, 1/0.
    static Result<bool> parseBool(const QString &text);
    /// `1000`, `1000/s`, `100/min`, `5000/h`.
    static Result<Rate> parseRate(const QString &text);
    /// `all`, `none`, or a list of subscribe, publish, history, presence.
    static Result<QList<Action>> parseActions(const QStringList &names);
    static Result<SecurityConfig::Fallback> parseFallback(const QString &text);
    /// A value QSettings may have split at commas, as a trimmed list.
    static QStringList toList(const QVariant &value);
};

} // namespace Herald
