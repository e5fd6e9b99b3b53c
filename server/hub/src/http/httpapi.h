#pragma once

#include "net/httprequest.h"

#include <QByteArray>
#include <QHostAddress>

namespace Herald {

class HubPrivate;

/// The hub's HTTP endpoints, served on the WebSocket port: any request that
/// is not a WebSocket upgrade comes here. Called from shard threads, so it
/// keeps no state of its own between requests.
class HttpApi
{
public:
    explicit HttpApi(HubPrivate &hub);

    /// The complete response (status line, headers, body).
    QByteArray handle(const Net::HttpRequest &request, const QHostAddress &peer) const;

private:
    HubPrivate &m_hub;
};

} // namespace Herald
