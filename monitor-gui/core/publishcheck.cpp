#include "publishcheck.h"

#include <herald/wire/codec.h>

namespace Herald::Monitor {

namespace {
constexpr int kMaxChannelLength = 200;
}

QString PublishCheck::channelProblem(const QString &channel)
{
    if (channel.isEmpty())
        return tr("Enter a channel.");
    if (channel.size() > kMaxChannelLength)
        return tr("A channel name has at most %1 characters.").arg(kMaxChannelLength);
    if (channel.startsWith(u'$'))
        return tr("Channels starting with $ belong to the hub.");
    for (const QChar c : channel) {
        if (c.category() == QChar::Other_Control)
            return tr("A channel name cannot contain control characters.");
    }
    return {};
}

QString PublishCheck::eventProblem(const QString &event)
{
    if (event.isEmpty())
        return tr("Enter an event type, e.g. message.");
    if (Wire::Codec::isReservedEvent(event))
        return tr("\"%1\" is reserved for the hub's own frames.").arg(event);
    return {};
}

} // namespace Herald::Monitor
