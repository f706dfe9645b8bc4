// The Redis store's Lua scripts. Each runs atomically on the server, and every key a
// script touches is passed in KEYS and shares one hash tag, so each script stays on one
// slot of a Redis Cluster (see redisKeys.ts). Times are the server's clock (`now`
// arguments), never Redis's, so a test's manual clock and Redis agree. All are called
// with the number of keys first (EVALSHA's numkeys).

/**
 * Queues webhook deliveries (the outbox) inside a call's write. `first` is the index in
 * KEYS of the due index, followed by the all-deliveries index, the call's index and one
 * key per delivery; `from` the index in ARGV of the first delivery's six values:
 * id, json, nextAttemptAt|'', createdAt, version, state.
 */
const QUEUE_WEBHOOKS = `
local function queueWebhooks(first, from)
  local n = 0
  for i = from, #ARGV, 6 do
    local id = ARGV[i]
    local key = KEYS[first + 3 + n]
    redis.call('HSET', key, 'version', ARGV[i + 4], 'state', ARGV[i + 5], 'data', ARGV[i + 1])
    if ARGV[i + 5] == 'pending' and ARGV[i + 2] ~= '' then
      redis.call('ZADD', KEYS[first], ARGV[i + 2], id)
    end
    redis.call('ZADD', KEYS[first + 1], ARGV[i + 3], id)
    redis.call('ZADD', KEYS[first + 2], ARGV[i + 3], id)
    n = n + 1
  end
end
`;

/**
 * Keeps a call's place in the operator listings (redisKeys.ts: byTime, byState, byWidget,
 * byWidgetState, byAgent): sorted sets of `<createdAt, 15 digits>:<id>` members, all scored 0.
 * `tag` is the calls' key prefix (`{prefix}:`); every key built here shares its hash tag.
 * A call hash with a `state` field is listed: every script that writes the field lists it.
 */
const LISTING_KEYS = `
local function listingMember(createdAt, id)
  return string.format('%015d', tonumber(createdAt)) .. ':' .. id
end
local function listState(tag, member, state, widget)
  redis.call('ZADD', tag .. 'by-state:' .. state, 0, member)
  redis.call('ZADD', tag .. 'by-widget-state:' .. widget .. ':' .. state, 0, member)
end
local function listAgents(tag, member, agents)
  for _, agent in ipairs(agents) do redis.call('ZADD', tag .. 'by-agent:' .. agent, 0, member) end
end
local function listCall(tag, member, state, widget, agents)
  redis.call('ZADD', tag .. 'by-time', 0, member)
  redis.call('ZADD', tag .. 'by-widget:' .. widget, 0, member)
  listState(tag, member, state, widget)
  listAgents(tag, member, agents)
end
local function unlistState(tag, member, state, widget)
  redis.call('ZREM', tag .. 'by-state:' .. state, member)
  redis.call('ZREM', tag .. 'by-widget-state:' .. widget .. ':' .. state, member)
end
local function storedAgents(call)
  local agents = {}
  if type(call.attempts) == 'table' then
    for _, a in ipairs(call.attempts) do
      if type(a.agentId) == 'string' then agents[#agents + 1] = a.agentId end
    end
  end
  return agents
end
`;

/**
 * Inserts a call with its idempotency key and first event unless the key is held.
 * Lists the call (LISTING_KEYS) and publishes its first event for the live view.
 * KEYS: idem, call, events, due, open, final, idem-expiry, then the outbox's (QUEUE_WEBHOOKS).
 * ARGV: at, callId, fingerprint, expiresAt, ttlMs, version, callJson, checkAt|'', final 1|0,
 * createdAt, updatedAt, seq, eventJson, idempotency key, call id, channel, tag, listing
 * member, state, widgetId, agents (JSON array), then the outbox's.
 * Returns nil when created, else the held key's { callId, fingerprint, expiresAt }.
 */
