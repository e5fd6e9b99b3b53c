#pragma once

// The backplane's Lua scripts. Each runs atomically inside Redis, so seq,
// epoch, history and the pub/sub fan-out of one publication can never be
// seen half done by another hub. Key and message shapes: docs/scaling.md.
// Redis >= 5.0 (streams); the scripts only touch the keys they are given.

namespace Herald::RedisScripts {

// KEYS: state hash, stream.
// ARGV: pub/sub channel, epoch to use if the channel has none, history
//       size, key TTL in ms (0: none), the publication's JSON without its
//       closing brace (seq and epoch are only known here).
// Returns {seq, epoch}.
inline constexpr char publish[] = R"lua(
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  -- A new epoch: whatever history is left belongs to a state now gone.
  epoch = ARGV[2]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local payload = ARGV[5] .. ',"seq":' .. string.format('%d', seq) ..
                ',"epoch":' .. cjson.encode(epoch) .. '}'
local history = tonumber(ARGV[3])
if history > 0 then
  -- Entry ids are the seqs, so recovery reads a range by seq. Exact
  -- trimming (MAXLEN without ~) keeps history bounds exact for recovery.
  local id = string.format('%d', seq) .. '-0'
  local added = redis.pcall('XADD', KEYS[2], 'MAXLEN', history, id, 'p', payload)
  if type(added) == 'table' and added.err then
    -- A stream out of step with the seq (edited by hand): start it again
    -- rather than leave this publication out of history.
    redis.call('DEL', KEYS[2])
    redis.call('XADD', KEYS[2], 'MAXLEN', history, id, 'p', payload)
  end
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('PUBLISH', ARGV[1], payload)
return {seq, epoch}
)lua";

// KEYS: state hash, stream.
// ARGV: epoch to create if the channel has none, since ('' for the newest),
//       limit, the epoch the caller knows ('' if none), key TTL in ms.
// With a since: the first `limit` entries after it, oldest first. Without:
// the newest `limit`, oldest first. When the caller's epoch is not the
// channel's, the range starts at the new epoch's first seq instead.
// Returns {seq, epoch, {payload...}}.
inline constexpr char read[] = R"lua(
local state = redis.call('HMGET', KEYS[1], 'seq', 'epoch')
local seq = tonumber(state[1]) or 0
local epoch = state[2]
if not epoch then
  epoch = ARGV[1]
  seq = 0
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
  local ttl = tonumber(ARGV[5])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
local limit = tonumber(ARGV[3])
local payloads = {}
if limit > 0 then
  local since = ARGV[2]
  if ARGV[4] ~= '' and ARGV[4] ~= epoch then
    since = '0'
  end
  local entries
  if since == '' then
    entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', limit)
    for i = #entries, 1, -1 do
      payloads[#payloads + 1] = entries[i][2][2]
    end
  else
    local first = string.format('%d', tonumber(since) + 1) .. '-0'
    entries = redis.call('XRANGE', KEYS[2], first, '+', 'COUNT', limit)
    for i = 1, #entries do
      payloads[#payloads + 1] = entries[i][2][2]
    end
  end
end
return {seq, epoch, payloads}
)lua";

// KEYS: presence hash (member id -> member JSON), expiry sorted set
//       (member id -> when it expires, in Redis's own clock).
// ARGV: pub/sub channel, member TTL in ms, '1' to return the members,
//       then triples of (op, member id, member JSON) with op one of
//       'join' (add or refresh; announced if new), 'leave'.
// Members whose hub stopped refreshing them are removed first, and their
// leave announced, so every hub sees a dead hub's members go.
inline constexpr char presence[] = R"lua(
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local function announce(kind, member)
  redis.call('PUBLISH', ARGV[1], '{"v":1,"presence":"' .. kind .. '","member":' .. member .. '}')
end
local function remove(id)
  local member = redis.call('HGET', KEYS[1], id)
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  if member then
    announce('leave', member)
  end
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do
  remove(id)
end
local ttl = tonumber(ARGV[2])
for i = 4, #ARGV, 3 do
  local op, id = ARGV[i], ARGV[i + 1]
  if op == 'leave' then
    remove(id)
  else
    local added = redis.call('HSET', KEYS[1], id, ARGV[i + 2])
    redis.call('ZADD', KEYS[2], now + ttl, id)
    if added == 1 then
      announce('join', ARGV[i + 2])
    end
  end
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  -- Nobody refreshing: the whole set goes when its last member would.
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
if ARGV[3] == '1' then
  return redis.call('HVALS', KEYS[1])
end
return #expired
)lua";

} // namespace Herald::RedisScripts
