#pragma once

#include <herald/pgbridgeconfig.h>
#include <herald/result.h>

#include <QString>

namespace Herald {

/// A PgBridgeConfig's connection settings in the form QSqlDatabase's QPSQL
/// driver takes them: the separate fields, and libpq keyword=value pairs as
/// connect options (the bridge's defaults first, so the user's win).
struct PgConnectParams
{
    QString host;
    int port = -1; // -1: libpq's default
    QString database;
    QString user;
    QString password;
    QString options;

    static Result<PgConnectParams> from(const PgBridgeConfig &config);

    /// For logs: where, never the password.
    QString describe() const;
};

} // namespace Herald
