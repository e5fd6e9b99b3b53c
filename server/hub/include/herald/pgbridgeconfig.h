#pragma once

#include <QString>
#include <QStringList>

#include <chrono>

namespace Herald {

/// Everything a PostgreSQL LISTEN/NOTIFY bridge (Herald::PgBridge, in the
/// HeraldBridges library) can be told. A plain value: the library never
/// reads files or the environment; PgBridgeSettings::load() fills one in
/// from the [pgbridge] section of an INI file.
struct PgBridgeConfig
{
    /// Shown in logs and in the bridge's own events, to tell bridges apart.
    QString name = QStringLiteral("postgresql");

    /// Where PostgreSQL is. `conninfo`, when set, wins over the separate
    /// fields: either a URL (postgresql://user:password@host:port/db?sslmode=require)
    /// or libpq keyword=value pairs separated by spaces (host=db1 dbname=app).
    QString conninfo;
    QString host = QStringLiteral("127.0.0.1");
    int port = 5432;
    QString database;
    QString user;
    QString password;
    /// More libpq keyword=value pairs separated by spaces (sslmode=require);
    /// they override the bridge's own defaults (connect_timeout, keepalives,
    /// application_name=herald-pgbridge).
    QString options;

    /// The PostgreSQL channels to LISTEN on.
    QStringList channels;

    /// The Herald channel a payload goes to: `{field}` is replaced by that
    /// top-level field of the payload (a string or an integer). A payload
    /// that is not a JSON object, or lacks a field, is dropped and counted.
    QString route = QStringLiteral("user.{user_id}");
    /// The payload field that names the event subscribers see ("type")...
    QString eventField = QStringLiteral("type");
    /// ...or, when eventField is empty or the payload has no such string,
    /// this fixed name. Both empty or missing: the payload is dropped.
    QString fixedEvent;

    /// Where the bridge tells about itself (bridge.up, bridge.down,
    /// bridge.gap); empty: nowhere but the log.
    QString statusChannel = QStringLiteral("bridge.postgresql");
    /// The event published when the link comes back after a loss, on the
    /// status channel and on every Herald channel the route can produce.
    QString gapEvent = QStringLiteral("bridge.gap");

    /// Reconnection backoff: doubles from min to max, with some jitter.
    std::chrono::milliseconds backoffMin = std::chrono::milliseconds(500);
    std::chrono::milliseconds backoffMax = std::chrono::seconds(30);
    /// How often the link is probed and the transaction position sampled.
    /// QPSQL does not report a dropped connection, so this bounds how long
    /// a loss goes unnoticed (and so how long reconnection waits).
    std::chrono::milliseconds healthInterval = std::chrono::seconds(2);
    /// libpq connect_timeout; whole seconds, at least 1.
    std::chrono::seconds connectTimeout = std::chrono::seconds(5);
};

} // namespace Herald
