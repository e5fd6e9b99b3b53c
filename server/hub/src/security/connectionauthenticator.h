#pragma once

#include "apikeystore.h"
#include "tokenverifier.h"

#include <herald/hubhooks.h>
#include <herald/result.h>
#include <herald/securityconfig.h>

#include <functional>

namespace Herald {

/// The hub's Authenticator made from a SecurityConfig: the token of
/// `?token=` is an API key or a JWT; without one, the connection is
/// refused (require-auth) or anonymous as the hub has always made it.
/// A token that is present but invalid is refused in both modes: a client
/// that meant to authenticate must not silently become anonymous.
class ConnectionAuthenticator
{
public:
    /// Milliseconds since the epoch: `exp` and `nbf` are wall-clock times.
    using Clock = std::function<qint64()>;

    static Result<ConnectionAuthenticator> create(const SecurityConfig &config,
                                                  Clock clock = Clock());

    AuthResult authenticate(const ConnectionRequest &request) const;
    /// The same check for a token that arrives later (a `connect` or
    /// `refresh` frame).
    AuthResult verifyToken(const QString &token) const;

    /// For Hub::setAuthenticator(); holds its own copy.
    Authenticator authenticator() const;

    /// An anonymous identity from ?user_id= and ?user_name=, or `anon-`
    /// and a random id.
    static Identity anonymousIdentity(const QUrl &url);

private:
    TokenVerifier m_verifier;
    ApiKeyStore m_apiKeys;
    Clock m_clock;
    bool m_requireAuth = false;
};

} // namespace Herald
