import type { CallState } from './callState.js';
import type { Logger } from './logger.js';
import type { WebhookDelivery, WebhookDeliveryQuery } from './webhooks.js';

/** Where a state change came from. */
export type CallEventSource = 'api' | 'callback' | 'reconcile' | 'routing';

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
  /**
   * The attempt the call is on, from 1: each attempt is one Exotel connect to one agent.
   * `0` when no agent could be tried. `exotelSid`, `exotelStatus`, `checkAt` and `checks`
   * are the current attempt's.
   */
  attempt: number;
  /** The most attempts this call may make (the widget's routing, capped by its agents). */
  maxAttempts: number;
  /** The configured id of the agent the current attempt rings; `null` when none. */
  agentId: string | null;
  /** Every attempt so far, oldest first: the operator's record. */
  attempts: AttemptRecord[];
  /**
   * `true` from the moment the current attempt ended with the agent missing until the
   * next attempt is stored (or the call settles): a crash in between resumes from here.
   */
  advancing: boolean;
  /**
   * While the call is held before dialling (the widget's undo window): when it is
   * dialled. `null` once dialling started (or without a window): it can no longer be canceled.
   */
  dialAt: number | null;
  /**
   * Who holds the visitor's number while the call lives (`visitorLineKey`): derived from
   * the Idempotency-Key, so retries of the same request are never refused as a second call.
   * `null` when the call took no hold (nobody could be tried).
   */
  lineHolder: string | null;
  /**
   * The lead's answers to the widget's `fields`, by field id (absent: none). For the
   * business only: never sent to Exotel or the browser, never used to decide anything.
   */
  fields?: Record<string, string>;
  /** The consent the visitor gave with the request, or `null`/absent when none was asked or given. */
  consent?: ConsentRecord | null;
  /** Where the visitor came from, as the widget sent it (`collectContext`); `null`/absent when not sent. */
  context?: CallContext | null;
  /** The recording of the current attempt, once Exotel has told it; `null`/absent before. */
  recordingUrl?: string | null;
  /**
   * Booked callback and retries (absent in records written before them, and for calls
   * created with neither a slot nor a retry plan: `null`).
   */
  schedule?: CallSchedule | null;
  callbackOf?: string | null; // The call an operator called back with this one ("call back now").
}

/** Automatic retries of a call, fixed when it was created: rounds after the first, and the wait before each. */
export interface RetryPlan {
  visitorMissed: { attempts: number; afterMs: number };
  agentsUnavailable: { attempts: number; afterMs: number };
}

/** A booked callback or retry: when it is due and what it holds meanwhile. */
export interface CallSchedule {
  /** The slot start the visitor booked (ms), or `null` for a call placed at once. */
  scheduledFor: number | null;
  /** While `retry-scheduled`: when the next round is placed (ms). */
  retryAt: number | null;
  /** The outcome that made the call wait for a retry: how it ends if the retry cannot be placed. */
  retryOf: CallState | null;
  /** The retry plan the call was created with, and the retries used of each. */
  plan: RetryPlan;
  used: { visitorMissed: number; agentsUnavailable: number };
  /** The calling hours for this visitor: minutes since local midnight in `timeZone`. */
  callingHours: { from: number; to: number; timeZone: string };
  /** Leases held while the callback is pending (its slot, its number's and address's pending counts). */
  claims: string[];
  /** The rounds started so far (the first included). */
  rounds: number;
  /**
   * The visitor's address as the rate limits key it (`ipRateKey`: IPv4, or an IPv6 /64), so
   * a retry counts against the same limits as the request; absent in older records.
   */
  ipKey?: string;
  /** Set when the visitor canceled the call while it waited (booked, or for a retry): a canceled callback. */
  canceledWaiting?: true;
  /** The first attempt of the current round (1 for the first round): agents are tried once a round. */
  firstAttempt?: number;
}

/** That the visitor ticked the widget's consent box: when, and the text they were shown. */
export interface ConsentRecord {
  /** ms since epoch: when the server accepted the request carrying it. */
  at: number;
  /** The consent text as configured at that moment. */
  text: { en: string; hi?: string };
}

/** The page, referrer and campaign tags a call was requested from (spec: `CallContext`). */
export interface CallContext {
  pageUrl?: string;
  referrer?: string;
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  gclid?: string;
}

/** One Exotel connect to one agent, as part of a visitor's call. */
export interface AttemptRecord {
  /** 1-based. */
  attempt: number;
  agentId: string;
  /** The agent's name when the attempt started, shown to the visitor; `null` without one. */
  agentName: string | null;
  startedAt: number;
  exotelSid: string | null;
  exotelStatus: string | null;
  /** How the attempt ended (a final call state), `null` while it runs. */
  outcome: CallState | null;
  endedAt: number | null;
  /** The attempt's recording, once Exotel has told it; `null`/absent before. */
  recordingUrl?: string | null;
}

