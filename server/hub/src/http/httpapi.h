#pragma once

#include "net/httprequest.h"

#include <herald/httpconfig.h>
#include <herald/identity.h>
#include <herald/result.h>

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace Herald {

class HubPrivate;

/// The hub's HTTP endpoints, served on the WebSocket port (docs/http.md):
/// any request that is not a WebSocket upgrade comes here. Called from
/// shard threads, so it keeps no state of its own between requests.
class HttpApi
{
public:
    explicit HttpApi(HubPrivate &hub);

    /// Delivers a response that had to wait (the backplane answers later);
    /// callable from any thread.
    using Respond = std::function<void(const QByteArray &)>;
    /// The complete response (status line, headers, body); or nothing, and
    /// `later` is called with it once it is known.
    QByteArray handle(const Net::HttpRequest &request, const QHostAddress &peer,
                      Respond later) const;

private:
    /// One request on its way through the checks and to its handler.
    struct Call
    {
        const Net::HttpRequest &request;
        QUrlQuery query;
        const HttpConfig::ApiKey *key = nullptr; // the /api/* caller
        QJsonObject body;                        // a POST's JSON object
        Respond later;                           // for answers the backplane gives later
    };
    using Handler = QByteArray (HttpApi::*)(const Call &) const;
    struct Route;

    const Route *route(const QString &path) const;
    QByteArray dispatch(const Route &route, Call &call) const;

    QByteArray console(const Call &call) const;
    QByteArray healthz(const Call &call) const;
    QByteArray readyz(const Call &call) const;
    QByteArray status(const Call &call) const;
    QByteArray wsStatus(const Call &call) const;
    QByteArray metrics(const Call &call) const;
    QByteArray publish(const Call &call) const;
    QByteArray broadcast(const Call &call) const;
    QByteArray channels(const Call &call) const;
    QByteArray presence(const Call &call) const;
    QByteArray history(const Call &call) const;

    /// The WebSocket path's rules for a channel name, as an HTTP error.
    std::optional<QByteArray> channelRefusal(const QString &channel) const;
    template<typename Command>
    std::variant<Command, QByteArray> decode(const QString &type, const QJsonObject &data) const;
    /// A 503 while publications cannot reach the backplane, or nothing.
    std::optional<QByteArray> backplaneRefusal() const;
    /// The API key presented as `Authorization: Bearer`, if it is one of ours.
    const HttpConfig::ApiKey *apiKey(const QString &token) const;
    /// Who a token stands for: the hub's authenticator (JWTs, the security
    /// config's API keys), else one of HttpConfig's API keys.
    std::optional<Identity> identityForToken(const QString &token) const;
    struct Counts
    {
        Identity identity;
        int user = 0;   // connections of identity.userId
        int tenant = 0; // connections of identity.tenant (0 without a tenant)
    };
    /// The caller's token (`Authorization: Bearer` or `?token=`) resolved to
    /// its user's and tenant's connection counts; nothing without a token,
    /// a failure if the token is not valid.
    Result<std::optional<Counts>> callerCounts(const Call &call) const;

    HubPrivate &m_hub;
};

} // namespace Herald
