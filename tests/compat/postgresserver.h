#pragma once

#include <herald/result.h>

#include <QStringList>
#include <QTemporaryDir>

/// A private PostgreSQL for one test: its own cluster in a temporary
/// directory (initdb, trust authentication, superuser `herald`), serving
/// 127.0.0.1 on a free port only, stopped and removed with the object.
/// Run as root, the server runs as the `postgres` user (PostgreSQL refuses
/// root), through runuser.
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();

    /// Why this machine cannot run one (no binaries, root without a
    /// `postgres` user...), or empty.
    static QString unavailableReason();

    /// initdb on first use, then pg_ctl start; waits until it accepts.
    Herald::Status start();
    /// pg_ctl stop -m fast; waits until it is down. The port stays ours.
    Herald::Status stop();
    bool isRunning() const { return m_running; }

    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("herald"); }
    QString database() const { return QStringLiteral("postgres"); }
    /// The server's log, for failure messages.
    QString log() const;

private:
    Herald::Result<QByteArray> run(const QString &tool, const QStringList &arguments,
                                   int timeoutMs);
    QString dataDir() const;

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    bool m_initialized = false;
    bool m_running = false;
};
