// GET /metrics (issue 7): Prometheus text exposition 0.0.4, read back line
// by line, its numbers following what clients do, and `promtool check
// metrics` satisfied when Debian's prometheus package is installed.

#include "httptestclient.h"
#include "hubclients.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <memory>

using namespace Herald;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "metrics-key-0123456789";

/// One sample line: `name{labels} value`.
struct Sample
{
    QString name;
    QMap<QString, QString> labels;
    double value = 0;
};

/// The exposition as Prometheus reads it, with every rule of the format
/// we rely on checked on the way.
struct Exposition
{
    QMap<QString, QString> types; // family -> counter | gauge | histogram
    QMap<QString, QString> help;
    QList<Sample> samples;
    QStringList problems;

    double value(const QString &name, const QMap<QString, QString> &labels = {}) const
    {
        for (const Sample &sample : samples) {
            if (sample.name == name && sample.labels == labels)
                return sample.value;
        }
        return -1;
    }
    QList<Sample> all(const QString &name) const
    {
        QList<Sample> out;
        for (const Sample &sample : samples) {
            if (sample.name == name)
                out.append(sample);
        }
        return out;
    }
};

/// A label value as written: \\, \" and \n stand for \, " and a line feed.
QString unescape(const QString &escaped)
{
    QString out;
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        QChar c = escaped.at(i);
        if (c == QLatin1Char('\\') && i + 1 < escaped.size()) {
            c = escaped.at(++i);
            if (c == QLatin1Char('n'))
                c = QLatin1Char('\n');
        }
        out += c;
    }
    return out;
}

QString familyOf(const QString &sample, const QMap<QString, QString> &types)
{
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        const QString base =
            sample.chopped(sample.endsWith(QLatin1String(suffix)) ? qsizetype(qstrlen(suffix)) : 0);
        if (base != sample && types.value(base) == "histogram"_L1)
            return base;
    }
    return sample;
}

Exposition parse(const QByteArray &text)
{
    static const QRegularExpression kName(u"^[a-zA-Z_:][a-zA-Z0-9_:]*$"_s);
    static const QRegularExpression kSample(
        u"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$"_s);
    static const QRegularExpression kLabel(
        u"([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?"_s);
    Exposition out;
    if (!text.endsWith('\n'))
        out.problems << u"the exposition must end with a line feed"_s;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        if (line.startsWith(u"# HELP "_s) || line.startsWith(u"# TYPE "_s)) {
            const QStringList parts = line.mid(7).split(u' ');
            const QString name = parts.value(0);
            if (!kName.match(name).hasMatch())
                out.problems << u"bad metric name in '%1'"_s.arg(line);
            if (line.startsWith(u"# HELP "_s)) {
                out.help.insert(name, line.mid(8 + name.size()));
            } else {
                if (out.types.contains(name))
                    out.problems << u"TYPE given twice for %1"_s.arg(name);
                if (!out.help.contains(name))
                    out.problems << u"TYPE before HELP for %1"_s.arg(name);
                out.types.insert(name, parts.value(1));
            }
            continue;
        }
        if (line.startsWith(u'#'))
            continue;
        const auto match = kSample.match(line);
        if (!match.hasMatch()) {
            out.problems << u"not a sample line: '%1'"_s.arg(line);
            continue;
        }
        Sample sample;
        sample.name = match.captured(1);
        const QString labels = match.captured(2);
        qsizetype consumed = 0;
        for (auto it = kLabel.globalMatch(labels); it.hasNext();) {
            const auto label = it.next();
            sample.labels.insert(label.captured(1), unescape(label.captured(2)));
            consumed += label.capturedLength();
        }
        if (consumed != labels.size())
            out.problems << u"unparsable labels in '%1'"_s.arg(line);
        const QString value = match.captured(3);
        bool ok = false;
        sample.value = value == "+Inf"_L1 ? qInf() : value.toDouble(&ok);
        if (!ok && value != "+Inf"_L1)
            out.problems << u"bad value in '%1'"_s.arg(line);
        const QString family = familyOf(sample.name, out.types);
        if (!out.types.contains(family))
            out.problems << u"sample %1 has no TYPE before it"_s.arg(sample.name);
        out.samples.append(sample);
    }
    return out;
}

} // namespace

