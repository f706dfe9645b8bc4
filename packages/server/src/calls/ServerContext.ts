import type { ExotelClient } from '@ringback/exotel';
import type { ResolvedConfig } from '../config/validateConfig.js';
import type { CreatePolicy } from '../domain/CreatePolicy.js';
import type { Logger } from '../domain/logger.js';
import type { Store } from '../domain/Store.js';
import type { ThrottledLog } from '../log/throttleLog.js';
import type { CallbackTokens } from './callbackToken.js';
import type { CallUpdater } from './callUpdater.js';
import type { WebhookSender } from './deliverWebhooks.js';
import type { Watch } from './livePolling.js';

/** What every handler needs, built once by `createRingbackServer`. */
export interface ServerContext {
  config: ResolvedConfig;
  /** Resolves once the store is open (opened lazily: `createRingbackServer` stays synchronous). */
  store(): Promise<Store>;
  exotel: ExotelClient;
  tokens: CallbackTokens;
  /** Signs and checks the calls' cancel capabilities (`cancelToken`). */
  cancelTokens: CallbackTokens;
  /** Timers that dial held calls when their undo window ends: cleared on close. */
  timers: Set<ReturnType<typeof setTimeout>>;
  update: CallUpdater;
  logger: Logger;
  /** Warnings of refusals anyone can cause (a forged callback token): a line per kind and window, with a count. */
  refusalLog: ThrottledLog;
  /** The create policies in the order they run: built-in and the business's own. */
  policies: readonly CreatePolicy[];
  now(): number;
  /** Closers of open event streams, so shutdown can end them. */
  streams: Set<() => void>;
  /** Open event streams per visitor address (`ipRateKey`), for `maxStreamsPerIp`. */
  streamsPerIp: Map<string, number>;
  /** Calls followed by an open event stream on this instance, for the live Call Details poll. */
  watched: Map<string, Watch>;
  /** Creates in progress per idempotency key, so concurrent double-submits queue up. */
  creating: Map<string, Promise<unknown>>;
  /** Work started by a change and not awaited by its writer (the next attempt): `close()` waits for it. */
  background: Set<Promise<unknown>>;
  closing: boolean;
  /** Sends the outbox's webhook deliveries (nothing without `webhooks`). */
  webhooks: WebhookSender;
}

/** Adapter-provided facts about the connection that a `Request` cannot carry. */
export interface RequestInfo {
  /** The peer's IP address (the socket's remote address). */
  clientIp?: string;
  /**
   * The request as it came could not be handed over as a `Request` (the fetch API refuses
   * the method, or its `Host` is not a host): the server answers 405 or 400 and logs it.
   * `method` is the one sent; the `Request` given is a stand-in for its path.
   */
  malformed?: { reason: 'method' | 'host'; method: string };
}
