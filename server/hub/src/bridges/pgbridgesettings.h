#pragma once

#include <herald/pgbridgeconfig.h>
#include <herald/result.h>

class QSettings;

namespace Herald {

/// Reads and checks a PgBridgeConfig: the executable's side of the bridge
/// (the library itself never reads files).
class PgBridgeSettings
{
public:
    /// The [group] section of an INI file; keys are listed in
    /// docs/compatibility.md. An unknown key is an error, so that a typo
    /// does not silently leave a default in place.
    static Result<PgBridgeConfig> load(QSettings &settings,
                                       const QString &group = QStringLiteral("pgbridge"));

    /// Why `config` cannot work, or success.
    static Status validate(const PgBridgeConfig &config);
};

} // namespace Herald
