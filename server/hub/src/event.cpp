#include "event.h"
#include "net/websocketframe.h"

#include <herald/wire/codec.h>
#include <herald/wire/json.h>

#include <mutex>

namespace Herald {

Event::Event(Kind kind, Wire::Publication publication)
    : m_kind(kind)
    , m_publication(std::move(publication))
{}

EventPtr Event::publication(Wire::Publication publication)
{
    return EventPtr(new Event(Kind::Publication, std::move(publication)));
}

EventPtr Event::presence(Kind kind, const QString &channel, const Wire::Sender &member,
                         qint64 nowMs)
{
    Wire::Publication carrier;
    carrier.channel = channel;
    carrier.sender = member;
    carrier.timestampMs = nowMs;
    return EventPtr(new Event(kind, std::move(carrier)));
}

QByteArray Event::render(Wire::Dialect dialect) const
{
    QByteArray payload;
    if (m_kind == Kind::Publication) {
        switch (dialect) {
        case Wire::Dialect::Herald:
        case Wire::Dialect::Rooms:
            payload = Wire::Codec::encodePublication(m_publication);
            break;
        case Wire::Dialect::Raw:
            payload = Wire::Json::serialize(m_publication.data);
            break;
        }
    } else if (dialect != Wire::Dialect::Raw) {
        const Wire::PresenceChange change{m_kind == Kind::Joined
                                              ? Wire::PresenceChange::Kind::Joined
                                              : Wire::PresenceChange::Kind::Left,
                                          m_publication.channel, m_publication.sender};
        payload = Wire::Codec::encodeReply(change, QJsonValue(), m_publication.timestampMs);
    }
    return payload.isEmpty() ? QByteArray() : Net::WebSocket::textFrame(payload);
}

const QByteArray &Event::frame(Wire::Dialect dialect) const
{
    // Rendered once, by whichever shard needs it first. The fast path is one
    // acquire load: std::call_once went through thread-local storage on
    // every call, once per delivery.
    const auto index = static_cast<std::size_t>(dialect);
    if (!m_rendered[index].load(std::memory_order_acquire)) {
        static std::mutex renderMutex;
        std::lock_guard lock(renderMutex);
        if (!m_rendered[index].load(std::memory_order_relaxed)) {
            m_frames[index] = render(dialect);
            m_rendered[index].store(true, std::memory_order_release);
        }
    }
    return m_frames[index];
}

QByteArrayView Event::payload(Wire::Dialect dialect) const
{
    const QByteArray &wire = frame(dialect);
    if (wire.isEmpty())
        return {};
    // Server frames are unmasked: the header is 2, 4 or 10 bytes by length.
    const auto length = quint8(wire.at(1)) & 0x7F;
    const qsizetype offset = length < 126 ? 2 : (length == 126 ? 4 : 10);
    return QByteArrayView(wire.constData() + offset, wire.size() - offset);
}

} // namespace Herald
