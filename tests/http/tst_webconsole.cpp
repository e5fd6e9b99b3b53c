// The web console served at GET / (issue 7), end to end in headless
// Chromium: the page connects and subscribes, a publication made through
// POST /api/publish shows up in its DOM (as text, never as markup), a
// publish from the page reaches a Qt client, presence and history work,
// and the page reconnects and recovers after the hub drops it.
//
// The functions run in order against one browser and one hub: each step
// builds on the page state the one before left.

#include "headlesschromium.h"
#include "httptestclient.h"
#include "hubclients.h"

#include <herald/hub.h>

#include <QJsonArray>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "console-test-key-0123456789";
const QString kChannel = u"console.test"_s;

/// A JavaScript string literal for `text` (JSON's quoting is JavaScript's).
QString js(const QString &text)
{
    const QByteArray quoted = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(quoted.mid(1, quoted.size() - 2));
}

/// Sets an input's value and clicks a button, as a user would.
QString fillAndClick(const QList<QPair<QString, QString>> &fields, const QString &button)
{
    QString script;
    for (const auto &[id, value] : fields)
        script += u"document.getElementById(%1).value = %2;"_s.arg(js(id), js(value));
    return script + u"document.getElementById(%1).click(); true"_s.arg(js(button));
}

} // namespace

class TestWebConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void pageConnects();
    void pageSubscribesAndSeesPresence();
    void apiPublicationAppearsInThePage();
    void pagePublishReachesAQtClient();
    void pageValidatesBeforeSending();
    void pageFetchesHistory();
    void presenceLeftUpdatesThePage();
    void pageReconnectsAndRecovers();

private:
    QString pageState();
    /// Publishes on kChannel from the page's form; what the Qt client
    /// received as publication number `count` (empty if it did not).
    QJsonObject publishFromPage(const QString &event, const QString &json, int count);

    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HeadlessChromium> m_browser;
    std::unique_ptr<HttpTestClient> m_http;
    std::unique_ptr<TestClient> m_qtClient;
};

void TestWebConsole::initTestCase()
{
    if (HeadlessChromium::executable().isEmpty())
        QSKIP("Chromium not installed (Debian: apt-get install chromium)");
    HubConfig config;
    HttpConfig::ApiKey key;
    key.key = QString::fromLatin1(kKey);
    config.http.apiKeys = {key};
    m_hub = std::make_unique<Hub>(config);
    QVERIFY(m_hub->listen(QHostAddress::LocalHost));
    m_http = std::make_unique<HttpTestClient>(m_hub->serverPort());

    m_browser = std::make_unique<HeadlessChromium>();
    const QUrl page(u"http://127.0.0.1:%1/"_s.arg(m_hub->serverPort()));
    const QString problem = m_browser->start(page);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(m_browser->waitFor(u"document.readyState === 'complete' && "
                                u"document.getElementById('connect')"_s),
             m_browser->log().right(2000).constData());
}

void TestWebConsole::cleanupTestCase()
{
    // Browser and profile first, whatever happened above.
    m_browser.reset();
    m_qtClient.reset();
    m_http.reset();
    m_hub.reset();
}

void TestWebConsole::cleanup()
{
    // A failed step leaves the page in a state the next cannot build on.
    if (QTest::currentTestFailed())
        m_browser.reset();
}

QString TestWebConsole::pageState()
{
    return m_browser->evaluate(u"document.getElementById('state').dataset.state"_s).toString();
}

QJsonObject TestWebConsole::publishFromPage(const QString &event, const QString &json, int count)
{
    const QString script =
        fillAndClick({{u"pub-channel"_s, kChannel}, {u"pub-event"_s, event}, {u"pub-data"_s, json}},
                     u"publish"_s);
    if (!m_browser->evaluate(script).toBool() || !m_qtClient->waitForPublications(kChannel, count))
        return {};
    return m_qtClient->publications(kChannel).at(count - 1);
}

void TestWebConsole::pageConnects()
{
    QVERIFY(m_browser);
    // The URL is prefilled from the page's own location.
    QCOMPARE(m_browser->evaluate(u"document.getElementById('url').value"_s).toString(),
             m_hub->url().toString());
    QCOMPARE(pageState(), u"disconnected"_s);
    QVERIFY(
        m_browser->evaluate(fillAndClick({{u"user"_s, u"browser-user"_s}}, u"connect"_s)).toBool());
    QTRY_COMPARE(pageState(), u"connected"_s);
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    QCOMPARE(m_hub->connectionStats().first().userId, u"browser-user"_s);
}

