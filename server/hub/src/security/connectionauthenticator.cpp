#include "connectionauthenticator.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace Herald {

using namespace Qt::StringLiterals;

Result<ConnectionAuthenticator> ConnectionAuthenticator::create(const SecurityConfig &config,
                                                                Clock clock)
{
    auto verifier = TokenVerifier::create(config);
    if (!verifier)
        return Result<ConnectionAuthenticator>::failure(verifier.reason());
    auto apiKeys = ApiKeyStore::create(config.apiKeys);
    if (!apiKeys)
        return Result<ConnectionAuthenticator>::failure(apiKeys.reason());
    if (config.requireAuth && !verifier->isConfigured() && apiKeys->isEmpty())
        return Result<ConnectionAuthenticator>::failure(
            u"require-auth is on, but no JWT secret, public key or API key is configured"_s);

    ConnectionAuthenticator result;
    result.m_verifier = *verifier;
    result.m_apiKeys = *apiKeys;
    result.m_requireAuth = config.requireAuth;
    result.m_clock =
        clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
    return result;
}

AuthResult ConnectionAuthenticator::authenticate(const ConnectionRequest &request) const
{
    if (!request.token.isEmpty())
        return verifyToken(request.token);
    if (m_requireAuth)
        return AuthResult::refuse(u"authentication required: no token"_s);
    return AuthResult::accept(anonymousIdentity(request.url));
}

AuthResult ConnectionAuthenticator::verifyToken(const QString &token) const
{
    if (token.isEmpty())
        return AuthResult::refuse(u"no token"_s);
    if (auto identity = m_apiKeys.find(token))
        return AuthResult::accept(std::move(*identity));
    // Neither a key nor shaped like a JWT: say so without naming either.
    if (token.count(u'.') != 2)
        return AuthResult::refuse(u"token is not a known API key or a JWT"_s);
    if (!m_verifier.isConfigured())
        return AuthResult::refuse(u"JWT given, but no JWT key is configured"_s);
    const TokenVerifier::Outcome outcome = m_verifier.verify(token, m_clock());
    if (!outcome.ok())
        return AuthResult::refuse(outcome.reason);
    return AuthResult::accept(outcome.identity);
}

Authenticator ConnectionAuthenticator::authenticator() const
{
    return [self = *this](const ConnectionRequest &request) { return self.authenticate(request); };
}

Identity ConnectionAuthenticator::anonymousIdentity(const QUrl &url)
{
    const QUrlQuery query(url);
    Identity identity;
    identity.userId = query.queryItemValue(u"user_id"_s, QUrl::FullyDecoded);
    if (identity.userId.isEmpty()) {
        QByteArray raw(6, Qt::Uninitialized);
        for (char &c : raw)
            c = char(QRandomGenerator::global()->bounded(256));
        identity.userId = u"anon-"_s + QString::fromLatin1(raw.toHex());
    }
    identity.userName = query.queryItemValue(u"user_name"_s, QUrl::FullyDecoded);
    if (identity.userName.isEmpty())
        identity.userName = identity.userId;
    identity.anonymous = true;
    return identity;
}

} // namespace Herald
