#pragma once

#include <herald/result.h>
#include <herald/wire/publication.h>
#include <herald/wire/reply.h>

#include <QByteArray>
#include <QList>

namespace Herald {

/// What the backplane stores in Redis and sends through it: one JSON
/// object per publication or presence change, with `"v": 1` so a later
/// format can live next to this one during a rolling upgrade.
class RedisCodec
{
public:
    static constexpr int kVersion = 1;

    struct Message
    {
        enum class Kind { Publication, Joined, Left };
        Kind kind = Kind::Publication;
        Wire::Publication publication; // Kind::Publication
        QString origin;                // the hub that published it
        Wire::Sender member;           // Kind::Joined, Kind::Left
    };

    /// A publication's JSON without seq, epoch and its closing brace: only
    /// the publish script knows the first two, and appends them.
    static QByteArray publicationHead(const Wire::Publication &publication, const QString &origin);
    /// The script's concatenation, for tests and tools.
    static QByteArray completePublication(const QByteArray &head, quint64 seq,
                                          const QString &epoch);
    /// A publication (from pub/sub or a stream entry) or a presence change.
    static Result<Message> decode(const QByteArray &payload);

    /// A presence entry: the member and the hub that holds its connection.
    static QByteArray memberValue(const Wire::Sender &member, const QString &hubId);
    static Result<Wire::Sender> decodeMember(const QByteArray &value);
    /// One entry per user with its connection count, sorted by user id
    /// (the in-memory broker's presence reply, cluster-wide).
    static QList<Wire::MemberSummary> summarize(const QList<Wire::Sender> &members);
};

} // namespace Herald
