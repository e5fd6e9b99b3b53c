#include "event.h"
#include "net/websocketframe.h"
#include "security/tenantkey.h"

#include <herald/wire/codec.h>
#include <herald/wire/json.h>
#include <herald/wire/roomscodec.h>

#include <mutex>

namespace Herald {

Event::Event(Token, Kind kind, Wire::Publication publication)
    : m_kind(kind)
    , m_publication(std::move(publication))
{}

EventPtr Event::publication(Wire::Publication publication)
{
    // The event and its shared count in one block: one allocation fewer a
    // publication, and one cache miss fewer when history lets it go.
    return std::make_shared<const Event>(Token(), Kind::Publication, std::move(publication));
}

EventPtr Event::presence(Kind kind, const QString &channel, const Wire::Sender &member,
                         qint64 nowMs)
{
    Wire::Publication carrier;
    carrier.channel = channel;
    carrier.sender = member;
    carrier.timestampMs = nowMs;
    return std::make_shared<const Event>(Token(), kind, std::move(carrier));
}

QByteArray Event::render(Wire::Dialect dialect) const
{
    // A tenant's channel is keyed "tenant<US>name" inside the hub; its
    // subscribers know it by name.
    const QString shown = TenantKey::fromKey(m_publication.channel).channel;
    QByteArray payload;
    if (m_kind == Kind::Publication) {
        switch (dialect) {
        case Wire::Dialect::Rooms: {
            Wire::Publication named = m_publication;
            named.channel = shown;
            payload = Wire::RoomsCodec::encodePublication(named);
            break;
        }
        case Wire::Dialect::Herald:
            if (shown == m_publication.channel) {
                // The hot path: rendered after room for the header, framed
                // in place.
                return Net::WebSocket::textFrameFromHeadroom(Wire::Codec::encodePublication(
                    m_publication, Net::WebSocket::kMaxServerHeaderSize));
            } else {
                Wire::Publication named = m_publication;
                named.channel = shown;
                payload = Wire::Codec::encodePublication(named);
            }
            break;
        case Wire::Dialect::Raw:
            payload = m_publication.dataJson.isEmpty() ? Wire::Json::serialize(m_publication.data)
                                                       : m_publication.dataJson;
            break;
        }
    } else if (dialect == Wire::Dialect::Rooms) {
        payload = Wire::RoomsCodec::encodePresence(
            m_kind == Kind::Joined, m_publication.sender.userId, m_publication.timestampMs);
    } else if (dialect != Wire::Dialect::Raw) {
        const Wire::PresenceChange change{m_kind == Kind::Joined
                                              ? Wire::PresenceChange::Kind::Joined
                                              : Wire::PresenceChange::Kind::Left,
                                          shown, m_publication.sender};
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
        // Per event: shards rendering different events do not wait on
        // each other (one lock for all of them serialised every shard's
        // first render, publication after publication).
        std::lock_guard lock(m_renderMutex);
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
