#include "event.h"

#include <herald/wire/codec.h>
#include <herald/wire/json.h>

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

const QByteArray &Event::frame(Wire::Dialect dialect) const
{
    const auto index = static_cast<std::size_t>(dialect);
    if (m_rendered[index])
        return m_frames[index];
    m_rendered[index] = true;
    QByteArray &out = m_frames[index];
    if (m_kind == Kind::Publication) {
        switch (dialect) {
        case Wire::Dialect::Herald:
        case Wire::Dialect::Rooms:
            out = Wire::Codec::encodePublication(m_publication);
            break;
        case Wire::Dialect::Raw:
            out = Wire::Json::serialize(m_publication.data);
            break;
        }
    } else if (dialect != Wire::Dialect::Raw) {
        const Wire::PresenceChange change{m_kind == Kind::Joined
                                              ? Wire::PresenceChange::Kind::Joined
                                              : Wire::PresenceChange::Kind::Left,
                                          m_publication.channel, m_publication.sender};
        out = Wire::Codec::encodeReply(change, QJsonValue(), m_publication.timestampMs);
    }
    return out;
}

} // namespace Herald