class TestHttpMetrics : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void everyLineFollowsTheFormat();
    void namesFollowPrometheusRules();
    void numbersFollowTheClients();
    void sizeHistogramIsCumulative();
    void noChannelLabelsByDefault();
    void topChannelsAreOptIn();
    void promtoolAcceptsIt();

private:
    void startHub(int topChannels = 0);
    Exposition scrape();

    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<HttpTestClient> m_http;
};

void TestHttpMetrics::init()
{
    startHub();
}

void TestHttpMetrics::cleanup()
{
    m_http.reset();
    m_hub.reset();
}

void TestHttpMetrics::startHub(int topChannels)
{
    m_http.reset();
    m_hub.reset();
    HubConfig config;
    config.threads = std::max(1, qEnvironmentVariableIntValue("HERALD_TEST_THREADS"));
    config.http.metricsTopChannels = topChannels;
    // Names that need escaping in a label value (quotes, backslashes).
    config.security.channelNameCharacters = QStringLiteral("A-Za-z0-9._:@/\"\\-");
    HttpConfig::ApiKey key;
    key.key = QString::fromLatin1(kKey);
    config.http.apiKeys = {key};
    m_hub = std::make_unique<Hub>(config);
    QVERIFY(m_hub->listen());
    m_http = std::make_unique<HttpTestClient>(m_hub->serverPort());
}

Exposition TestHttpMetrics::scrape()
{
    const HttpAnswer answer = m_http->get(u"/metrics"_s);
    if (answer.status != 200)
        return Exposition{{}, {}, {}, {u"status %1"_s.arg(answer.status)}};
    if (answer.header("content-type") != "text/plain; version=0.0.4; charset=utf-8")
        return Exposition{{}, {}, {}, {u"content type %1"_s.arg(answer.header("content-type"))}};
    return parse(answer.body);
}

void TestHttpMetrics::everyLineFollowsTheFormat()
{
    const Exposition metrics = scrape();
    QVERIFY2(metrics.problems.isEmpty(), qPrintable(metrics.problems.join(u'\n')));
    QVERIFY(!metrics.samples.isEmpty());
    for (auto it = metrics.types.cbegin(); it != metrics.types.cend(); ++it) {
        QVERIFY2(!metrics.help.value(it.key()).isEmpty(), qPrintable(it.key()));
        QVERIFY(QStringList({u"counter"_s, u"gauge"_s, u"histogram"_s}).contains(it.value()));
    }
    // The names issue 7 and seed 001 ask for, with the herald_ prefix.
    for (const QString &name :
         {u"herald_websocket_connections"_s, u"herald_websocket_messages_sent_total"_s,
          u"herald_websocket_messages_received_total"_s, u"herald_publications_total"_s,
          u"herald_deliveries_total"_s, u"herald_received_bytes_total"_s,
          u"herald_sent_bytes_total"_s, u"herald_errors_total"_s, u"herald_closes_total"_s,
          u"herald_slow_consumers_total"_s, u"herald_rate_limited_frames_total"_s,
          u"herald_backplane_up"_s, u"herald_backplane_lag_seconds"_s,
          u"herald_message_size_bytes"_s, u"herald_uptime_seconds"_s,
          u"herald_start_time_seconds"_s, u"herald_build_info"_s})
        QVERIFY2(metrics.types.contains(name), qPrintable(name));
    QCOMPARE(metrics.types.value(u"herald_websocket_connections"_s), u"gauge"_s);
    QCOMPARE(metrics.types.value(u"herald_message_size_bytes"_s), u"histogram"_s);
    QCOMPARE(metrics.value(u"herald_build_info"_s, {{u"version"_s, m_hub->stats().version}}), 1.0);
    QCOMPARE(metrics.value(u"herald_backplane_up"_s, {{u"backplane"_s, u"memory"_s}}), 1.0);
}

