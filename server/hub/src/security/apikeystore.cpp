#include "apikeystore.h"

#include "channelpattern.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace Herald {

using namespace Qt::StringLiterals;

QByteArray ApiKeyStore::sha256(const QByteArray &data)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_Digest(data.constData(), std::size_t(data.size()),
                   reinterpret_cast<unsigned char *>(digest.data()), &length, EVP_sha256(),
                   nullptr) != 1 ||
        length != 32) {
        return {};
    }
    return digest;
}

Result<ApiKeyStore> ApiKeyStore::create(const QList<ApiKey> &keys)
{
    ApiKeyStore store;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const ApiKey &key = keys.at(i);
        const auto fail = [i](const QString &why) {
            return Result<ApiKeyStore>::failure(u"API key %1: %2"_s.arg(i + 1).arg(why));
        };
        if (key.identity.userId.isEmpty())
            return fail(u"no user id"_s);
        for (const QString &pattern : key.identity.channels) {
            if (!ChannelPattern::parse(pattern))
                return fail(u"invalid channel pattern"_s);
        }
        QByteArray digest = key.sha256;
        if (!key.key.isEmpty()) {
            if (key.key.size() < MinKeyLength)
                return fail(u"shorter than %1 bytes"_s.arg(MinKeyLength));
            digest = sha256(key.key);
            if (!key.sha256.isEmpty() && key.sha256 != digest)
                return fail(u"key and sha256 disagree"_s);
        }
        if (digest.size() != 32)
            return fail(u"needs the key or its SHA-256 (32 bytes)"_s);
        for (const Entry &entry : std::as_const(store.m_entries)) {
            if (entry.digest == digest)
                return fail(u"the same key is listed twice"_s);
        }
        Identity identity = key.identity;
        identity.anonymous = false;
        identity.expiresAtMs = 0;
        if (identity.userName.isEmpty())
            identity.userName = identity.userId;
        store.m_entries.append({digest, identity});
    }
    return store;
}

std::optional<Identity> ApiKeyStore::find(const QString &presented) const
{
    if (m_entries.isEmpty() || presented.isEmpty())
        return std::nullopt;
    const QByteArray digest = sha256(presented.toUtf8());
    if (digest.size() != 32)
        return std::nullopt;
    // Every entry is compared, found or not, so the time does not tell
    // which key (or how many) came first.
    const Entry *found = nullptr;
    for (const Entry &entry : m_entries) {
        if (CRYPTO_memcmp(entry.digest.constData(), digest.constData(), 32) == 0)
            found = &entry;
    }
    if (!found)
        return std::nullopt;
    return found->identity;
}

} // namespace Herald
