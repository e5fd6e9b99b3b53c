// wss:// (issue 5): the hub serves TLS with a certificate the test makes,
// Qt's own client connects and gets everything, including a publication
// larger than any TLS record; a plain ws:// client on the TLS port gets
// nowhere, and a bad certificate path stops the hub at start.

#include "../core/testclient.h"

#include <herald/hub.h>

#include <QJsonArray>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>

using namespace Herald;
using namespace Qt::StringLiterals;

class TestHubTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void servesWss();
    void plainClientGetsNowhere();
    void badCertificateStopsTheHub();

private:
    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    std::unique_ptr<Hub> m_hub;
};

void TestHubTls::initTestCase()
{
    m_cert = m_dir.filePath(u"cert.pem"_s);
    m_key = m_dir.filePath(u"key.pem"_s);
    QProcess openssl;
    openssl.start(u"openssl"_s,
                  {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                   m_key, u"-out"_s, m_cert, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                   u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
    if (!openssl.waitForStarted())
        QSKIP("the openssl command is not installed (Debian: openssl)");
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
}

void TestHubTls::init()
{
    HubConfig config;
    config.security.tlsCertificateFile = m_cert;
    config.security.tlsKeyFile = m_key;
    config.maxMessageSize = 4 * 1024 * 1024;
    if (const int threads = qEnvironmentVariableIntValue("HERALD_TEST_THREADS"); threads > 0)
        config.threads = threads;
    m_hub = std::make_unique<Hub>(config);
    const Status status = m_hub->listen();
    QVERIFY2(status.ok(), qPrintable(status.reason()));
    QCOMPARE(m_hub->url().scheme(), u"wss"_s);
}

void TestHubTls::cleanup()
{
    m_hub.reset();
}

void TestHubTls::servesWss()
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(m_cert));
    TestClient subscriber, publisher;
    subscriber.socket.setSslConfiguration(tls);
    publisher.socket.setSslConfiguration(tls);
    QUrl url = m_hub->url();
    url.setQuery(u"c=secure"_s);
    QVERIFY(subscriber.open(url));
    QVERIFY(!subscriber.take(u"subscribed"_s).isEmpty());
    QVERIFY(publisher.open(m_hub->url()));
    // Larger than a TLS record (16 KiB): written in parts, read whole.
    const QString big(3 * 1024 * 1024, u'z');
    for (int i = 0; i < 5; ++i)
        publisher.send(QJsonObject{
            {u"type"_s, u"publish"_s},
            {u"data"_s, QJsonObject{{u"channel"_s, u"secure"_s},
                                    {u"data"_s, i == 2 ? QJsonValue(big) : QJsonValue(i)}}}});
    QVERIFY(subscriber.waitForPublications(u"secure"_s, 5, 20000));
    const auto got = subscriber.publications(u"secure"_s);
    QCOMPARE(got.at(2).value(u"data"_s).toString().size(), big.size());
    QCOMPARE(got.at(4).value(u"seq"_s).toInteger(), 5);
}

void TestHubTls::plainClientGetsNowhere()
{
    TestClient plain;
    QUrl url = m_hub->url();
    url.setScheme(u"ws"_s);
    QVERIFY(!plain.open(url, {}, 3000));
    QCOMPARE(m_hub->connectionCount(), 0);
}

void TestHubTls::badCertificateStopsTheHub()
{
    HubConfig config;
    config.security.tlsCertificateFile = m_dir.filePath(u"missing.pem"_s);
    config.security.tlsKeyFile = m_key;
    Hub hub(config);
    const Status status = hub.listen();
    QVERIFY(!status.ok());
    QVERIFY2(status.reason().contains(u"missing.pem"_s) ||
                 status.reason().contains(u"certificate"_s),
             qPrintable(status.reason()));
}

QTEST_GUILESS_MAIN(TestHubTls)
#include "tst_hubtls.moc"
