#pragma once

#include "event.h"

#include <herald/wire/publication.h>

namespace Herald {

/// A connection as the broker sees it: who it is (for presence) and which
/// shard holds it (where its channel's events are sent).
class Subscriber
{
public:
    virtual ~Subscriber() = default;
    virtual const Wire::Sender &member() const = 0;
    virtual int shard() const = 0;
};

/// Where the broker hands a channel's events: one per shard. Called with
/// the broker's lock held, from any thread, in seq order per channel.
class EventSink
{
public:
    virtual ~EventSink() = default;
    virtual void enqueue(const EventPtr &event) = 0;
};

} // namespace Herald
