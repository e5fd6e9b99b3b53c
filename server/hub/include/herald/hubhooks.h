#pragma once

#include <herald/hub_export.h>
#include <herald/identity.h>

#include <QHostAddress>
#include <QString>
#include <QUrl>

#include <functional>

namespace Herald {

/// What the hub knows about a connection when it decides who it is.
struct ConnectionRequest
{
    QUrl url; // the upgrade request's URL, query included
    QHostAddress peerAddress;
    QString origin;
    QString token; // from ?token= (empty if none)
};

/// An authentication decision: an identity, or the reason for refusal
/// (the connection is then closed with 4001).
struct AuthResult
{
    bool accepted = false;
    Identity identity;
    QString reason;

    static AuthResult accept(Identity identity) { return {true, std::move(identity), {}}; }
    static AuthResult refuse(QString reason) { return {false, {}, std::move(reason)}; }
};

/// What a client asks to do on a channel.
enum class Action { Subscribe, Publish, History, Presence };

using Authenticator = std::function<AuthResult(const ConnectionRequest &)>;
using Authorizer =
    std::function<bool(const Identity &identity, Action action, const QString &channel)>;

} // namespace Herald
