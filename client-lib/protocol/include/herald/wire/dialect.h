#pragma once

namespace Herald::Wire {

/// The shape a connection speaks (PROTOCOL.md, "Dialects").
enum class Dialect {
    Herald, // the envelope of PROTOCOL.md
    Rooms,  // seed 003's room chat frames
    Raw,    // deliveries are the published data itself
};
constexpr int kDialectCount = 3;

} // namespace Herald::Wire
