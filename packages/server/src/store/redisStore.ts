import { randomUUID } from 'node:crypto';
import type { RedisOptions } from 'ioredis';
import { isFinal } from '../domain/callState.js';
import { type Logger, silentLogger } from '../domain/logger.js';
import type { CallEvent, CallRecord, Store } from '../domain/Store.js';
import { StoreUnavailableError } from '../domain/StoreUnavailableError.js';
import { connectRedis, toStoreError, watchConnection } from './redis/connectRedis.js';
import { type PublishedEvent, RedisFanout } from './redis/RedisFanout.js';
import { REDIS_PREFIX, redisKeys } from './redis/redisKeys.js';
import {
  CONSUME_RATE_LIMITS,
  CREATE_CALL,
  PURGE_CALLS,
  PURGE_KEYS,
  PURGE_RATE,
  UPDATE_CALL,
} from './redis/redisScripts.js';

export interface RedisStoreOptions {
  /**
   * `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS.
   * @default 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** Redis Cluster: start-up nodes as `redis://[:password@]host:port` URLs, instead of `url`. */
  clusterNodes?: string[];
  /**
   * Starts every key and names the pub/sub channel. Instances that share calls share it;
   * unrelated deployments on one Redis use different ones. Letters, digits and `_.:-`.
   * @default 'ringback'
   */
  prefix?: string;
  /** A command Redis has not answered after this many ms fails with `StoreUnavailableError`. @default 2000 */
  commandTimeoutMs?: number;
  /** How long to wait for a connection, at start-up and on each reconnection attempt. @default 5000 */
  connectTimeoutMs?: number;
  /** More ioredis options (TLS, `username`, `db`, …). The store's fail-fast options win over these. */
  redisOptions?: RedisOptions;
  /** Where connection losses and recoveries are logged. @default silent */
  logger?: Logger;
}

const SCRIPTS = {
  ringbackCreateCall: CREATE_CALL,
  ringbackUpdateCall: UPDATE_CALL,
  ringbackConsumeRateLimits: CONSUME_RATE_LIMITS,
  ringbackPurgeKeys: PURGE_KEYS,
  ringbackPurgeCalls: PURGE_CALLS,
  ringbackPurgeRate: PURGE_RATE,
};
type ScriptName = keyof typeof SCRIPTS;
type ScriptCaller = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

const PURGE_BATCH = 200;
// An idempotency key's Redis TTL outlives its `expiresAt` by this much, so the server's
// clock, not Redis's, decides when a key is gone; the TTL only cleans up if purge never runs.
const KEY_TTL_SLACK_MS = 3600_000;

/**
 * The store for several instances behind a load balancer: calls, idempotency keys and
 * rate-limit counters in Redis, each change written by one Lua script (atomic even in a
 * Redis Cluster: see src/store/redis/redisKeys.ts), and every change published so each
 * instance's event streams see the changes any instance stores. Needs the optional peer
 * dependency `ioredis` (6.x).
 *
 * While Redis is unreachable every method rejects at once, or after `commandTimeoutMs`,
 * with `StoreUnavailableError` (the server answers `503 service_unavailable`); the
 * connections come back by themselves, and subscribers then read what they missed.
 *
 * @throws StoreUnavailableError when Redis cannot be reached at start-up.
 */