/** One state change, in order. `seq` equals the call's `version` after the change. */
export interface CallEvent {
  callId: string;
  seq: number;
  state: CallState;
  at: number;
  source: CallEventSource;
  conversationSeconds: number | null;
  /** The call's attempt after the change (absent in events stored before attempts: 1). */
  attempt?: number;
  /** The name of that attempt's agent, as the visitor may see it. */
  agentName?: string | null;
  /** When the call will be tried again, on a change to `retry-scheduled` (ms). */
  retryAt?: number | null;
}

/** A time-bounded claim on something (an agent's line, a visitor's number, a job). */
export interface Lease {
  holder: string;
  /** ms since epoch; the lease is free after it. */
  until: number;
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

/** What `listCalls` filters on. Filters combine with AND. */
export interface CallListQuery {
  /** Only calls whose current state is one of these (an empty list matches none). */
  states?: readonly CallState[];
  widgetId?: string;
  /** Only calls one of whose attempts rang this agent (`attempts[].agentId`). */
  agentId?: string;
  /** `createdAt` at or after (ms). */
  from?: number;
  /** `createdAt` before (ms). */
  to?: number;
  /**
   * Digits that `to` (the visitor's E.164 number) contains. No index serves a substring: it
   * filters the calls the other filters select, so alone it reads the whole time range.
   */
  phoneDigits?: string;
  /** @default 'newest' — by `createdAt`, then `id`, both descending ('oldest': ascending). */
  order?: 'newest' | 'oldest';
  /** Strictly after this position in the chosen order (the last call of the previous page). */
  after?: { createdAt: number; id: string };
  /** 1–1000. */
  limit: number;
}

/**
 * The two scales counters are kept at: `quarter`, 15-minute UTC buckets; `day`, the days of
 * the console's time zone (a roll-up of the same counts, so a month reads 30 rows a counter).
 */
export type StatsScale = 'quarter' | 'day';

/** One change to the operator statistics: `by` added to one counter of one bucket. */
export interface StatsDelta {
  scale: StatsScale;
  /**
   * Start of the bucket, ms, a multiple of 900_000: a 15-minute UTC bucket (`quarter`), or
   * the instant a local day starts in the console's time zone (`day`).
   */
  bucket: number;
  widgetId: string;
  /** `null`: the widget's own figures; else the agent's (a non-empty id). */
  agentId: string | null;
  /** e.g. `requests`, `connected`, `missed:busy`, `ttc:12` (a histogram bin). Free-form, ≤ 64 chars. */
  counter: string;
  /** A non-negative integer (counters never decrease). */
  by: number;
}

/** The length of a statistics bucket (`StatsDelta.bucket` is a multiple of it): 15 minutes. */
export const STATS_BUCKET_MS = 900_000;

/** A counter's total in one bucket. */
export interface StatsRow {
  scale: StatsScale;
  bucket: number;
  widgetId: string;
  agentId: string | null;
  counter: string;
  value: number;
}

/** What `readStats` reads. */
export interface StatsQuery {
  /** The buckets of this scale only: the two scales are kept apart. */
  scale: StatsScale;
  /** Buckets starting at or after (ms). */
  from: number;
  /** Buckets starting before (ms). */
  to: number;
  /** Only this widget's counters (its own and its agents'); all widgets when absent. */
  widgetId?: string;
}

/** An operator's signed-in session. `id` is a hash of the cookie's token, never the token. */
export interface OperatorSession {
  id: string;
  email: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** One operator action (or failed log-in), as the audit log keeps it. */
export interface AuditRecord {
  /** Unique; breaks ties between records with the same `at`. */
  id: string;
  at: number;
  actor: string;
  role: 'viewer' | 'operator' | 'admin' | null;
  action: string;
  target: string | null;
  ip: string;
  outcome: string;
}

/** What `listAudit` reads: newest first. */
export interface AuditQuery {
  /** Strictly after this record in the order (`at` desc, then `id` desc): the previous page's last. */
  after?: { at: number; id: string };
  /** 1–1000. */
  limit: number;
}

/** How long the audit log keeps a record: `purge` drops older ones (365 days). */
export const AUDIT_RETENTION_MS = 365 * 86_400_000;

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
   * `outbox`: webhook deliveries queued in the same atomic write (none when nothing is written).
   */
  createCall(
    call: CallRecord,
    key: IdempotencyRecord,
    event: CallEvent,
    outbox?: readonly WebhookDelivery[],
  ): Promise<{ created: true } | { created: false; existing: IdempotencyRecord }>;
  /** The unexpired record of an idempotency key. */
  getIdempotencyKey(key: string, now: number): Promise<IdempotencyRecord | undefined>;
  getCall(id: string): Promise<CallRecord | undefined>;
  /**
   * Replaces a call if its stored version is still `expectedVersion` (compare-and-set),
   * appending `event` when given and notifying subscribers after the write.
   * Resolves `false`, writing nothing, when the version moved on. `outbox`: webhook
   * deliveries queued in the same atomic write. `previous`: the call as the caller read it
   * at `expectedVersion`, when it has it. Once the compare-and-set succeeds it is the call
   * the write replaced (no version is written twice), so a store or a wrapper may take
   * what the change means from it instead of reading the call again: the console's
   * statistics, or the SQLite store's index of the agents a call rang. One of another call
   * or version is ignored; none is always correct.
   */
  updateCall(
    call: CallRecord,
    expectedVersion: number,
    event?: CallEvent,
    outbox?: readonly WebhookDelivery[],
    previous?: CallRecord,
  ): Promise<boolean>;
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
  /**
   * Takes the lease `key` for `holder` until `until`, if it is free, expired, or already
   * `holder`'s (then `until` is moved). Resolves whether `holder` holds it now. Atomic
   * across every instance sharing the store.
   */
  acquireLease(key: string, holder: string, until: number, now: number): Promise<boolean>;
  /** Frees the lease if `holder` holds it; does nothing otherwise. */
  releaseLease(key: string, holder: string): Promise<void>;
  /** The unexpired leases among `keys`. */
  readLeases(keys: readonly string[], now: number): Promise<Map<string, Lease>>;
  /** Sets (or, with `null`, removes) a small durable setting, such as an agent's availability. */
  putFlag(key: string, value: string | null): Promise<void>;
  /** The settings among `keys` that are set. */
  readFlags(keys: readonly string[]): Promise<Map<string, string>>;
  /** Adds one to the counter `key` (from 0) and resolves the new value; atomic across instances. */
  incrementCounter(key: string): Promise<number>;
  /** Pending webhook deliveries whose `nextAttemptAt` is at or before `now`, earliest first. */
  listDueWebhooks(now: number, limit: number): Promise<WebhookDelivery[]>;
  getWebhookDelivery(id: string): Promise<WebhookDelivery | undefined>;
  /**
   * Replaces a delivery if its stored version is still `expectedVersion` (compare-and-set);
   * resolves `false`, writing nothing, otherwise.
   */
  updateWebhookDelivery(delivery: WebhookDelivery, expectedVersion: number): Promise<boolean>;
  /** Deliveries, newest first (by `createdAt`), filtered by call and state, at most `limit` (default 50). */
  listWebhookDeliveries(query: WebhookDeliveryQuery): Promise<WebhookDelivery[]>;
  /**
   * Calls matching `query`, in its order, at most `limit`; indexed, never a scan of every
   * call. Ties in `createdAt` are ordered by `id`, so paging with `after` loses and repeats
   * nothing.
   */
  listCalls(query: CallListQuery): Promise<CallRecord[]>;
  /**
   * Adds each delta (atomic as one write: all or none; counters never decrease; they
   * outlive `purge`). Deltas naming the same counter add up.
   */
  addStats(deltas: readonly StatsDelta[]): Promise<void>;
  /**
   * Every non-zero counter of `scale` with `from <= bucket < to`, for one widget or all, ordered by
   * bucket, then widget, then agent (the widget's own, `null`, first), then counter.
   */
  readStats(query: StatsQuery): Promise<StatsRow[]>;
  /** Stores a new session (replacing one with the same id). */
  createSession(session: OperatorSession): Promise<void>;
  /** The session if it exists and `expiresAt > now`. */
  getSession(id: string, now: number): Promise<OperatorSession | undefined>;
  /** Revokes a session, for every instance sharing the store; nothing when there is none. */
  deleteSession(id: string): Promise<void>;
  /** Appends one record to the audit log (durable before it resolves). */
  appendAudit(entry: AuditRecord): Promise<void>;
  /** Newest first (`at` desc, then `id` desc), strictly after `after` in that order, at most `limit`. */
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Calls `listener` with every event appended to any call from now on, by this instance or
   * (for a shared store) any other; the operator console's live view. Events of one call
   * arrive in order; a listener that throws does not keep the others from theirs. A shared
   * store may also hand over events stored just before the call (its channel carries them
   * late), never fewer; across a lost connection it may miss some (the view reloads).
   */
  subscribeAll(listener: CallListener): () => void;
  /**
   * Drops expired idempotency keys, rate entries, leases and operator sessions, final calls
   * last updated before `callsBefore` (from every listing too), webhook deliveries no longer
   * pending created before it, and audit records older than `AUDIT_RETENTION_MS` before
   * `now`. Statistics are kept.
   */
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