void TestWebConsole::pageSubscribesAndSeesPresence()
{
    QVERIFY(m_browser);
    QVERIFY(m_browser->evaluate(fillAndClick({{u"channel"_s, kChannel}}, u"subscribe"_s)).toBool());
    QVERIFY(m_browser->waitFor(
        u"document.querySelector('#subscriptions li[data-channel=%1]')"_s.arg(js(kChannel))));
    // The page is present on its own channel...
    QVERIFY(m_browser->waitFor(
        u"document.querySelector('#presence li[data-user=\"browser-user\"]')"_s));
    // ...and sees a Qt client join through presence.joined.
    m_qtClient = subscribedClient(*m_hub, {kChannel}, u"user_id=qt-user"_s);
    QVERIFY(m_qtClient);
    QVERIFY(m_browser->waitFor(u"document.querySelector('#presence li[data-user=\"qt-user\"]')"_s));
}

void TestWebConsole::apiPublicationAppearsInThePage()
{
    QVERIFY(m_browser);
    // Markup in a message must arrive as text: no element is made from it.
    const QJsonObject data{{u"text"_s, u"<img src=x onerror=\"window.pwned=1\">hello"_s},
                           {u"n"_s, 42}};
    const HttpAnswer answer = m_http->postJson(
        u"/api/publish"_s,
        {{u"channel"_s, kChannel}, {u"event"_s, u"memory.created"_s}, {u"data"_s, data}},
        HttpTestClient::bearer(kKey));
    QCOMPARE(answer.status, 200);
    const int seq = answer.json().value(u"seq"_s).toInt();
    QCOMPARE(seq, 1);

    const QString entry =
        u"document.querySelector('#messages .msg[data-seq=\"%1\"][data-channel=%2]')"_s.arg(seq)
            .arg(js(kChannel));
    QVERIFY(m_browser->waitFor(entry));
    const QJsonObject shown =
        m_browser
            ->evaluate(u"(() => { const e = %1; return {type: e.querySelector('.type').textContent,"
                       u" seq: e.querySelector('.seq').textContent,"
                       u" channel: e.querySelector('.channel').textContent,"
                       u" sender: e.querySelector('.sender').textContent,"
                       u" time: e.querySelector('.time').textContent,"
                       u" data: e.querySelector('pre').textContent,"
                       u" images: document.querySelectorAll('img').length,"
                       u" pwned: !!window.pwned}; })()"_s.arg(entry))
            .toObject();
    QCOMPARE(shown.value(u"type"_s).toString(), u"memory.created"_s);
    QCOMPARE(shown.value(u"seq"_s).toString(), u"#1"_s);
    QCOMPARE(shown.value(u"channel"_s).toString(), kChannel);
    QCOMPARE(shown.value(u"sender"_s).toString(), u"from the hub"_s);
    QVERIFY(!shown.value(u"time"_s).toString().isEmpty());
    // Pretty-printed JSON, and the same value.
    QVERIFY(shown.value(u"data"_s).toString().contains(u'\n'));
    QCOMPARE(QJsonDocument::fromJson(shown.value(u"data"_s).toString().toUtf8()).object(), data);
    QCOMPARE(shown.value(u"images"_s).toInt(), 0);
    QCOMPARE(shown.value(u"pwned"_s).toBool(), false);
}

void TestWebConsole::pagePublishReachesAQtClient()
{
    QVERIFY(m_browser && m_qtClient);
    // The first came from the API (seq 1), this is seq 2.
    const QJsonObject got =
        publishFromPage(u"chat.message"_s, u"{\"from\": \"browser\", \"list\": [1, 2]}"_s, 2);
    QCOMPARE(got.value(u"type"_s).toString(), u"chat.message"_s);
    QCOMPARE(got.value(u"seq"_s).toInt(), 2);
    QCOMPARE(got.value(u"data"_s).toObject(),
             (QJsonObject{{u"from"_s, u"browser"_s}, {u"list"_s, QJsonArray{1, 2}}}));
    QCOMPARE(got.value(u"sender"_s).toObject().value(u"user_id"_s).toString(), u"browser-user"_s);
    // The page shows its own publication too, with its sender.
    QVERIFY(m_browser->waitFor(
        u"document.querySelector('#messages .msg[data-seq=\"2\"] .sender').textContent === 'from browser-user'"_s));
}

