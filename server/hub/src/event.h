#pragma once

#include <herald/wire/dialect.h>
#include <herald/wire/publication.h>
#include <herald/wire/reply.h>

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>

namespace Herald {

/// Something the hub sends to every subscriber of a channel: a publication
/// or a presence change. Immutable once made. Each dialect's WebSocket
/// frame is built the first time a subscriber of that dialect needs it, in
/// whichever thread that is, and the same bytes then go to every subscriber
/// of that dialect.
class Event
{
public:
    enum class Kind { Publication, Joined, Left };

    static std::shared_ptr<const Event> publication(Wire::Publication publication);
    static std::shared_ptr<const Event> presence(Kind kind, const QString &channel,
                                                 const Wire::Sender &member, qint64 nowMs);

    Kind kind() const { return m_kind; }
    const Wire::Publication &publication() const { return m_publication; }
    const QString &channel() const { return m_publication.channel; }
    quint64 seq() const { return m_publication.seq; }

    /// The complete text frame for a dialect; empty if that dialect does not
    /// carry this kind of event (raw connections get no presence events).
    const QByteArray &frame(Wire::Dialect dialect) const;
    /// The frame's payload: the JSON text itself.
    QByteArrayView payload(Wire::Dialect dialect) const;

    /// For std::make_shared only (one allocation for the event and its
    /// count); events are made by publication() and presence().
    struct Token
    {
        explicit Token() = default;
    };
    Event(Token, Kind kind, Wire::Publication publication);

private:
    QByteArray render(Wire::Dialect dialect) const;

    Kind m_kind;
    Wire::Publication m_publication; // for presence: channel, sender, timestamp
    mutable std::array<QByteArray, Wire::kDialectCount> m_frames;
    mutable std::array<std::atomic<bool>, Wire::kDialectCount> m_rendered{};
    mutable std::mutex m_renderMutex; // only for the first render of a dialect
};

using EventPtr = std::shared_ptr<const Event>;

} // namespace Herald
