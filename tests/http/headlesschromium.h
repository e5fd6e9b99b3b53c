#pragma once

// Debian's Chromium, headless, driven over the DevTools protocol from a
// QWebSocket: open a page, evaluate JavaScript in it, wait for conditions
// on its DOM. The browser runs in a process group of its own with a fresh
// profile; both are gone when this object is (a failed test included).

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

class HeadlessChromium
{
public:
    HeadlessChromium() = default;
    HeadlessChromium(const HeadlessChromium &) = delete;
    HeadlessChromium &operator=(const HeadlessChromium &) = delete;
    ~HeadlessChromium() { stop(); }

    static QString executable()
    {
        for (const QString &name :
             {QStringLiteral("chromium"), QStringLiteral("chromium-browser")}) {
            const QString path = QStandardPaths::findExecutable(name);
            if (!path.isEmpty())
                return path;
        }
        return {};
    }

    /// Starts the browser on `page` and attaches to that page; the reason
    /// it could not, or empty.
    QString start(const QUrl &page, int timeoutMs = 30000)
    {
        if (!m_profile.isValid())
            return QStringLiteral("no temporary directory for the profile");
        m_process.setProgram(executable());
        // The DevTools port is chosen by Chromium (0) and read from its
        // stderr: no window between finding a free port and binding it.
        m_process.setArguments({
            QStringLiteral("--headless"),
            QStringLiteral("--no-sandbox"),
            QStringLiteral("--disable-gpu"),
            QStringLiteral("--disable-background-networking"),
            QStringLiteral("--disable-component-update"),
            QStringLiteral("--disable-sync"),
            QStringLiteral("--disable-extensions"),
            QStringLiteral("--disable-breakpad"),
            QStringLiteral("--disable-dev-shm-usage"),
            QStringLiteral("--no-first-run"),
            QStringLiteral("--no-default-browser-check"),
            QStringLiteral("--mute-audio"),
            QStringLiteral("--remote-debugging-address=127.0.0.1"),
            QStringLiteral("--remote-debugging-port=0"),
            QStringLiteral("--user-data-dir=") + m_profile.path(),
            page.toString(),
        });
        // Its own process group, so stop() reaches the renderer and GPU
        // helpers too, and nothing else; and killed with the test should the
        // test itself be killed (a ctest timeout) before stop() runs.
        m_process.setChildProcessModifier([] {
            ::setsid();
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return QStringLiteral("cannot start %1: %2")
                .arg(m_process.program(), m_process.errorString());

        static const QRegularExpression kListening(
            QStringLiteral("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/"));
        QElapsedTimer timer;
        timer.start();
        int port = 0;
        while (!port && timer.elapsed() < timeoutMs) {
            if (m_process.state() != QProcess::Running)
                return QStringLiteral("Chromium exited: ") + QString::fromLocal8Bit(m_stderr);
            m_process.waitForReadyRead(200);
            m_stderr += m_process.readAllStandardError();
            if (const auto match = kListening.match(QString::fromLocal8Bit(m_stderr));
                match.hasMatch())
                port = match.captured(1).toInt();
        }
        if (!port)
            return QStringLiteral("no DevTools port: ") +
                   QString::fromLocal8Bit(m_stderr.right(2000));

        // The page target: /json/list names its WebSocket.
        QUrl target;
        while (target.isEmpty() && timer.elapsed() < timeoutMs) {
            const QJsonArray targets =
                QJsonDocument::fromJson(
                    httpGet(QStringLiteral("http://127.0.0.1:%1/json/list").arg(port)))
                    .array();
            for (const QJsonValue &entry : targets) {
                const QJsonObject object = entry.toObject();
                if (object.value(QLatin1String("type")) == QLatin1String("page") &&
                    object.value(QLatin1String("url")).toString().startsWith(page.toString()))
                    target = QUrl(object.value(QLatin1String("webSocketDebuggerUrl")).toString());
            }
            if (target.isEmpty())
                QTest::qWait(100);
        }
        if (target.isEmpty())
            return QStringLiteral("the page never became a DevTools target");

        QObject::connect(
            &m_devtools, &QWebSocket::textMessageReceived, &m_devtools,
            [this](const QString &text) {
                const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
                if (message.contains(QLatin1String("id")))
                    m_answers.insert(message.value(QLatin1String("id")).toInt(), message);
            });
        m_devtools.open(target);
        if (!QTest::qWaitFor(
                [this] { return m_devtools.state() == QAbstractSocket::ConnectedState; }, 10000))
            return QStringLiteral("cannot attach to the page: ") + m_devtools.errorString();
        return {};
    }

    /// Runs `expression` in the page and returns its value (JSON-able
    /// values only); `error` says why there is none.
    QJsonValue evaluate(const QString &expression, QString *error = nullptr)
    {
        const int id = ++m_lastId;
        const QJsonObject command{
            {QStringLiteral("id"), id},
            {QStringLiteral("method"), QStringLiteral("Runtime.evaluate")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("expression"), expression},
                                                   {QStringLiteral("returnByValue"), true},
                                                   {QStringLiteral("awaitPromise"), true}}}};
        m_devtools.sendTextMessage(
            QString::fromUtf8(QJsonDocument(command).toJson(QJsonDocument::Compact)));
        if (!QTest::qWaitFor([&] { return m_answers.contains(id); }, 10000)) {
            if (error)
                *error = QStringLiteral("no answer from the page");
            return QJsonValue::Undefined;
        }
        const QJsonObject answer = m_answers.take(id);
        const QJsonObject result = answer.value(QLatin1String("result")).toObject();
        if (answer.contains(QLatin1String("error")) ||
            result.contains(QLatin1String("exceptionDetails"))) {
            if (error)
                *error = QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact));
            return QJsonValue::Undefined;
        }
        return result.value(QLatin1String("result")).toObject().value(QLatin1String("value"));
    }

    /// Waits until `expression` is truthy in the page.
    bool waitFor(const QString &expression, int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [&] { return evaluate(QStringLiteral("!!(%1)").arg(expression)).toBool(); }, timeoutMs);
    }

    /// What Chromium printed, for a failure message.
    QByteArray log() { return m_stderr += m_process.readAllStandardError(); }

    void stop()
    {
        m_devtools.abort();
        if (m_process.state() == QProcess::NotRunning)
            return;
        const pid_t group = pid_t(m_process.processId());
        m_process.terminate(); // lets Chromium close its helpers and profile
        if (!m_process.waitForFinished(5000)) {
            ::kill(-group, SIGKILL);
            m_process.waitForFinished(5000);
        }
        ::kill(-group, SIGKILL); // any helper still left in the group
    }

private:
    QByteArray httpGet(const QString &url)
    {
        std::unique_ptr<QNetworkReply> reply(m_network.get(QNetworkRequest(QUrl(url))));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 5000))
            return {};
        return reply->readAll();
    }

    QTemporaryDir m_profile; // removed after the process is gone (declared first)
    QProcess m_process;
    QNetworkAccessManager m_network;
    QWebSocket m_devtools;
    QHash<int, QJsonObject> m_answers;
    int m_lastId = 0;
    QByteArray m_stderr;
};