export async function createRedisStore(options: RedisStoreOptions = {}): Promise<Store> {
  const prefix = options.prefix ?? 'ringback';
  if (!REDIS_PREFIX.test(prefix)) {
    throw new TypeError(
      `The redis store prefix ${JSON.stringify(prefix)} must be 1 to 64 letters, digits, "_", ".", ":" or "-".`,
    );
  }
  if (options.clusterNodes?.length === 0)
    throw new TypeError('clusterNodes must name at least one node.');
  const keys = redisKeys(prefix);
  const logger = options.logger ?? silentLogger;
  const { client, subscriber } = await connectRedis({
    url: options.url,
    clusterNodes: options.clusterNodes,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    redisOptions: options.redisOptions,
  });
  let closed = false;
  watchConnection(client, 'commands', logger, () => closed);
  watchConnection(subscriber, 'events', logger, () => closed);
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { lua });

  const run = async <T>(command: () => Promise<T>): Promise<T> => {
    if (closed) throw new Error('The redis store is closed.');
    try {
      return await command();
    } catch (error) {
      throw toStoreError(error);
    }
  };
  const script = (name: ScriptName, scriptKeys: string[], args: (string | number)[]) =>
    run(() =>
      (client as unknown as Record<ScriptName, ScriptCaller>)[name](
        scriptKeys.length,
        ...scriptKeys,
        ...args,
      ),
    );

  const readCalls = async (ids: string[]): Promise<CallRecord[]> => {
    const data = await run(() => Promise.all(ids.map((id) => client.hget(keys.call(id), 'data'))));
    return data.filter((d): d is string => d !== null).map((d) => JSON.parse(d) as CallRecord);
  };
  const listEvents = async (callId: string, afterSeq: number): Promise<CallEvent[]> => {
    const members = await run(() =>
      client.zrangebyscore(keys.events(callId), `(${afterSeq}`, '+inf'),
    );
    return members.map((m) => JSON.parse(m) as CallEvent);
  };

  const fanout = new RedisFanout({
    lastSeq: async (callId) =>
      Number((await run(() => client.hget(keys.call(callId), 'lastSeq'))) ?? 0),
    events: listEvents,
  });
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== keys.channel) return;
    let message: PublishedEvent;
    try {
      message = JSON.parse(text) as PublishedEvent;
    } catch {
      return;
    }
    fanout.publish(message);
  });
  try {
    await run(() => subscriber.subscribe(keys.channel));
  } catch (error) {
    client.disconnect();
    subscriber.disconnect();
    throw error;
  }
  // After a reconnection: subscribe again, then catch up on what was published meanwhile.
  subscriber.on('ready', () => {
    if (closed) return;
    subscriber.subscribe(keys.channel).then(
      () => fanout.resync(),
      (error: Error) => logger.warn({ msg: 'redis resubscribe failed', reason: error.message }),
    );
  });
  // The catch-up reads go through the command connection, which may come back second.
  client.on('ready', () => {
    if (!closed) fanout.resync();
  });

  /** Deletes what `select` lists, a batch at a time, through a script that re-checks each entry. */
  const purgeBatches = async (
    select: () => Promise<string[]>,
    purge: (members: string[]) => Promise<unknown>,
  ) => {
    for (;;) {
      const members = await select();
      if (members.length > 0) await purge(members);
      if (members.length < PURGE_BATCH) return;
    }
  };

  return {
    async createCall(call, key, event) {
      const held = (await script(
        'ringbackCreateCall',
        [
          keys.idempotency(key.key),
          keys.call(call.id),
          keys.events(call.id),
          keys.due,
          keys.open,
          keys.final,
          keys.idempotencyExpiry,
        ],
        [
          event.at,
          key.callId,
          key.fingerprint,
          key.expiresAt,
          Math.max(key.expiresAt - event.at, 0) + KEY_TTL_SLACK_MS,
          call.version,
          JSON.stringify(call),
          call.checkAt ?? '',
          isFinal(call.state) ? 1 : 0,
          call.createdAt,
          call.updatedAt,
          event.seq,
          JSON.stringify(event),
          key.key,
          call.id,
        ],
      )) as [string, string, string] | null;
      if (!held) return { created: true };
      return {
        created: false,
        existing: {
          key: key.key,
          callId: held[0],
          fingerprint: held[1],
          expiresAt: Number(held[2]),
        },
      };
    },

    async getIdempotencyKey(key, now) {
      const [callId, fingerprint, expiresAt] = await run(() =>
        client.hmget(keys.idempotency(key), 'callId', 'fingerprint', 'expiresAt'),
      );
      if (callId == null || fingerprint == null || expiresAt == null) return undefined;
      if (Number(expiresAt) <= now) return undefined;
      return { key, callId, fingerprint, expiresAt: Number(expiresAt) };
    },

    async getCall(id) {
      const data = await run(() => client.hget(keys.call(id), 'data'));
      return data === null ? undefined : (JSON.parse(data) as CallRecord);
    },

    async updateCall(call, expectedVersion, event) {
      const prev = (await script(
        'ringbackUpdateCall',
        [keys.call(call.id), keys.events(call.id), keys.due, keys.open, keys.final],
        [
          expectedVersion,
          call.version,
          JSON.stringify(call),
          call.checkAt ?? '',
          isFinal(call.state) ? 1 : 0,
          call.id,
          call.createdAt,
          call.updatedAt,
          event ? event.seq : '',
          event ? JSON.stringify(event) : '',
          keys.channel,
        ],
      )) as number | null;
      if (prev === null) return false;
      if (event && prev >= 0) {
        // This instance's subscribers get the event now; the channel's copy is then a duplicate.
        await fanout.settle(call.id);
        fanout.publish({ prev, event });
      }
      return true;
    },

    listEvents,

    async listDueCalls(now, limit) {
      if (limit <= 0) return [];
      const ids = await run(() => client.zrangebyscore(keys.due, '-inf', now, 'LIMIT', 0, limit));
      return readCalls(ids);
    },

    async listOpenCalls(limit) {
      if (limit <= 0) return [];
      const ids = await run(() => client.zrange(keys.open, '0', String(limit - 1)));
      return readCalls(ids);
    },

    async consumeRateLimits(checks, now) {
      if (checks.length === 0) return { allowed: true };
      const denied = (await script(
        'ringbackConsumeRateLimits',
        [keys.rateExpiry, ...checks.map((c) => keys.rate(c.key, c.windowMs))],
        [now, randomUUID(), ...checks.flatMap((c) => [c.limit, c.windowMs, c.member ?? ''])],
      )) as number[];
      if (denied.length === 0) return { allowed: true };
      const result: { key: string; retryAfterMs: number }[] = [];
      for (let i = 0; i < denied.length; i += 2)
        result.push({ key: checks[denied[i]! - 1]!.key, retryAfterMs: denied[i + 1]! });
      return { allowed: false, denied: result };
    },

    subscribe(callId, listener) {
      return fanout.subscribe(callId, listener);
    },

    async purge(now, callsBefore) {
      await purgeBatches(
        () =>
          run(() =>
            client.zrangebyscore(keys.idempotencyExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH),
          ),
        (names) =>
          script(
            'ringbackPurgeKeys',
            [keys.idempotencyExpiry, ...names.map(keys.idempotency)],
            [now, ...names],
          ),
      );
      await purgeBatches(
        () =>
          run(() =>
            client.zrangebyscore(keys.final, '-inf', `(${callsBefore}`, 'LIMIT', 0, PURGE_BATCH),
          ),
        (ids) =>
          script(
            'ringbackPurgeCalls',
            [
              keys.final,
              keys.due,
              keys.open,
              ...ids.flatMap((id) => [keys.call(id), keys.events(id)]),
            ],
            [callsBefore, ...ids],
          ),
      );
      await purgeBatches(
        () =>
          run(() => client.zrangebyscore(keys.rateExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH)),
        (names) => script('ringbackPurgeRate', [keys.rateExpiry, ...names], [now]),
      );
    },

    async ping() {
      await run(() => client.ping());
      if (subscriber.status !== 'ready') {
        throw new StoreUnavailableError(
          'The Redis pub/sub connection is down: changes stored by other instances would be missed.',
        );
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      fanout.clear();
      await Promise.all(
        [client, subscriber].map((c) =>
          c.quit().then(
            () => {},
            () => c.disconnect(),
          ),
        ),
      );
    },
  };
}
