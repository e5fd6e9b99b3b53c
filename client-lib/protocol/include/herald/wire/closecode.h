#pragma once

namespace Herald::Wire {

/// WebSocket close codes the hub uses (PROTOCOL.md, "Close codes").
namespace CloseCode {
constexpr int Normal = 1000;
constexpr int GoingAway = 1001;         // hub shutting down: reconnect
constexpr int TooLarge = 1009;          // frame over the configured maximum
constexpr int AuthFailed = 4001;        // missing, invalid or expired token
constexpr int RateLimited = 4002;       // rate limit exceeded persistently
constexpr int ProtocolViolation = 4003; // invalid frames persistently
constexpr int TooManyConnections = 4004;
constexpr int SlowConsumer = 4005;
} // namespace CloseCode

} // namespace Herald::Wire
