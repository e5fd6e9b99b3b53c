#pragma once

#include <herald/httpconfig.h>
#include <herald/hub_export.h>
#include <herald/securityconfig.h>

#include <QString>

#include <chrono>

namespace Herald {

/// Everything a hub can be told. The library never reads the command line
/// or the environment: herald-hub (or the embedding app) fills this in.
struct HERALD_HUB_EXPORT HubConfig
{
    /// Largest text frame or message a client may send; larger closes 1009.
    qint64 maxMessageSize = 1048576;
    /// Publications kept per channel for history and recovery.
    int historySize = 100;
    /// How long a channel with no subscribers keeps its state (history,
    /// seq, epoch) before it is dropped.
    std::chrono::milliseconds historyTtl = std::chrono::seconds(300);
    /// WebSocket pings to every client at this interval (0: never).
    std::chrono::milliseconds pingInterval = std::chrono::seconds(30);
    /// A client that sends nothing (not even a pong) this long is closed.
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(300);
    /// A connection that has not finished the WebSocket upgrade by then is dropped.
    std::chrono::milliseconds handshakeTimeout = std::chrono::seconds(10);
    /// Channels with more subscribers than this send no presence.joined/left
    /// events (each would go to every subscriber: a crowd joining costs the
    /// square of its size). The presence query still lists everyone. 0: no limit.
    int maxPresenceEventSubscribers = 1000;
    /// Several hubs share channels through this Redis server
    /// (redis://[:password@]host:port[/db]); empty: everything in memory.
    QString redisUrl;
    /// With redisUrl: give up (backplaneFailed()) if Redis cannot be
    /// reached at start, instead of serving and retrying.
    bool redisRequired = false;
    /// With redisUrl: how often this hub refreshes its members' presence in
    /// Redis; members of a hub that stops (killed) disappear everywhere after
    /// three of these.
    std::chrono::milliseconds presenceHeartbeat = std::chrono::seconds(5);
    /// Seed 004's clients: a connection that gives only ?user_id= (no ?c=,
    /// no ?protocol=) speaks `raw` and is subscribed to this channel, with
    /// {user_id} replaced by its user id (e.g. "user.{user_id}"). Empty: off.
    /// With anonymous connections anyone may claim any user id, as in seed
    /// 004 itself: use tokens (the id then comes from the token).
    QString rawUserRoute;
    /// Anonymous connections from a loopback address may use the admin
    /// extensions (the $sys.stats channel, admin.* requests) as if they had
    /// the admin role: the monitor's local mode. Tokens with role admin always may.
    bool loopbackAdmin = true;
    /// How often a stats snapshot is published on $sys.stats (while anyone
    /// listens).
    std::chrono::milliseconds statsInterval = std::chrono::seconds(1);
    /// Event loops serving connections, each its own thread; 1 keeps the
    /// whole hub in the thread that owns it (hooks are then called there too).
    int threads = 1;
    /// With threads > 1, on Linux: every shard thread gets a descriptor
    /// table of its own (unshare(CLONE_FILES)), so the hub holds up to
    /// `threads` times RLIMIT_NOFILE connections. Accepted sockets reach
    /// their thread over a socketpair. In each shard's table the copies of
    /// the process's other sockets and pipes are closed at start; code run in
    /// a shard thread (the authenticate/authorise hooks) then sees only that
    /// table, and must not post events to threads started after listen()
    /// (their wake-up descriptor is not in it). docs/architecture.md.
    bool threadDescriptorTables = true;
    /// More than this many bad frames within badFrameWindow closes with 4003.
    int maxBadFrames = 10;
    std::chrono::milliseconds badFrameWindow = std::chrono::seconds(60);
    /// The HTTP endpoints on the same port: API keys, limits, console, metrics.
    HttpConfig http;
    /// Tokens, channel rules, tenants and per-client limits (rate, outbox,
    /// connections, subscriptions): docs/security.md.
    SecurityConfig security;

    /// A one-line reason this configuration cannot work, or empty.
    QString validate() const;
};

} // namespace Herald
