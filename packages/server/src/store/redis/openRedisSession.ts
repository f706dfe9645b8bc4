import type { RedisOptions } from 'ioredis';
import type { Logger } from '../../domain/logger.js';
import type { CallEvent } from '../../domain/Store.js';
import { StoreUnavailableError } from '../../domain/StoreUnavailableError.js';
import { connectRedis, type RedisClient, toStoreError, watchConnection } from './connectRedis.js';
import { type PublishedEvent, RedisFanout } from './RedisFanout.js';
import { type RedisKeys, redisKeys } from './redisKeys.js';
import {
  ACQUIRE_LEASE,
  ADD_STATS,
  CONSUME_RATE_LIMITS,
  CREATE_CALL,
  LIST_STORED_CALLS,
  LISTINGS_PENDING,
  PURGE_CALLS,
  PURGE_KEYS,
  PURGE_LEASES,
  PURGE_RATE,
  PURGE_WEBHOOKS,
  READ_LISTING,
  READ_STATS_HASHES,
  RELEASE_LEASE,
  UPDATE_CALL,
  UPDATE_WEBHOOK,
} from './redisScripts.js';

const SCRIPTS = {
  ringbackCreateCall: CREATE_CALL,
  ringbackUpdateCall: UPDATE_CALL,
  ringbackConsumeRateLimits: CONSUME_RATE_LIMITS,
  ringbackPurgeKeys: PURGE_KEYS,
  ringbackPurgeCalls: PURGE_CALLS,
  ringbackPurgeRate: PURGE_RATE,
  ringbackAcquireLease: ACQUIRE_LEASE,
  ringbackReleaseLease: RELEASE_LEASE,
  ringbackPurgeLeases: PURGE_LEASES,
  ringbackUpdateWebhook: UPDATE_WEBHOOK,
  ringbackPurgeWebhooks: PURGE_WEBHOOKS,
  ringbackListingsPending: LISTINGS_PENDING,
  ringbackListStoredCalls: LIST_STORED_CALLS,
  ringbackReadListing: READ_LISTING,
  ringbackReadStatsHashes: READ_STATS_HASHES,
  ringbackAddStats: ADD_STATS,
};
export type RedisScriptName = keyof typeof SCRIPTS;
type ScriptCaller = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;

export interface RedisSessionOptions {
  prefix: string;
  url: string | undefined;
  clusterNodes: string[] | undefined;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  redisOptions: RedisOptions | undefined;
  logger: Logger;
}

/** What the Redis store's parts share: the connections, the scripts and the fan-out. */
export interface RedisSession {
  keys: RedisKeys;
  /** Hands each subscriber its call's events, whichever instance stored them. */
  fanout: RedisFanout;
  /** Runs commands on the command connection; failures to reach Redis become `StoreUnavailableError`. */
  run<T>(command: (client: RedisClient) => Promise<T>): Promise<T>;
  /** Runs one of the store's Lua scripts (redisScripts.ts) on `keys` with `args`. */
  script(name: RedisScriptName, keys: string[], args: (string | number)[]): Promise<unknown>;
  /** A call's stored events with `seq > afterSeq`, oldest first. */
  events(callId: string, afterSeq: number): Promise<CallEvent[]>;
  /** Rejects unless both connections are up. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to Redis (a server or a Cluster) twice, for commands and for pub/sub, loads
 * the scripts and subscribes to the store's channel. Each connection comes back by
 * itself after a loss; the subscriber then subscribes again and every stream reads what
 * was stored meanwhile.
 *
 * @throws StoreUnavailableError when Redis cannot be reached.
 */
export async function openRedisSession(options: RedisSessionOptions): Promise<RedisSession> {
  const { logger } = options;
  const keys = redisKeys(options.prefix);
  const { client, subscriber } = await connectRedis(options);
  let closed = false;
  watchConnection(client, 'commands', logger, () => closed);
  watchConnection(subscriber, 'events', logger, () => closed);
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { lua });

  const run = async <T>(command: (client: RedisClient) => Promise<T>): Promise<T> => {
    if (closed) throw new Error('The redis store is closed.');
    try {
      return await command(client);
    } catch (error) {
      throw toStoreError(error);
    }
  };
  const events = async (callId: string, afterSeq: number): Promise<CallEvent[]> => {
    const members = await run((c) => c.zrangebyscore(keys.events(callId), `(${afterSeq}`, '+inf'));
    return members.map((m) => JSON.parse(m) as CallEvent);
  };
  const fanout = new RedisFanout({
    lastSeq: async (callId) =>
      Number((await run((c) => c.hget(keys.call(callId), 'lastSeq'))) ?? 0),
    events,
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
    fanout.broadcast(message);
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

  return {
    keys,
    fanout,
    run,
    script: (name, scriptKeys, args) =>
      run((c) =>
        (c as unknown as Record<RedisScriptName, ScriptCaller>)[name](
          scriptKeys.length,
          ...scriptKeys,
          ...args,
        ),
      ),
    events,
    async ping() {
      await run((c) => c.ping());
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
