#pragma once

#include <herald/hub_export.h>
#include <herald/identity.h>
#include <herald/result.h>

#include <QList>
#include <QString>

namespace Herald {

/// The HTTP endpoints on the hub's port (docs/http.md): the server API's
/// keys, its limits, and which of the optional pages are served.
struct HERALD_HUB_EXPORT HttpConfig
{
    /// A key a backend presents as `Authorization: Bearer <key>` to use
    /// /api/*, and the identity it stands for.
    struct HERALD_HUB_EXPORT ApiKey
    {
        QString key;
        /// What operators call the key (logs); defaults to the identity's user id.
        QString name;
        /// Publications made with the key carry this user as `sender`; an
        /// empty userId publishes as the hub itself (no `sender`). /status
        /// counts this user's and tenant's connections.
        Identity identity;

        /// `KEY` or `KEY:USER_ID` (the form of --api-key and HERALD_API_KEYS).
        static Result<ApiKey> fromString(const QString &text);
    };

    QList<ApiKey> apiKeys;
    /// Largest request body /api/* accepts (413 beyond). The hub's port
    /// also refuses bodies over maxMessageSize before they are read.
    qint64 apiBodyLimit = 1048576;
    /// /metrics also lists the N channels with the most publications, one
    /// series each (`herald_channel_publications_total{channel=...}`). 0: off,
    /// since a label per channel can grow without bound.
    int metricsTopChannels = 0;
    /// `GET /` serves the built-in web console.
    bool consoleEnabled = true;
    /// `GET /metrics` serves Prometheus metrics.
    bool metricsEnabled = true;

    /// A one-line reason this configuration cannot work, or empty.
    QString validate() const;
};

} // namespace Herald
