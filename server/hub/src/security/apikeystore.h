#pragma once

#include <herald/apikey.h>
#include <herald/identity.h>
#include <herald/result.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Herald {

/// The static API keys of the configuration. Only their SHA-256 is kept,
/// and a presented key is compared with every one in constant time, so
/// neither memory nor timing gives a key away.
class ApiKeyStore
{
public:
    /// Short keys (under 16 bytes) are guessable and refused; so are keys
    /// without a user id and two entries for one key.
    static Result<ApiKeyStore> create(const QList<ApiKey> &keys);

    static constexpr qsizetype MinKeyLength = 16;

    bool isEmpty() const { return m_entries.isEmpty(); }
    /// The identity of a known key (anonymous false, no expiry), or nothing.
    std::optional<Identity> find(const QString &presented) const;

    static QByteArray sha256(const QByteArray &data);

private:
    struct Entry
    {
        QByteArray digest;
        Identity identity;
    };
    QList<Entry> m_entries;
};

} // namespace Herald
