#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace HeraldBench {

/// The text every published message carries, whatever the protocol:
///   HB1|cCCCCCC|pPPPP|nNNNNNNNNNNNN|tTTTTTTTTTTTTTTTTTTT|xxxx…
/// channel index, publisher index, the publisher's counter on that channel
/// (1, 2, 3 …) and the CLOCK_MONOTONIC send time in ns, all fixed width so
/// a pre-built frame can be patched in place, padded to the payload size.
/// Only printable ASCII, so every server passes it through unchanged.
class Payload
{
public:
    static constexpr char kMarker[] = "HB1|";
    static constexpr std::size_t kMarkerSize = 4;
    static constexpr std::size_t kChannelOffset = 5; // after "HB1|c"
    static constexpr std::size_t kChannelDigits = 6;
    static constexpr std::size_t kPublisherOffset = 13; // after "|p"
    static constexpr std::size_t kPublisherDigits = 4;
    static constexpr std::size_t kCounterOffset = 19; // after "|n"
    static constexpr std::size_t kCounterDigits = 12;
    static constexpr std::size_t kTimeOffset = 33; // after "|t"
    static constexpr std::size_t kTimeDigits = 19;
    static constexpr std::size_t kMinimumSize = 53; // through the "|" after the time

    struct Fields
    {
        std::uint32_t channel = 0;
        std::uint32_t publisher = 0;
        std::uint64_t counter = 0;
        std::int64_t sentNs = 0;
    };

    /// A payload of `size` bytes with counter and time zero.
    static std::string make(std::size_t size, std::uint32_t channel, std::uint32_t publisher);

    /// Parses the fields at `text` (which starts with the marker); false if
    /// the bytes there are not a payload of ours.
    static bool parse(const char *text, std::size_t available, Fields &fields);

    /// Writes `value` as `digits` decimal digits, zero-padded.
    static void writeDigits(char *out, std::size_t digits, std::uint64_t value);

    /// Where a payload starts in [data, data + size), or nullptr.
    static const char *find(const char *data, std::size_t size);

    /// CLOCK_MONOTONIC in ns: the clock of the send time.
    static std::int64_t nowNs();
};

} // namespace HeraldBench
