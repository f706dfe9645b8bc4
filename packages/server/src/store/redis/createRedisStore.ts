import type { RedisOptions } from 'ioredis';
import { type Logger, silentLogger } from '../../domain/logger.js';
import type { Store } from '../../domain/Store.js';
import { backfillRedisListings, listingsPending } from './backfillRedisListings.js';
import { consumeRedisRateLimits } from './consumeRedisRateLimits.js';
import { openRedisSession } from './openRedisSession.js';
import { purgeRedis } from './purgeRedis.js';
import { redisCalls } from './redisCalls.js';
import { REDIS_PREFIX } from './redisKeys.js';
import { redisLeases } from './redisLeases.js';
import { purgeRedisOperator, redisOperator } from './redisOperator.js';
import { purgeRedisWebhooks, redisWebhooks } from './redisWebhooks.js';

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
  const logger = options.logger ?? silentLogger;
  const session = await openRedisSession({
    prefix,
    url: options.url,
    clusterNodes: options.clusterNodes,
    commandTimeoutMs: options.commandTimeoutMs ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    redisOptions: options.redisOptions,
    logger,
  });
  // Calls stored by an older server join the operator listings in the background. If
  // Redis cannot say whether any are left, the walk finds out (and logs why it could not).
  let closing = false;
  const backfill = (await listingsPending(session).catch(() => true))
    ? backfillRedisListings(session, logger, () => closing).catch((error: Error) =>
        logger.warn({ msg: 'redis call listings not built yet', reason: error.message }),
      )
    : undefined;
  return {
    ...redisCalls(session),
    ...redisOperator(session),
    ...redisLeases(session),
    ...redisWebhooks(session),
    consumeRateLimits: (checks, now) => consumeRedisRateLimits(session, checks, now),
    purge: async (now, callsBefore) => {
      await purgeRedis(session, now, callsBefore);
      await purgeRedisWebhooks(session, callsBefore);
      await purgeRedisOperator(session, now);
    },
    ping: () => session.ping(),
    close: async () => {
      closing = true;
      await backfill;
      await session.close();
    },
  };
}
