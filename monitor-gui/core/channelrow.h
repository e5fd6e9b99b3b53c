#pragma once

#include "channelsample.h"

namespace Herald::Monitor {

/// A row of the channels table: the channel as the last snapshot had it
/// and its publication rate since the one before.
struct ChannelRow
{
    ChannelSample sample;
    double rate = 0; // publications per second

    friend bool operator==(const ChannelRow &a, const ChannelRow &b)
    {
        return a.sample == b.sample && a.rate == b.rate;
    }
};

} // namespace Herald::Monitor
