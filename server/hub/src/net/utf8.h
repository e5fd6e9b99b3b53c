#pragma once

#include <QtGlobal>

namespace Herald::Net {

/// Whether `data` is well-formed UTF-8 (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF). WebSocket text must be (RFC 6455 8.1).
bool isValidUtf8(const char *data, qsizetype size);

} // namespace Herald::Net
