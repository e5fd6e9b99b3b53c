#pragma once

#include <cstddef>
#include <cstring>

namespace HeraldBench {

/// The first occurrence of `needle` in [data, data + size), or nullptr.
/// glibc's memmem sets up a two-way search on every call, which for the
/// short keys the bench looks for in every frame took 38 % of its time
/// (perf, fan-out to 100); memchr on the first byte and memcmp is cheaper.
inline const char *findText(const char *data, std::size_t size, const char *needle,
                            std::size_t needleSize)
{
    if (needleSize == 0)
        return data;
    const char *end = data + size;
    while (std::size_t(end - data) >= needleSize) {
        const auto *first = static_cast<const char *>(
            std::memchr(data, needle[0], std::size_t(end - data) - needleSize + 1));
        if (!first)
            return nullptr;
        if (std::memcmp(first + 1, needle + 1, needleSize - 1) == 0)
            return first;
        data = first + 1;
    }
    return nullptr;
}

} // namespace HeraldBench