export const CREATE_CALL = `${QUEUE_WEBHOOKS}${LISTING_KEYS}
local held = redis.call('HMGET', KEYS[1], 'callId', 'fingerprint', 'expiresAt')
if held[1] and tonumber(held[3]) > tonumber(ARGV[1]) then return held end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.error_reply('ERR ringback: call ' .. ARGV[15] .. ' already exists')
end
if held[1] then redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], 'callId', ARGV[2], 'fingerprint', ARGV[3], 'expiresAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[7], ARGV[4], ARGV[14])
redis.call('HSET', KEYS[2], 'version', ARGV[6], 'lastSeq', ARGV[12], 'state', ARGV[19], 'data', ARGV[7])
redis.call('ZADD', KEYS[3], ARGV[12], ARGV[13])
local id = ARGV[15]
if ARGV[8] ~= '' then redis.call('ZADD', KEYS[4], ARGV[8], id) end
if ARGV[9] == '1' then
  redis.call('ZADD', KEYS[6], ARGV[11], id)
else
  redis.call('ZADD', KEYS[5], ARGV[10], id)
end
listCall(ARGV[17], ARGV[18], ARGV[19], ARGV[20], cjson.decode(ARGV[21]))
queueWebhooks(8, 22)
redis.call('PUBLISH', ARGV[16], '{"prev":0,"event":' .. ARGV[13] .. '}')
return false
`;

/**
 * Compare-and-set of a call, its indexes, its event and the event's publication.
 * Moves the call between the listings of its previous and new state (LISTING_KEYS), and
 * adds its agents; a call stored before the listings is listed in full.
 * KEYS: call, events, due, open, final, then the outbox's (QUEUE_WEBHOOKS).
 * ARGV: expectedVersion, version, callJson, checkAt|'', final 1|0, callId, createdAt,
 * updatedAt, seq|'', eventJson, channel, tag, listing member, state, widgetId, agents (JSON
 * array), then the outbox's.
 * Returns nil when the version moved on, -1 when stored without an event, else the seq of
 * the call's previous event (subscribers use it to notice a missed message).
 */
export const UPDATE_CALL = `${QUEUE_WEBHOOKS}${LISTING_KEYS}
local stored = redis.call('HMGET', KEYS[1], 'version', 'state', 'lastSeq')
if not stored[1] or tonumber(stored[1]) ~= tonumber(ARGV[1]) then return false end
local tag, member, state, widget = ARGV[12], ARGV[13], ARGV[14], ARGV[15]
local agents = cjson.decode(ARGV[16])
local previous = stored[2]
if previous then
  if previous ~= state then
    unlistState(tag, member, previous, widget)
    listState(tag, member, state, widget)
  end
  listAgents(tag, member, agents)
else
  -- Stored before the listings: no 'state' field (its JSON says it), maybe not listed.
  previous = cjson.decode(redis.call('HGET', KEYS[1], 'data')).state
  if previous ~= state then unlistState(tag, member, previous, widget) end
  listCall(tag, member, state, widget, agents)
end
if ARGV[9] == '' then
  redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', state, 'data', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', state, 'data', ARGV[3], 'lastSeq', ARGV[9])
end
queueWebhooks(6, 17)
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[3], ARGV[6])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[6])
end
if ARGV[5] == '1' then
  redis.call('ZREM', KEYS[4], ARGV[6])
  redis.call('ZADD', KEYS[5], ARGV[8], ARGV[6])
else
  redis.call('ZADD', KEYS[4], ARGV[7], ARGV[6])
  redis.call('ZREM', KEYS[5], ARGV[6])
end
if ARGV[9] == '' then return -1 end
local prev = tonumber(stored[3]) or 0
redis.call('ZADD', KEYS[2], ARGV[9], ARGV[10])
redis.call('PUBLISH', ARGV[11], '{"prev":' .. string.format('%d', prev) .. ',"event":' .. ARGV[10] .. '}')
return prev
`;

/**
 * Sliding-window limits, checked all before any is charged. Plain limits keep one
 * sorted-set entry per hit (score = time); distinct limits one entry per member (score =
 * when last seen), so a member already in the window is always allowed. Entries that
 * left their window decide nothing and are dropped first, so what is left is counted.
 * A counter's entry in the expiry index (purge's, on the server's clock) and its TTL
 * (cleanup only, on Redis's, a minute later) are pushed forward when a hit would outlive
 * them, by an eighth of the window more: a busy counter moves them a few times a window,
 * not on every hit.
 * KEYS: rate-expiry index, then one counter per check.
 * ARGV: now, request id, then per check: limit, windowMs, member ('' for plain).
 * Returns [] when allowed, else flat [checkIndex (1-based), retryAfterMs, …].
 */
