#pragma once

#include <herald/identity.h>

#include <QByteArray>

namespace Herald {

/// A static API key from the configuration and the identity it stands for.
struct ApiKey
{
    /// The key as clients present it in `?token=`. May be left empty when
    /// sha256 is given, so a config file need not hold the key itself.
    QByteArray key;
    /// SHA-256 of the key (32 raw bytes); derived from key when empty.
    QByteArray sha256;
    /// userId (required), userName, tenant, roles and channels; anonymous
    /// and expiresAtMs are ignored: a key is verified and does not expire.
    Identity identity;
};

} // namespace Herald
