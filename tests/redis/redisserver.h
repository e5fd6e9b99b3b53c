#pragma once

#include <redisconnection.h>
#include <redisurl.h>

#include <herald/result.h>

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

/// A private redis-server for one test: its own free port on 127.0.0.1,
/// no persistence, its files in a temporary folder, and killed when the
/// fixture goes (or, should the test crash, when the test process dies).
class RedisServer
{
public:
    RedisServer();
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    /// Debian's redis-server, or empty when it is not installed.
    static QString binary();

    /// Starts it and waits until it answers PING. The port is chosen on the
    /// first start and kept, so a restart comes back where clients look.
    Herald::Status start(const QStringList &extraArguments = {});
    /// SIGKILL: no shutdown, no goodbye to clients, as in a crash.
    void kill();
    /// SIGSTOP / SIGCONT: the process is there and the kernel still
    /// accepts connections, but nothing answers, as on a half-open link.
    void pause();
    void resume();

    bool isRunning() const;
    quint16 port();
    Herald::RedisUrl url();
    /// Link options for tests: this server, short timeouts, quick retries.
    Herald::RedisConnection::Options
    fastLink(Herald::RedisConnection::Mode mode = Herald::RedisConnection::Mode::Commands);
    /// redis-cli against this server; its output, trimmed.
    QString cli(const QStringList &arguments);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QStringList m_extraArguments;
    quint16 m_port = 0;
    bool m_paused = false;
};

/// Skips the calling test when there is no redis-server to start.
#define REQUIRE_REDIS_SERVER()                                                                     \
    do {                                                                                           \
        if (RedisServer::binary().isEmpty())                                                       \
            QSKIP("redis-server is not installed (Debian: apt-get install redis-server); "         \
                  "the redis tests need it");                                                      \
    } while (false)

/// Checks a Herald::Status and prints its reason when it failed.
#define QVERIFY_STATUS(expression)                                                                 \
    do {                                                                                           \
        const Herald::Status status_ = (expression);                                               \
        QVERIFY2(status_.ok(), qPrintable(status_.reason()));                                      \
    } while (false)
