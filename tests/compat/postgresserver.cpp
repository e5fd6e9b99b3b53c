#include "postgresserver.h"
#include "testclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Herald::Result;
using Herald::Status;

namespace {

// Debian's server binaries are not on PATH; the newest installed wins.
QString binDir()
{
    const QDir root(u"/usr/lib/postgresql"_s);
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString dir = root.filePath(version + u"/bin"_s);
        if (QFileInfo::exists(dir + u"/initdb"_s) && QFileInfo::exists(dir + u"/pg_ctl"_s))
            return dir;
    }
    return {};
}

bool asRoot()
{
    return ::geteuid() == 0;
}

} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    if (m_running)
        (void)stop();
}

QString PostgresServer::unavailableReason()
{
    if (binDir().isEmpty())
        return u"no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (Debian: postgresql)"_s;
    if (asRoot()) {
        if (!::getpwnam("postgres"))
            return u"running as root, and there is no 'postgres' user to run the server as"_s;
        if (QStandardPaths::findExecutable(u"runuser"_s).isEmpty())
            return u"running as root, and runuser is missing"_s;
    }
    return {};
}

QString PostgresServer::dataDir() const
{
    return m_dir.filePath(u"data"_s);
}

QString PostgresServer::log() const
{
    QFile file(m_dir.filePath(u"server.log"_s));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(4000))
                                          : QString();
}

Result<QByteArray> PostgresServer::run(const QString &tool, const QStringList &arguments,
                                       int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString program = binDir() + u'/' + tool;
    if (asRoot())
        process.start(u"runuser"_s,
                      QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + arguments);
    else
        process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return Result<QByteArray>::failure(tool + u" did not finish in time"_s);
    }
    const QByteArray output = process.readAll();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Result<QByteArray>::failure(u"%1 failed (%2): %3"_s.arg(tool)
                                               .arg(process.exitCode())
                                               .arg(QString::fromLocal8Bit(output)));
    return output;
}

Status PostgresServer::start()
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return Status::failure(reason);
    if (!m_dir.isValid())
        return Status::failure(u"cannot make a temporary directory"_s);
    if (!m_initialized) {
        if (asRoot()) {
            const passwd *pw = ::getpwnam("postgres");
            if (::chown(QFile::encodeName(m_dir.path()).constData(), pw->pw_uid, pw->pw_gid) != 0)
                return Status::failure(u"cannot hand the temporary directory to 'postgres'"_s);
        }
        const auto init = run(u"initdb"_s,
                              {u"-D"_s, dataDir(), u"-A"_s, u"trust"_s, u"-U"_s, user(), u"-E"_s,
                               u"UTF8"_s, u"--no-sync"_s},
                              60000);
        if (!init)
            return Status::failure(init.reason());
        m_initialized = true;
        m_port = freePort();
    }
    // TCP on 127.0.0.1 only, no Unix socket; autovacuum off so that nothing
    // but the test assigns transaction ids (the bridge's gap report counts them).
    const QString options = u"-p %1 -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                            u"-c autovacuum=off -c fsync=off"_s.arg(m_port);
    const auto started = run(u"pg_ctl"_s,
                             {u"-D"_s, dataDir(), u"-l"_s, m_dir.filePath(u"server.log"_s), u"-o"_s,
                              options, u"-w"_s, u"-t"_s, u"30"_s, u"start"_s},
                             40000);
    if (!started)
        return Status::failure(started.reason() + u"\n"_s + log());
    m_running = true;
    return Status::success();
}

Status PostgresServer::stop()
{
    if (!m_running)
        return Status::success();
    const auto stopped =
        run(u"pg_ctl"_s,
            {u"-D"_s, dataDir(), u"-m"_s, u"fast"_s, u"-w"_s, u"-t"_s, u"30"_s, u"stop"_s}, 40000);
    if (!stopped)
        return Status::failure(stopped.reason());
    m_running = false;
    return Status::success();
}
