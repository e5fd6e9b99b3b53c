#pragma once

// Plain HTTP against a hub's port with QNetworkAccessManager, one request
// at a time: the test waits for each answer (QTRY-style, bounded).

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QUrl>

#include <memory>

/// One HTTP answer: status, headers (names as sent) and body.
struct HttpAnswer
{
    int status = 0; // 0: no answer within the time limit
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    /// `error.code` of the hub's JSON error shape.
    QString errorCode() const
    {
        return json()
            .value(QLatin1String("error"))
            .toObject()
            .value(QLatin1String("code"))
            .toString();
    }
};

class HttpTestClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit HttpTestClient(quint16 port)
        : m_base(QStringLiteral("http://127.0.0.1:%1").arg(port))
    {}

    HttpAnswer get(const QString &pathAndQuery, const Headers &headers = {})
    {
        return send("GET", pathAndQuery, {}, headers);
    }
    HttpAnswer post(const QString &path, const QByteArray &body, const Headers &headers = {},
                    const QByteArray &contentType = "application/json")
    {
        Headers all = headers;
        if (!contentType.isEmpty())
            all.append({"Content-Type", contentType});
        return send("POST", path, body, all);
    }
    HttpAnswer postJson(const QString &path, const QJsonObject &body, const Headers &headers = {})
    {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    }

    HttpAnswer send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                    const Headers &headers, int timeoutMs = 10000)
    {
        QNetworkRequest request(QUrl(m_base + pathAndQuery));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        std::unique_ptr<QNetworkReply> reply(
            method == "GET"    ? m_manager.get(request)
            : method == "HEAD" ? m_manager.head(request)
                               : m_manager.sendCustomRequest(request, method, body));
        HttpAnswer answer;
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, timeoutMs)) {
            answer.error = QStringLiteral("no answer in time");
            return answer;
        }
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.headers = reply->rawHeaderPairs();
        if (reply->error() != QNetworkReply::NoError && answer.status == 0)
            answer.error = reply->errorString();
        return answer;
    }

    static Headers bearer(const QByteArray &token)
    {
        return {{"Authorization", "Bearer " + token}};
    }

private:
    QString m_base;
    QNetworkAccessManager m_manager;
};
