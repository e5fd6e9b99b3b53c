#include "httpapi.h"
#include "hub_p.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Herald {

using namespace Qt::StringLiterals;

namespace {

QByteArray jsonResponse(int status, const QJsonObject &body)
{
    return Net::httpResponse(status, "application/json",
                             QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

HttpApi::HttpApi(HubPrivate &hub)
    : m_hub(hub)
{}

QByteArray HttpApi::handle(const Net::HttpRequest &request, const QHostAddress &) const
{
    Q_UNUSED(m_hub);
    if (request.url().path() == "/ws"_L1)
        return jsonResponse(426, {{u"error"_s, u"connect with a WebSocket upgrade"_s}});
    return jsonResponse(404, {{u"error"_s, u"not found"_s}});
}

} // namespace Herald
