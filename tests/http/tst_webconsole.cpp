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
#include "testclient.h"

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
    m_qtClient = std::make_unique<TestClient>();
    QUrl url = m_hub->url();
    url.setQuery(u"user_id=qt-user"_s);
    QVERIFY(m_qtClient->open(url));
    m_qtClient->send({{u"type"_s, u"subscribe"_s},
                      {u"data"_s, QJsonObject{{u"channels"_s, QJsonArray{kChannel}}}}});
    QVERIFY(!m_qtClient->take(u"subscribed"_s).isEmpty());
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
    QVERIFY(m_browser
                ->evaluate(
                    fillAndClick({{u"pub-channel"_s, kChannel},
                                  {u"pub-event"_s, u"chat.message"_s},
                                  {u"pub-data"_s, u"{\"from\": \"browser\", \"list\": [1, 2]}"_s}},
                                 u"publish"_s))
                .toBool());
    // The first came from the API (seq 1), this is seq 2.
    QVERIFY(m_qtClient->waitForPublications(kChannel, 2));
    const QJsonObject got = m_qtClient->publications(kChannel).at(1);
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
    QVERIFY(m_browser);
    const QString error = u"document.getElementById('pub-error').textContent"_s;
    // A reserved event type, JSON that does not parse, a hub channel.
    QVERIFY(
        m_browser
            ->evaluate(fillAndClick(
                {{u"pub-event"_s, u"presence.joined"_s}, {u"pub-data"_s, u"{}"_s}}, u"publish"_s))
            .toBool());
    QVERIFY(m_browser->evaluate(error).toString().contains(u"reserved"_s));
    QVERIFY(
        m_browser
            ->evaluate(fillAndClick(
                {{u"pub-event"_s, u"ok.event"_s}, {u"pub-data"_s, u"{not json"_s}}, u"publish"_s))
            .toBool());
    QVERIFY(m_browser->evaluate(error).toString().contains(u"not valid JSON"_s));
    QVERIFY(m_browser
                ->evaluate(fillAndClick(
                    {{u"pub-channel"_s, u"$sys.stats"_s}, {u"pub-data"_s, u"1"_s}}, u"publish"_s))
                .toBool());
    QVERIFY(!m_browser->evaluate(error).toString().isEmpty());
    // Nothing reached the hub: one round trip later, still seq 2.
    QCOMPARE(m_http
                 ->get(u"/api/history?channel="_s + kChannel + u"&since=2"_s,
                       HttpTestClient::bearer(kKey))
                 .json()
                 .value(u"messages"_s)
                 .toArray()
                 .size(),
             0);
    QCOMPARE(m_hub->lastSeq(kChannel), quint64(2));
}

void TestWebConsole::pageFetchesHistory()
{
    QVERIFY(m_browser);
    QVERIFY(m_browser
                ->evaluate(fillAndClick({{u"hist-channel"_s, kChannel},
                                         {u"hist-since"_s, u"1"_s},
                                         {u"hist-limit"_s, u""_s}},
                                        u"history"_s))
                .toBool());
    QVERIFY(m_browser->waitFor(u"document.querySelectorAll('#history-list .msg').length === 1"_s));
    QCOMPARE(m_browser->evaluate(u"document.querySelector('#history-list .msg').dataset.seq"_s)
                 .toString(),
             u"2"_s);
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
    // missed seq 3 is replayed into the list.
    QTRY_COMPARE_WITH_TIMEOUT(pageState(), u"connected"_s, 15000);
    QTRY_COMPARE(m_hub->connectionCount(), 1);
    QVERIFY(m_hub->connectionStats().first().id != before);
    QVERIFY(m_browser->waitFor(u"document.querySelector('#messages .msg[data-seq=\"3\"]')"_s));
    QCOMPARE(m_browser
                 ->evaluate(
                     u"document.querySelector('#messages .msg[data-seq=\"3\"] pre').textContent"_s)
                 .toString(),
             u"\"missed\""_s);
    QCOMPARE(
        m_browser->evaluate(u"document.querySelectorAll('#messages .msg[data-seq=\"2\"]').length"_s)
            .toInt(),
        1);
}

QTEST_GUILESS_MAIN(TestWebConsole)
#include "tst_webconsole.moc"
