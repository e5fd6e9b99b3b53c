#pragma once

#include "event.h"

#include <herald/wire/publication.h>

namespace Herald {

/// A connection as the broker sees it: something events are handed to.
class Subscriber
{
public:
    virtual ~Subscriber() = default;
    virtual void deliver(const EventPtr &event) = 0;
    /// Who this subscriber is, for presence.
    virtual const Wire::Sender &member() const = 0;
};

} // namespace Herald
