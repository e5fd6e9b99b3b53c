#pragma once

#include <herald/identity.h>

#include <QString>

#include <atomic>

namespace Herald {

/// What the hub lists about a connection (monitor, admin requests), kept
/// apart from the session so that any thread may read it: the fixed facts,
/// and counters written only by the session's own thread.
struct SessionRecord
{
    QString id;
    Identity identity;
    QString peer;
    QString dialect;
    qint64 connectedAtMs = 0;
    int shard = 0;
    std::atomic<quint64> messagesIn{0};
    std::atomic<quint64> messagesOut{0};
    std::atomic<int> subscriptions{0};
};

} // namespace Herald
