// libFuzzer target for what a client controls in authentication: the
// token itself, the claims a (compromised or careless) issuer signs, and
// the channel patterns those claims carry. Crashes and sanitizer reports
// fail the run (tests/fuzz/run.sh).

#include "accessrules.h"
#include "channelpattern.h"
#include "jwtsigner.h"
#include "testidentities.h"
#include "tokenverifier.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace Herald;

namespace {

const QByteArray Secret = "fuzz-secret-0123456789abcdef-0123456789";
constexpr qint64 NowMs = 1800000000000;

const TokenVerifier &verifier()
{
    static const TokenVerifier instance = [] {
        SecurityConfig config;
        config.jwtSecret = Secret;
        const auto made = TokenVerifier::create(config);
        if (!made)
            std::abort();
        return *made;
    }();
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    // The raw input as a token: must be refused, never crash.
    const auto raw = verifier().verify(QString::fromUtf8(bytes), NowMs);
    if (raw.ok() && raw.identity.userId.isEmpty())
        std::abort();

    // The input as the claims of a correctly signed token, so the fuzzer
    // reaches the claim parsing behind the signature check.
    static const JwtSigner signer = JwtSigner::hs256(Secret);
    const QString token = signer.token(JwtSigner::base64url(QJsonObject{{"alg", "HS256"}}),
                                       JwtSigner::base64url(bytes));
    const auto outcome = verifier().verify(token, NowMs);
    if (outcome.ok()) {
        // Whatever the claims were, an accepted identity has a user and
        // the channel patterns it carries are usable by the rules.
        if (outcome.identity.userId.isEmpty() || outcome.identity.anonymous)
            std::abort();
        const auto rules = AccessRules::create(SecurityConfig::defaultRules(), false);
        for (const QString &channel : {QStringLiteral("user.x.y"), QStringLiteral("a.b")})
            (void)rules->decide(outcome.identity, Action::Subscribe, channel);
    }

    // The input split in two: a pattern and a channel name.
    const qsizetype half = bytes.size() / 2;
    const auto pattern = ChannelPattern::parse(QString::fromUtf8(bytes.left(half)));
    if (pattern) {
        const Identity identity =
            TestIdentities::verified(QStringLiteral("u"), QStringLiteral("t"));
        (void)pattern->matches(QString::fromUtf8(bytes.mid(half)), identity);
    }
    return 0;
}