void TestWebConsole::pageValidatesBeforeSending()
{
    QVERIFY(m_browser && m_qtClient);
    const struct
    {
        QList<QPair<QString, QString>> fields;
        QString says;
    } refused[] = {
        {{{u"pub-event"_s, u"presence.joined"_s}, {u"pub-data"_s, u"{}"_s}}, u"reserved"_s},
        {{{u"pub-event"_s, u"ok.event"_s}, {u"pub-data"_s, u"{not json"_s}}, u"not valid JSON"_s},
        {{{u"pub-channel"_s, u"$sys.stats"_s}, {u"pub-data"_s, u"1"_s}}, u"belong to the hub"_s},
    };
    for (const auto &attempt : refused) {
        QVERIFY(m_browser->evaluate(fillAndClick(attempt.fields, u"publish"_s)).toBool());
        const QString error =
            m_browser->evaluate(u"document.getElementById('pub-error').textContent"_s).toString();
        QVERIFY2(error.contains(attempt.says), qPrintable(error));
    }
    // A valid publish after them is the next seq: none of the refused ones
    // reached the hub (frames on one connection are handled in order).
    const QJsonObject third = publishFromPage(u"barrier"_s, u"3"_s, 3);
    QCOMPARE(third.value(u"type"_s).toString(), u"barrier"_s);
    QCOMPARE(third.value(u"seq"_s).toInt(), 3);
    QVERIFY(m_browser->evaluate(u"document.getElementById('pub-error').textContent"_s)
                .toString()
                .isEmpty());
}

void TestWebConsole::pageFetchesHistory()
{
    QVERIFY(m_browser);
    QVERIFY(m_browser
                ->evaluate(fillAndClick({{u"hist-channel"_s, kChannel},
                                         {u"hist-since"_s, u"2"_s},
                                         {u"hist-limit"_s, u""_s}},
                                        u"history"_s))
                .toBool());
    QVERIFY(m_browser->waitFor(u"document.querySelectorAll('#history-list .msg').length === 1"_s));
    QCOMPARE(m_browser->evaluate(u"document.querySelector('#history-list .msg').dataset.seq"_s)
                 .toString(),
             u"3"_s);
}

void TestWebConsole::presenceLeftUpdatesThePage()
{
    QVERIFY(m_browser && m_qtClient);
    m_qtClient->socket.close();
    QVERIFY(m_qtClient->waitClosed());
    QVERIFY(
        m_browser->waitFor(u"!document.querySelector('#presence li[data-user=\"qt-user\"]')"_s));
    QVERIFY(
        m_browser
            ->evaluate(u"!!document.querySelector('#presence li[data-user=\"browser-user\"]')"_s)
            .toBool());
}

void TestWebConsole::pageReconnectsAndRecovers()
{
    QVERIFY(m_browser);
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    const QString before = m_hub->connectionStats().first().id;
    // The hub drops the page; a publication lands while it is away.
    QVERIFY(m_hub->disconnect(before, 4000, u"test drop"_s));
    QTRY_COMPARE(m_hub->connectionCount(), 0);
    QCOMPARE(m_http
                 ->postJson(u"/api/publish"_s, {{u"channel"_s, kChannel}, {u"data"_s, u"missed"_s}},
                            HttpTestClient::bearer(kKey))
                 .status,
             200);
    // Reconnect with back-off (1 s first), resubscribe with `since`, and the
    // missed seq 4 is replayed into the list, once.
    QTRY_COMPARE_WITH_TIMEOUT(pageState(), u"connected"_s, 15000);
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    QVERIFY(m_hub->connectionStats().first().id != before);
    QVERIFY(m_browser->waitFor(u"document.querySelector('#messages .msg[data-seq=\"4\"]')"_s));
    QCOMPARE(m_browser
                 ->evaluate(
                     u"document.querySelector('#messages .msg[data-seq=\"4\"] pre').textContent"_s)
                 .toString(),
             u"\"missed\""_s);
    QCOMPARE(
        m_browser->evaluate(u"document.querySelectorAll('#messages .msg[data-seq=\"3\"]').length"_s)
            .toInt(),
        1);
}

QTEST_GUILESS_MAIN(TestWebConsole)
#include "tst_webconsole.moc"
