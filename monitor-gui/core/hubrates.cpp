#include "hubrates.h"

namespace Herald::Monitor {

namespace {

double perSecond(quint64 before, quint64 after, double seconds)
{
    return after > before ? double(after - before) / seconds : 0.0;
}

} // namespace

HubRates HubRates::between(const StatsSnapshot &before, const StatsSnapshot &after)
{
    HubRates rates;
    const qint64 elapsedMs = after.uptimeMs - before.uptimeMs;
    // Another start time is another hub (or the same one restarted): its
    // counters began again at zero.
    if (!before.isValid() || !after.isValid() || before.startedAt != after.startedAt ||
        elapsedMs <= 0)
        return rates;
    const double seconds = double(elapsedMs) / 1000.0;
    rates.valid = true;
    rates.publicationsIn = perSecond(before.publications, after.publications, seconds);
    rates.deliveriesOut = perSecond(before.deliveries, after.deliveries, seconds);
    rates.messagesIn = perSecond(before.messagesIn, after.messagesIn, seconds);
    rates.messagesOut = perSecond(before.messagesOut, after.messagesOut, seconds);
    rates.bytesIn = perSecond(before.bytesIn, after.bytesIn, seconds);
    rates.bytesOut = perSecond(before.bytesOut, after.bytesOut, seconds);

    QHash<QString, const ChannelSample *> previous;
    previous.reserve(before.channels.size());
    for (const ChannelSample &sample : before.channels)
        previous.insert(sample.name, &sample);
    rates.channels.reserve(after.channels.size());
    for (const ChannelSample &sample : after.channels) {
        const ChannelSample *old = previous.value(sample.name);
        double rate = 0;
        if (old && old->epoch == sample.epoch)
            rate = perSecond(old->published, sample.published, seconds);
        else if (old || !before.channelsTruncated)
            // Made (or made again) within the interval: all of it is new. A
            // channel missing from a truncated list may just have been cut.
            rate = double(sample.published) / seconds;
        rates.channels.insert(sample.name, rate);
    }
    return rates;
}

} // namespace Herald::Monitor