export const CONSUME_RATE_LIMITS = `
local now = tonumber(ARGV[1])
local denied = {}
for i = 1, #KEYS - 1 do
  local key = KEYS[i + 1]
  local limit = tonumber(ARGV[3 * i])
  local window = tonumber(ARGV[3 * i + 1])
  local member = ARGV[3 * i + 2]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window))
  if member == '' or not redis.call('ZSCORE', key, member) then
    local count = redis.call('ZCARD', key)
    if count >= limit then
      local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
      local retry = tonumber(oldest[2]) + window - now
      if retry < 1 then retry = 1 end
      denied[#denied + 1] = i
      denied[#denied + 1] = retry
    end
  end
end
if #denied > 0 then return denied end
for i = 1, #KEYS - 1 do
  local key = KEYS[i + 1]
  local window = tonumber(ARGV[3 * i + 1])
  local member = ARGV[3 * i + 2]
  if member == '' then
    redis.call('ZADD', key, now, ARGV[2] .. ':' .. i)
  else
    redis.call('ZADD', key, 'GT', now, member)
  end
  local due = tonumber(redis.call('ZSCORE', KEYS[1], key))
  if not due or due < now + window then
    local later = now + window + math.ceil(window / 8)
    redis.call('ZADD', KEYS[1], later, key)
    redis.call('PEXPIRE', key, later - now + 60000)
  end
end
return denied
`;

/**
 * Drops the given idempotency keys if they are still expired at `now`.
 * KEYS: idem-expiry index, then the idem keys. ARGV: now, then each key's index member.
 */
export const PURGE_KEYS = `
local now = tonumber(ARGV[1])
for i = 2, #KEYS do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= now then
    local expires = redis.call('HGET', KEYS[i], 'expiresAt')
    if not expires or tonumber(expires) <= now then redis.call('DEL', KEYS[i]) end
    redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return #KEYS - 1
`;

/**
 * Drops final calls (with their events and listings) last updated before `before`.
 * KEYS: final, due, open, then call and events key per call. ARGV: before, tag, then call ids.
 */
export const PURGE_CALLS = `${LISTING_KEYS}
local before = tonumber(ARGV[1])
local tag = ARGV[2]
for i = 3, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) < before then
    local data = redis.call('HGET', KEYS[2 * i - 2], 'data')
    if data then
      local call = cjson.decode(data)
      local member = listingMember(call.createdAt, call.id)
      unlistState(tag, member, call.state, call.widgetId)
      redis.call('ZREM', tag .. 'by-time', member)
      redis.call('ZREM', tag .. 'by-widget:' .. call.widgetId, member)
      for _, agent in ipairs(storedAgents(call)) do
        redis.call('ZREM', tag .. 'by-agent:' .. agent, member)
      end
    end
    redis.call('DEL', KEYS[2 * i - 2], KEYS[2 * i - 1])
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    redis.call('ZREM', KEYS[3], ARGV[i])
  end
end
return #ARGV - 2
`;

/**
 * Whether the listings may lack calls an older server stored: 0 once they were built, and
 * for a store with no calls at all, which is marked built in the same step, so calls
 * written from now on (listed by their own writes) are never walked. KEYS: listings-ready,
 * the open index, the final index (every call is in one of them). ARGV: now.
 */
export const LISTINGS_PENDING = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3]) > 0 then return 1 end
redis.call('SET', KEYS[1], ARGV[1])
return 0
`;

/**
 * Lists calls stored before the listings existed, from their JSON (idempotent).
 * KEYS: one call key each. ARGV: tag. Returns how many were found.
 */
export const LIST_STORED_CALLS = `${LISTING_KEYS}
local found = 0
for i = 1, #KEYS do
  local data = redis.call('HGET', KEYS[i], 'data')
  if data then
    local call = cjson.decode(data)
    listCall(ARGV[1], listingMember(call.createdAt, call.id), call.state, call.widgetId, storedAgents(call))
    redis.call('HSET', KEYS[i], 'state', call.state)
    found = found + 1
  end
end
return found
`;

/**
 * Drops rate counters none of whose entries is still inside its window at `now`.
 * KEYS: rate-expiry index, then the counters. ARGV: now.
 */
export const PURGE_RATE = `
local now = tonumber(ARGV[1])
for i = 2, #KEYS do
  local score = redis.call('ZSCORE', KEYS[1], KEYS[i])
  if score and tonumber(score) <= now then
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', KEYS[1], KEYS[i])
  end