void TestHttpMetrics::namesFollowPrometheusRules()
{
    const Exposition metrics = scrape();
    for (auto it = metrics.types.cbegin(); it != metrics.types.cend(); ++it) {
        const QString &name = it.key();
        QVERIFY2(name.startsWith(u"herald_"_s), qPrintable(name));
        QVERIFY2(name == name.toLower(), qPrintable(name)); // snake_case
        // Counters end in _total and nothing else does.
        QCOMPARE(name.endsWith(u"_total"_s), it.value() == "counter"_L1);
        // Base units: seconds and bytes, never ms or kb.
        QVERIFY2(!name.contains(u"_ms"_s) && !name.contains(u"milliseconds"_s), qPrintable(name));
    }
    // Every code the hub knows is there from the start, at zero.
    const QList<Sample> errors = metrics.all(u"herald_errors_total"_s);
    QVERIFY(errors.size() >= 7);
    for (const Sample &sample : errors) {
        QVERIFY(sample.labels.contains(u"code"_s));
        QCOMPARE(sample.value, 0.0);
    }
    QCOMPARE(metrics.value(u"herald_closes_total"_s, {{u"code"_s, u"4005"_s}}), 0.0);
    QCOMPARE(metrics.value(u"herald_closes_total"_s, {{u"code"_s, u"other"_s}}), 0.0);
}

void TestHttpMetrics::numbersFollowTheClients()
{
    auto a = subscribedClient(*m_hub, {u"feed"_s});
    auto b = connectClient(*m_hub);
    QVERIFY(a && b);
    QTRY_COMPARE(scrape().value(u"herald_websocket_connections"_s), 2.0);

    b->send({{u"type"_s, u"publish"_s},
             {u"data"_s, QJsonObject{{u"channel"_s, u"feed"_s}, {u"data"_s, 1}}}});
    QVERIFY(!b->take(u"published"_s).isEmpty());
    QVERIFY(a->waitForPublications(u"feed"_s, 1));
    b->sendText(u"this is not JSON"_s);
    QVERIFY(!b->take(u"error"_s).isEmpty());
    // One publication through the server API too.
    QCOMPARE(
        m_http
            ->postJson(u"/api/publish"_s, {{u"channel"_s, u"feed"_s}}, HttpTestClient::bearer(kKey))
            .status,
        200);
    QVERIFY(a->waitForPublications(u"feed"_s, 2));
    b->socket.close();
    QTRY_COMPARE(scrape().value(u"herald_websocket_connections"_s), 1.0);

    const Exposition metrics = scrape();
    QCOMPARE(metrics.value(u"herald_websocket_messages_received_total"_s), 3.0);
    QVERIFY(metrics.value(u"herald_websocket_messages_sent_total"_s) >=
            5); // replies + 2 deliveries
    QCOMPARE(metrics.value(u"herald_publications_total"_s), 2.0);
    QCOMPARE(metrics.value(u"herald_deliveries_total"_s), 2.0);
    QCOMPARE(metrics.value(u"herald_errors_total"_s, {{u"code"_s, u"bad_request"_s}}), 1.0);
    QCOMPARE(metrics.value(u"herald_closes_total"_s, {{u"code"_s, u"1000"_s}}), 1.0);
    QVERIFY(metrics.value(u"herald_received_bytes_total"_s) > 0);
    QVERIFY(metrics.value(u"herald_sent_bytes_total"_s) > 0);
    QCOMPARE(metrics.value(u"herald_channels"_s), 1.0);
    QVERIFY(metrics.value(u"herald_uptime_seconds"_s) >= 0);
    QCOMPARE(metrics.value(u"herald_start_time_seconds"_s),
             double(m_hub->stats().startedAtMs) / 1000.0);
}

