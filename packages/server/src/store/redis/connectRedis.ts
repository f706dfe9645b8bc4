import type { Cluster, Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../../domain/logger.js';
import { StoreUnavailableError } from '../../domain/StoreUnavailableError.js';
import { coalesceCommandWrites } from './coalesceWrites.js';

export type RedisClient = Redis | Cluster;

export interface RedisConnectOptions {
  url: string | undefined;
  clusterNodes: string[] | undefined;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  redisOptions: RedisOptions | undefined;
}

async function loadIoredis(): Promise<{ Redis: typeof Redis; Cluster: typeof Cluster }> {
  try {
    // Loaded on first use only, so users of the other stores never need ioredis.
    const { Redis, Cluster } = await import('ioredis');
    return { Redis, Cluster };
  } catch (cause) {
    throw new Error(
      'The redis store needs the optional peer dependency ioredis (6.x): install it with `npm install ioredis@6`.',
      { cause },
    );
  }
}

/**
 * Fail fast and never replay: a command issued while Redis is away fails at once instead
 * of waiting in an offline queue, one in flight when the connection drops fails instead of
 * being re-sent on reconnect (a create must not run twice behind the server's back), and
 * one that gets no answer fails after `commandTimeout`. Reconnection goes on in the
 * background, at most a second apart.
 */
function failFast(options: RedisConnectOptions): RedisOptions {
  return {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // The store subscribes again itself, then reads what it missed meanwhile.
    autoResubscribe: false,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
  };
}

/** Opens the command connection and the subscriber connection; rejects if Redis is unreachable. */
export async function connectRedis(
  options: RedisConnectOptions,
): Promise<{ client: RedisClient; subscriber: RedisClient }> {
  const { Redis, Cluster } = await loadIoredis();
  const safe = failFast(options);
  let client: RedisClient;
  let subscriber: RedisClient;
  if (options.clusterNodes) {
    const first = new URL(options.clusterNodes[0]!);
    const cluster = new Cluster(
      options.clusterNodes.map((node) => {
        const url = new URL(node);
        return { host: url.hostname, port: Number(url.port || 6379) };
      }),
      {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: safe.retryStrategy!,
        redisOptions: {
          ...options.redisOptions,
          ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
          ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
          ...(first.protocol === 'rediss:' ? { tls: options.redisOptions?.tls ?? {} } : {}),
          ...safe,
        },
      },
    );
    client = cluster;
    subscriber = cluster.duplicate();
  } else {
    const redis = new Redis(options.url ?? 'redis://127.0.0.1:6379', {
      ...options.redisOptions,
      ...safe,
      lazyConnect: true,
    });
    client = redis;
    subscriber = redis.duplicate();
  }
  // The commands of requests served together leave in one write (the subscriber only
  // subscribes: nothing to gain there).
  coalesceCommandWrites(client);
  // Errors surface through commands and watchConnection's log lines; without a listener
  // ioredis would print each failed reconnection attempt.
  let cause: Error | undefined;
  for (const c of [client, subscriber]) c.on('error', (error: Error) => (cause ??= error));
  try {
    await Promise.all([client.connect(), subscriber.connect()]);
  } catch (error) {
    client.disconnect();
    subscriber.disconnect();
    // The socket's error (ECONNREFUSED, ENOTFOUND, NOAUTH…) says more than "Connection is closed".
    const where = (options.clusterNodes ?? [options.url ?? 'redis://127.0.0.1:6379'])
      .map((node) => new URL(node).host)
      .join(', ');
    const reason = cause ?? (error as Error);
    throw new StoreUnavailableError(`Cannot connect to Redis at ${where}: ${reason.message}`, {
      cause: reason,
    });
  }
  return { client, subscriber };
}

// Replies that mean "not now" rather than "wrong": a replica being promoted, a restart
// still loading its data, a script running too long, a Cluster resharding.
const TRANSIENT_REPLY = /^(LOADING|READONLY|CLUSTERDOWN|MASTERDOWN|TRYAGAIN|NOREPLICAS|BUSY)\b/;

/**
 * A connection error, a timeout or a transient reply becomes `StoreUnavailableError`
 * (the server answers 503); any other Redis reply is a bug and is passed on as is.
 */
export function toStoreError(error: unknown, context = 'Redis is unavailable'): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'ReplyError' && !TRANSIENT_REPLY.test(error.message)) return error;
  return new StoreUnavailableError(`${context}: ${error.message}`, { cause: error });
}

/** Logs when a connection is lost and when it comes back, once each, not every retry. */
export function watchConnection(
  client: RedisClient,
  name: string,
  logger: Logger,
  closing: () => boolean,
): void {
  let ready = client.status === 'ready';
  let lastError: string | undefined;
  client.on('error', (error: Error) => {
    lastError = error.message;
  });
  client.on('close', () => {
    if (!ready || closing()) return;
    ready = false;
    logger.warn({ msg: 'redis connection lost', connection: name, reason: lastError });
  });
  client.on('ready', () => {
    if (ready) return;
    ready = true;
    lastError = undefined;
    logger.info({ msg: 'redis connection restored', connection: name });
  });
}
