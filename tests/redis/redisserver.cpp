#include "redisserver.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool answersPing(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(200))
        return false;
    socket.write("PING\r\n");
    QByteArray reply;
    while (!reply.contains("\r\n") && socket.waitForReadyRead(200))
        reply += socket.readAll();
    // With --requirepass it refuses the PING, but it is up.
    return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
}

} // namespace

RedisServer::RedisServer() = default;

RedisServer::~RedisServer()
{
    kill();
}

QString RedisServer::binary()
{
    QString path = QStandardPaths::findExecutable(u"redis-server"_s);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(u"redis-server"_s, {u"/usr/bin"_s, u"/usr/sbin"_s});
    return path;
}

quint16 RedisServer::port()
{
    if (m_port == 0)
        m_port = freePort();
    return m_port;
}

Herald::RedisUrl RedisServer::url()
{
    Herald::RedisUrl url;
    url.host = u"127.0.0.1"_s;
    url.port = port();
    return url;
}

Herald::RedisConnection::Options RedisServer::fastLink(Herald::RedisConnection::Mode mode)
{
    Herald::RedisConnection::Options options;
    options.url = url();
    options.mode = mode;
    options.connectTimeoutMs = 1000;
    options.commandTimeoutMs = 1000;
    options.reconnectInitialMs = 20;
    options.reconnectMaxMs = 200;
    return options;
}

Herald::Status RedisServer::start(const QStringList &extraArguments)
{
    if (isRunning())
        return Herald::Status::failure(u"redis-server is already running"_s);
    if (!extraArguments.isEmpty())
        m_extraArguments = extraArguments;
    const QString program = binary();
    if (program.isEmpty())
        return Herald::Status::failure(u"redis-server not found"_s);
    if (!m_dir.isValid())
        return Herald::Status::failure(u"no temporary directory: %1"_s.arg(m_dir.errorString()));

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program);
    m_process->setArguments(QStringList{u"--port"_s, QString::number(port()), u"--bind"_s,
                                        u"127.0.0.1"_s, u"--save"_s, u""_s, u"--appendonly"_s,
                                        u"no"_s, u"--dir"_s, m_dir.path(), u"--logfile"_s,
                                        m_dir.filePath(u"redis.log"_s)} +
                            m_extraArguments);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    // Should the test itself crash, the kernel takes the server down with it.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start();
    if (!m_process->waitForStarted(5000))
        return Herald::Status::failure(
            u"redis-server did not start: %1"_s.arg(m_process->errorString()));

    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running)
            return Herald::Status::failure(
                u"redis-server exited at start (port %1 taken?)"_s.arg(port()));
        if (answersPing(port()))
            return Herald::Status::success();
        QEventLoop pause; // lets the links under test keep their timers
        QTimer::singleShot(10, &pause, &QEventLoop::quit);
        pause.exec();
    }
    return Herald::Status::failure(u"redis-server did not answer PING within 10 s"_s);
}

void RedisServer::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(5000);
    }
    m_process.reset();
    m_paused = false;
}

void RedisServer::pause()
{
    if (isRunning() && !m_paused) {
        ::kill(pid_t(m_process->processId()), SIGSTOP);
        m_paused = true;
    }
}

void RedisServer::resume()
{
    if (isRunning() && m_paused) {
        ::kill(pid_t(m_process->processId()), SIGCONT);
        m_paused = false;
    }
}

bool RedisServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString RedisServer::cli(const QStringList &arguments)
{
    // Waits in an event loop, not in waitForFinished(): the links under test
    // share this thread, and a blocked loop would look like a dead Redis to
    // their command timeouts.
    QProcess process;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    process.start(QStandardPaths::findExecutable(u"redis-cli"_s),
                  QStringList{u"-h"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port())} +
                      arguments);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}
