#include "payload.h"
#include "textsearch.h"

#include <cstring>
#include <ctime>

namespace HeraldBench {

namespace {

bool readDigits(const char *text, std::size_t digits, std::uint64_t &value)
{
    std::uint64_t result = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const unsigned digit = unsigned(text[i]) - unsigned('0');
        if (digit > 9)
            return false;
        result = result * 10 + digit;
    }
    value = result;
    return true;
}

} // namespace

std::string Payload::make(std::size_t size, std::uint32_t channel, std::uint32_t publisher)
{
    std::string text(size < kMinimumSize ? kMinimumSize : size, 'x');
    std::memcpy(&text[0], "HB1|c000000|p0000|n000000000000|t0000000000000000000|", kMinimumSize);
    writeDigits(&text[kChannelOffset], kChannelDigits, channel);
    writeDigits(&text[kPublisherOffset], kPublisherDigits, publisher);
    return text;
}

void Payload::writeDigits(char *out, std::size_t digits, std::uint64_t value)
{
    for (std::size_t i = digits; i-- > 0;) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

bool Payload::parse(const char *text, std::size_t available, Fields &fields)
{
    if (available < kMinimumSize || text[kMinimumSize - 1] != '|')
        return false;
    std::uint64_t channel = 0;
    std::uint64_t publisher = 0;
    std::uint64_t sent = 0;
    if (!readDigits(text + kChannelOffset, kChannelDigits, channel) ||
        !readDigits(text + kPublisherOffset, kPublisherDigits, publisher) ||
        !readDigits(text + kCounterOffset, kCounterDigits, fields.counter) ||
        !readDigits(text + kTimeOffset, kTimeDigits, sent))
        return false;
    fields.channel = std::uint32_t(channel);
    fields.publisher = std::uint32_t(publisher);
    fields.sentNs = std::int64_t(sent);
    return true;
}

const char *Payload::find(const char *data, std::size_t size)
{
    return findText(data, size, kMarker, kMarkerSize);
}

std::int64_t Payload::nowNs()
{
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace HeraldBench