void TestHttpMetrics::sizeHistogramIsCumulative()
{
    auto client = connectClient(*m_hub);
    QVERIFY(client);
    const QString big = u"{\"type\":\"ping\",\"pad\":\""_s + QString(3000, u'x') + u"\"}"_s;
    client->sendText(u"{\"type\":\"ping\"}"_s);
    client->sendText(big);
    QVERIFY(!client->take(u"pong"_s).isEmpty());
    QVERIFY(!client->take(u"pong"_s).isEmpty());

    const Exposition metrics = scrape();
    const QList<Sample> buckets = metrics.all(u"herald_message_size_bytes_bucket"_s);
    QVERIFY(buckets.size() >= 2);
    double previous = 0;
    double previousBound = -1;
    for (const Sample &bucket : buckets) {
        const QString le = bucket.labels.value(u"le"_s);
        const double bound = le == "+Inf"_L1 ? qInf() : le.toDouble();
        QVERIFY2(bound > previousBound, qPrintable(le));
        QVERIFY(bucket.value >= previous);
        previous = bucket.value;
        previousBound = bound;
    }
    QCOMPARE(buckets.last().labels.value(u"le"_s), u"+Inf"_s);
    QCOMPARE(buckets.last().value, 2.0);
    QCOMPARE(metrics.value(u"herald_message_size_bytes_count"_s), 2.0);
    QCOMPARE(metrics.value(u"herald_message_size_bytes_sum"_s), double(15 + big.size()));
    QCOMPARE(metrics.value(u"herald_message_size_bytes_bucket"_s, {{u"le"_s, u"64"_s}}), 1.0);
    QCOMPARE(metrics.value(u"herald_message_size_bytes_bucket"_s, {{u"le"_s, u"4096"_s}}), 2.0);
}

void TestHttpMetrics::noChannelLabelsByDefault()
{
    QCOMPARE(
        m_http->postJson(u"/api/publish"_s, {{u"channel"_s, u"c"_s}}, HttpTestClient::bearer(kKey))
            .status,
        200);
    const Exposition metrics = scrape();
    QVERIFY(!metrics.types.contains(u"herald_channel_publications_total"_s));
    for (const Sample &sample : metrics.samples)
        QVERIFY2(!sample.labels.contains(u"channel"_s), qPrintable(sample.name));
}

void TestHttpMetrics::topChannelsAreOptIn()
{
    startHub(2);
    const QString odd = u"we\"ird\\name"_s;
    auto publish = [this](const QString &channel, int times) {
        for (int i = 0; i < times; ++i) {
            if (m_http
                    ->postJson(u"/api/publish"_s, {{u"channel"_s, channel}},
                               HttpTestClient::bearer(kKey))
                    .status != 200)
                return false;
        }
        return true;
    };
    QVERIFY(publish(u"a"_s, 3));
    QVERIFY(publish(u"b"_s, 1));
    QVERIFY(publish(odd, 2));
    const Exposition metrics = scrape();
    QVERIFY2(metrics.problems.isEmpty(), qPrintable(metrics.problems.join(u'\n')));
    QCOMPARE(metrics.types.value(u"herald_channel_publications_total"_s), u"counter"_s);
    const QList<Sample> channels = metrics.all(u"herald_channel_publications_total"_s);
    QCOMPARE(channels.size(), 2);
    QCOMPARE(metrics.value(u"herald_channel_publications_total"_s, {{u"channel"_s, u"a"_s}}), 3.0);
    // The label value survives escaping and comes back as it was.
    QCOMPARE(metrics.value(u"herald_channel_publications_total"_s, {{u"channel"_s, odd}}), 2.0);
}

void TestHttpMetrics::promtoolAcceptsIt()
{
    // Everything the exposition can hold: clients, errors, closes, channels.
    startHub(5);
    auto client = connectClient(*m_hub);
    QVERIFY(client);
    client->sendText(u"[]"_s);
    QVERIFY(!client->take(u"error"_s).isEmpty());
    QCOMPARE(m_http
                 ->postJson(u"/api/publish"_s, {{u"channel"_s, u"q\"uote"_s}},
                            HttpTestClient::bearer(kKey))
                 .status,
             200);
    const HttpAnswer answer = m_http->get(u"/metrics"_s);
    QCOMPARE(answer.status, 200);

    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        QSKIP("promtool not installed (Debian: apt-get install prometheus)");
    QProcess check;
    check.start(promtool, {u"check"_s, u"metrics"_s});
    QVERIFY(check.waitForStarted());
    check.write(answer.body);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30000));
    const QByteArray output = check.readAllStandardOutput() + check.readAllStandardError();
    // Lint findings are printed and also make the exit code non-zero.
    QVERIFY2(check.exitCode() == 0 && output.trimmed().isEmpty(), output.constData());
}

QTEST_GUILESS_MAIN(TestHttpMetrics)
#include "tst_httpmetrics.moc"
