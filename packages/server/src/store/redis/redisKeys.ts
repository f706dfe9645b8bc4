import type { StatsScale } from '../../domain/Store.js';

export { REDIS_PREFIX } from '../../domain/redisPrefix.js';

export type RedisKeys = ReturnType<typeof redisKeys>;

/**
 * Every key the Redis store uses, under two hash tags (Redis Cluster hashes only the text
 * between the first `{` and `}`):
 *
 * - `{prefix}`: calls, their events, idempotency keys and the due / open / final indexes.
 *   One slot, so creating a call together with its idempotency key, and updating a call
 *   together with the indexes, are each one atomic script even in a Cluster. A deployment's
 *   call data therefore lives on one shard: Exotel's 200 calls a minute per account keep
 *   that far below what a single Redis serves.
 * - `{prefix:rate}`: the rate-limit counters, so one request's checks (IP, number, widget,
 *   global) are checked and charged by one script, all or none.
 * - `{prefix:stats}`: the operator statistics, so one `addStats` is one script call.
 *
 * The call listings (`byTime`, `byState`, …) are sorted sets whose members all score 0 and
 * read `<createdAt, 15 digits>:<call id>`, so a lexicographic range (ZRANGEBYLEX) is the
 * order (createdAt, then id) and a cursor is an exclusive bound: no tie is lost or repeated.
 * The call scripts derive the keys of a call's previous state from `tag` (they share the
 * calls' hash tag, so they sit on the script's slot).
 *
 * Pub/sub messages go to the `prefix:events` channel (not a key; Cluster broadcasts it).
 */
export function redisKeys(prefix: string) {
  const tag = `{${prefix}}`;
  const rateTag = `{${prefix}:rate}`;
  const statsTag = `{${prefix}:stats}`;
  return {
    /** What the call scripts put before the listing keys they derive (LISTING_KEYS in redisScripts.ts). */
    tag: `${tag}:`,
    /** Every call, by (createdAt, id). */
    byTime: `${tag}:by-time`,
    byState: (state: string) => `${tag}:by-state:${state}`,
    byWidget: (widgetId: string) => `${tag}:by-widget:${widgetId}`,
    byWidgetState: (widgetId: string, state: string) =>
      `${tag}:by-widget-state:${widgetId}:${state}`,
    /** Calls one of whose attempts rang the agent. */
    byAgent: (agentId: string) => `${tag}:by-agent:${agentId}`,
    /** Set once the listings hold every call stored before them (see backfillRedisListings). */
    listingsReady: `${tag}:listings-ready`,
    /**
     * A widget's counters of one UTC day (`quarter`) or one day of the console's zone (`day`,
     * named by the instant it starts): hash { <quarter since the start, 0–95; 0 for a day>|<agent length>:<agent><counter>: value }.
     * A day a hash, so a month is read in a few dozen replies rather than thousands.
     */
    statsHash: (scale: StatsScale, start: number, widgetId: string) =>
      `${statsTag}:${scale === 'quarter' ? 'day' : 'rollup'}:${start}:${widgetId}`,
    /** Every (start, widget) with counters of a scale, member `<start>:<widgetId>`, scored by the start. */
    statsIndex: (scale: StatsScale) => `${statsTag}:${scale === 'quarter' ? 'days' : 'rollups'}`,
    /** One widget's hashes of a scale, member and score their start. */
    widgetStatsIndex: (scale: StatsScale, widgetId: string) =>
      `${statsTag}:${scale === 'quarter' ? 'days' : 'rollups'}:${widgetId}`,
    /** An operator session: its JSON, expiring (Redis's clock, cleanup only) an hour after it. */
    session: (id: string) => `${tag}:session:${id}`,
    /** Sessions scored by `expiresAt`, for purging. */
    sessionExpiry: `${tag}:session-expiry`,
    /** The audit log: hash { id: json }. */
    audit: `${tag}:audit`,
    /** The audit log's order: members `<at, 15 digits>:<id>`, all scored 0. */
    auditIndex: `${tag}:audit-index`,
    call: (id: string) => `${tag}:call:${id}`,
    events: (id: string) => `${tag}:events:${id}`,
    idempotency: (key: string) => `${tag}:idem:${key}`,
    /** Calls with a `checkAt`, scored by it. */
    due: `${tag}:due`,
    /** Calls not final, scored by `createdAt`. */
    open: `${tag}:open`,
    /** Final calls, scored by `updatedAt`, for purging. */
    final: `${tag}:final`,
    /** Idempotency keys scored by `expiresAt`, for purging. */
    idempotencyExpiry: `${tag}:idem-expiry`,
    /** One counter per (key, window), so trimming by the window never drops another window's hits. */
    rate: (key: string, windowMs: number) => `${rateTag}:${windowMs}:${key}`,
    /** Counters scored by when their last entry leaves its window, for purging. */
    rateExpiry: `${rateTag}:expiry`,
    /** A lease: hash { holder, until }. */
    lease: (key: string) => `${tag}:lease:${key}`,
    /** Lease keys scored by `until`, for purging. */
    leaseExpiry: `${tag}:lease-expiry`,
    /** Every flag, one hash. */
    flags: `${tag}:flags`,
    counter: (key: string) => `${tag}:counter:${key}`,
    /** A webhook delivery: hash { version, state, data }. Same slot as calls, so a change and its deliveries are one script. */
    webhook: (id: string) => `${tag}:webhook:${id}`,
    /** Pending deliveries scored by `nextAttemptAt`. */
    webhooksDue: `${tag}:webhooks-due`,
    /** Every delivery scored by `createdAt`, for listing and purging. */
    webhooks: `${tag}:webhooks`,
    /** A call's deliveries scored by `createdAt`. */
    callWebhooks: (callId: string) => `${tag}:call-webhooks:${callId}`,
    channel: `${prefix}:events`,
  };
}