end
return #KEYS - 1
`;

/**
 * Takes a lease if it is free, expired at `now`, or already the holder's.
 * KEYS: lease, lease-expiry index. ARGV: holder, until, now, cleanup ttl ms.
 * Returns 1 when held, else 0.
 */
export const ACQUIRE_LEASE = `
local cur = redis.call('HMGET', KEYS[1], 'holder', 'until')
if cur[1] and cur[1] ~= ARGV[1] and tonumber(cur[2]) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'until', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
return 1
`;

/**
 * Drops leases expired at `now`. KEYS: lease-expiry index, then the leases. ARGV: now.
 */
export const PURGE_LEASES = `
local now = tonumber(ARGV[1])
for i = 2, #KEYS do
  local untilAt = redis.call('HGET', KEYS[i], 'until')
  if not untilAt or tonumber(untilAt) <= now then
    redis.call('DEL', KEYS[i])
    redis.call('ZREM', KEYS[1], KEYS[i])
  end
end
return #KEYS - 1
`;

/** Frees a lease if `holder` holds it. KEYS: lease. ARGV: holder. */
export const RELEASE_LEASE = `
if redis.call('HGET', KEYS[1], 'holder') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Compare-and-set of a webhook delivery and its place in the due index.
 * KEYS: delivery, due. ARGV: expectedVersion, version, state, json, nextAttemptAt|'', id.
 * Returns 1 when stored, 0 when the version moved on.
 */
export const UPDATE_WEBHOOK = `
local version = redis.call('HGET', KEYS[1], 'version')
if not version or tonumber(version) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3], 'data', ARGV[4])
if ARGV[3] == 'pending' and ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
else
  redis.call('ZREM', KEYS[2], ARGV[6])
end
return 1
`;

/**
 * Drops deliveries no longer pending created before `before`.
 * KEYS: all-deliveries index, due index, then per delivery: its key, its call's index.
 * ARGV: before, then the delivery ids. Returns how many were dropped.
 */
export const PURGE_WEBHOOKS = `
local before = tonumber(ARGV[1])
local dropped = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local score = redis.call('ZSCORE', KEYS[1], id)
  local state = redis.call('HGET', KEYS[2 * i - 1], 'state')
  if score and tonumber(score) < before and state ~= 'pending' then
    redis.call('DEL', KEYS[2 * i - 1])
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[2 * i], id)
    dropped = dropped + 1
  end
end
return dropped
`;

/**
 * One batch of a listing with the records it names, in one round trip (read-only).
 * KEYS: the listing. ARGV: tag, from, to (ZRANGEBYLEX bounds in reading order), count,
 * '1' to read newest first. Returns flat [member, data|false, …].
 */
export const READ_LISTING = `
local members
if ARGV[5] == '1' then
  members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
else
  members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
end
local out = {}
for i, member in ipairs(members) do
  local id = string.sub(member, string.find(member, ':', 1, true) + 1)
  out[2 * i - 1] = member
  out[2 * i] = redis.call('HGET', ARGV[1] .. 'call:' .. id, 'data')
end
return out
`;

/**
 * The counters of several stats hashes in one reply (read-only). KEYS: the hashes.
 * Returns one JSON text: an array with, per hash, its HGETALL as a flat [field, value, …]
 * array (an empty hash comes as \`{}\`, cjson's empty table). One string instead of two per
 * counter: ioredis decodes a reply element by element, which cost several times Redis's
 * own work, and JSON.parse reads the same data natively.
 */
export const READ_STATS_HASHES = `
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('HGETALL', key)
end
return cjson.encode(out)
`;

/**
 * Adds a change's counters in one call (atomic, as the MULTI it replaces). KEYS: per stats
 * hash, three: the hash, its scale's index and its widget's index. ARGV: per hash, its start,
 * its member in the scale's index and how many fields follow, then each field and the
 * amount to add. One command instead of an HINCRBY per counter and two ZADDs per hash:
 * ioredis's work per command was most of the cost.
 */
export const ADD_STATS = `
local a = 1
for k = 1, #KEYS, 3 do
  local start, member, fields = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  for _ = 1, fields do
    redis.call('HINCRBY', KEYS[k], ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  redis.call('ZADD', KEYS[k + 1], start, member)
  redis.call('ZADD', KEYS[k + 2], start, start)
end
return 0
`;
