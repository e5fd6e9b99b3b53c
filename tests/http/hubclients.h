#pragma once

// WebSocket clients of the hub under test, for the HTTP tests: opened on
// the hub's URL with a query, and subscribed before they are handed over
// when the test needs a subscriber.

#include "testclient.h"

#include <herald/hub.h>

#include <QJsonArray>

#include <memory>

/// A client connected to `hub` with `query` (e.g. "user_id=u1"), or null.
inline std::unique_ptr<TestClient> connectClient(const Herald::Hub &hub,
                                                 const QString &query = QString())
{
    return openClient(hub.url(), query);
}

/// A client subscribed to `channels`, its `subscribed` reply taken; null if
/// it could not connect or was not subscribed.
inline std::unique_ptr<TestClient> subscribedClient(const Herald::Hub &hub,
                                                    const QStringList &channels,
                                                    const QString &query = QString())
{
    auto client = connectClient(hub, query);
    if (!client)
        return nullptr;
    client->send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                  {QStringLiteral("data"), QJsonObject{{QStringLiteral("channels"),
                                                        QJsonArray::fromStringList(channels)}}}});
    if (client->take(QStringLiteral("subscribed")).isEmpty())
        return nullptr;
    return client;
}
