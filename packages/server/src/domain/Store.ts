import type { CallState } from './callState.js';
import type { Logger } from './logger.js';

/** Where a state change came from. */
export type CallEventSource = 'api' | 'callback' | 'reconcile';

/** What the server knows about a call. Never sent to the browser as is: see `toPublicCall`. */
export interface CallRecord {
  /** Opaque id (`call_…`), the browser's handle on the call. */
  id: string;
  widgetId: string;
  /** Destination, E.164. */
  to: string;
  state: CallState;
  /** Increments with every stored change; the sequence number of the last event. */
  version: number;
  /** Exotel's CallSid once known. Never exposed to the browser. */
  exotelSid: string | null;
  /** ms since epoch. */
  createdAt: number;
  /** When `state` last changed. */
  updatedAt: number;
  /** Seconds the two parties talked, once known. */
  conversationSeconds: number | null;
  /** Exotel's last reported call status (for the business's hooks and logs). */
  exotelStatus: string | null;
  /**
   * How Exotel says the call ended, when it said so only after the call had been
   * settled `ended` without word from it: the operator's record, corrected. The
   * visitor's call stays `ended`. `null` otherwise (absent in records written before it).
   */
  reportedEnding?: CallState | null;
  /** When the reconciler should look at the call next; `null` once final. */
  checkAt: number | null;
  /** How many Call Details checks found the call still open. */
  checks: number;
  /** The refusal returned to the creator when Exotel refused the call, replayed on retries. */
  refusal: { code: string; status: number; detail: string; retryAfterSeconds?: number } | null;
  /** Widget settings used when the call was created, so later config changes don't move deadlines. */
  timeOut: number;
  timeLimit: number;
}

/** One state change, in order. `seq` equals the call's `version` after the change. */
export interface CallEvent {
  callId: string;
  seq: number;
  state: CallState;
  at: number;
  source: CallEventSource;
  conversationSeconds: number | null;
}

export interface IdempotencyRecord {
  key: string;
  callId: string;
  /** Hash of the request body the key was first used with. */
  fingerprint: string;
  expiresAt: number;
}

/** One limit to check: at most `limit` entries under `key` in the last `windowMs`. */
export interface RateCheck {
  key: string;
  limit: number;
  windowMs: number;
  /**
   * For distinct-value limits: the value being added. It counts once however often it
   * recurs, and a value already in the window is always allowed.
   */
  member?: string;
}

export type RateLimitResult =
  | { allowed: true }
  | {
      allowed: false /** The checks that refused. */;
      denied: { key: string; retryAfterMs: number }[];
    };

export type CallListener = (event: CallEvent) => void;

/**
 * Persistence for the proxy. Implementations: `createMemoryStore`, `createSqliteStore`
 * (`@ringback/server/sqlite`), `createRedisStore` (`@ringback/server/redis`), or your own;
 * all of them pass `describeStoreContract` (`@ringback/server/testing`).
 *
 * Every method is atomic on its own. Writes resolve only once they are durable for the
 * implementation, because the server acknowledges callbacks and creates after them.
 * A method that cannot reach the store's backend rejects with `StoreUnavailableError`
 * (the server answers `503 service_unavailable`) rather than waiting for it.
 */
export interface Store {
  /**
   * Inserts a call together with its idempotency key, unless the key exists.
   * Resolves with the existing key's record when it does, and writes nothing.
   */
  createCall(
    call: CallRecord,
    key: IdempotencyRecord,
    event: CallEvent,
  ): Promise<{ created: true } | { created: false; existing: IdempotencyRecord }>;
  /** The unexpired record of an idempotency key. */
  getIdempotencyKey(key: string, now: number): Promise<IdempotencyRecord | undefined>;
  getCall(id: string): Promise<CallRecord | undefined>;
  /**
   * Replaces a call if its stored version is still `expectedVersion` (compare-and-set),
   * appending `event` when given and notifying subscribers after the write.
   * Resolves `false`, writing nothing, when the version moved on.
   */
  updateCall(call: CallRecord, expectedVersion: number, event?: CallEvent): Promise<boolean>;
  /** Events of a call with `seq > afterSeq`, oldest first. */
  listEvents(callId: string, afterSeq: number): Promise<CallEvent[]>;
  /** Calls whose `checkAt` is at or before `now`, earliest first (a final call may still have one). */
  listDueCalls(now: number, limit: number): Promise<CallRecord[]>;
  /** All calls that are not final, oldest first (start-up reconciliation). */
  listOpenCalls(limit: number): Promise<CallRecord[]>;
  /**
   * Checks every limit and, only if all allow, records one hit on each (so a refused
   * request does not use up anything).
   */
  consumeRateLimits(checks: RateCheck[], now: number): Promise<RateLimitResult>;
  /**
   * Calls `listener` with each event appended to the call from now on, once each and in
   * order, by this instance or (for a shared store) any other.
   */
  subscribe(callId: string, listener: CallListener): () => void;
  /** Drops expired idempotency keys and rate entries, and final calls last updated before `callsBefore`. */
  purge(now: number, callsBefore: number): Promise<void>;
  /** Resolves when the store can be used; rejects with the reason when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What the server gives a store it opens itself. */
export interface StoreOpenContext {
  /** The server's logger, secrets redacted: for connection losses and recoveries. */
  logger: Logger;
}

/**
 * Opens a store the server owns (it closes it in `close()`): what a store named in the
 * configuration (`{ type: 'sqlite', path }`, …) becomes once checked.
 */
export type StoreOpener = (context: StoreOpenContext) => Promise<Store>;
