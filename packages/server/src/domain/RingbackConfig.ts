import type { CreatePolicy } from './CreatePolicy.js';
import type { CallEventHook } from './hooks.js';
import type { Logger } from './logger.js';
import type { Store } from './Store.js';
import type { Verifier } from './Verifier.js';

/** A number type as classified by libphonenumber's full ("max") metadata. */
export type NumberType =
  | 'mobile'
  | 'fixed-line'
  | 'toll-free'
  | 'premium-rate'
  | 'shared-cost'
  | 'voip'
  | 'personal'
  | 'pager'
  | 'uan'
  | 'voicemail';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** When a widget accepts calls. Without `hours` a widget is always open. */
export interface BusinessHours {
  /** IANA time zone the schedule is written in. @example 'Asia/Kolkata' */
  timeZone: string;
  /**
   * Opening ranges per weekday, `HH:MM-HH:MM` in local time. A missing day is closed.
   * `24:00` ends a range at midnight; a range whose end is before its start runs past midnight.
   * @example { mon: ['09:00-13:00', '14:00-18:00'], sat: ['10:00-14:00'] }
   */
  weekly: Partial<Record<Weekday, string[]>>;
  /** Local dates (`YYYY-MM-DD`) on which the widget is closed all day, e.g. public holidays. */
  closedDates?: string[];
}

/** At most `limit` calls in any `windowSeconds`-long window. */
export interface RateWindow {
  limit: number;
  windowSeconds: number;
}

/** Abuse limits of one widget. Each list replaces its default when given. */
export interface WidgetLimits {
  /** Calls per client IP (IPv6 by /64). @default [{ limit: 5, windowSeconds: 600 }, { limit: 20, windowSeconds: 86400 }] */
  ip?: RateWindow[];
  /** Calls to one destination number. @default [{ limit: 3, windowSeconds: 3600 }, { limit: 10, windowSeconds: 86400 }] */
  number?: RateWindow[];
  /** Distinct destination numbers per client IP. @default [{ limit: 3, windowSeconds: 3600 }] */
  distinctNumbersPerIp?: RateWindow[];
  /** Calls through the widget as a whole. @default [{ limit: 60, windowSeconds: 3600 }, { limit: 500, windowSeconds: 86400 }] */
  widget?: RateWindow[];
}

/** Declarative human-verification settings; or pass a `Verifier` object. */
export interface VerificationConfig {
  provider: 'turnstile' | 'hcaptcha' | 'recaptcha';
  /** Public site key, sent to the widget. */
  siteKey: string;
  /** Secret key; stays on the server. */
  secretKey: string;
  /** reCAPTCHA v3: the lowest score accepted. @default 0.5 */
  minScore?: number;
  /** Expected action name (Turnstile, reCAPTCHA v3). */
  action?: string;
  /** Override the provider's siteverify URL (tests, proxies). */
  endpoint?: string;
}

export interface WidgetConfig {
  /** Id the browser sends. Letters, digits, `_` and `-`. */
  id: string;
  /** The agent's number, dialled first (Exotel's `From`). E.164. */
  from: string;
  /** The ExoPhone shown to both parties (Exotel's `CallerId`). */
  callerId: string;
  /** ISO country codes whose numbers are accepted; the first is the default country. */
  countries: string[];
  /** Number types accepted. @default ['mobile', 'fixed-line'] */
  numberTypes?: NumberType[];
  /** Exact origins (`https://shop.example.com`) allowed to use the widget. */
  allowedOrigins: string[];
  /** Longest call, seconds (Exotel's `TimeLimit`, at most 14400). @default 1800 */
  timeLimit?: number;
  /** Seconds each leg rings (Exotel's `TimeOut`, at most 60). @default 30 */
  timeOut?: number;
  /** WAV played to the agent while the visitor's phone rings. */
  waitUrl?: string;
  /** Record calls. @default false */
  record?: boolean;
  /** `dual` records each party on its own channel. @default 'single' */
  recordingChannels?: 'single' | 'dual';
  /** Business hours; always open without. */
  hours?: BusinessHours;
  /** Abuse limits; each has a safe default. */
  limits?: WidgetLimits;
  /** Human verification required before a call is placed. */
  verification?: VerificationConfig | Verifier;
  /** Text overrides passed to the widget, by label name. */
  labels?: Record<string, string>;
}

export interface ExotelConfig {
  accountSid: string;
  apiKey: string;
  apiToken: string;
  /** Exotel cluster of the account. @default 'singapore' */
  region?: 'singapore' | 'mumbai';
  /** Overrides `region`, e.g. to point at `@ringback/exotel-sim`. */
  baseUrl?: string;
  /** Seconds to wait for Exotel before a create is treated as `unknown`. @default 10 */
  timeoutSeconds?: number;
  /** The `fetch` used to reach Exotel. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How Exotel encodes StatusCallbacks; both are parsed. @default 'application/json' */
  statusCallbackContentType?: 'application/json' | 'multipart/form-data';
}

export type StoreConfig =
  | Store
  | { type: 'memory' }
  | { type: 'sqlite'; path: string }
  /** Several instances sharing one Redis; `prefix` @default 'ringback'. Needs `ioredis`. */
  | { type: 'redis'; url: string; prefix?: string };

export interface RingbackConfig {
  exotel: ExotelConfig;
  /** At least 32 characters; signs the StatusCallback tokens. Keep it stable across restarts. */
  secret: string;
  /** Older secrets still accepted on StatusCallbacks, so rotating `secret` breaks no call in flight. */
  previousSecrets?: string[];
  /** Public URL where the proxy is mounted, e.g. `https://shop.example.com/ringback`. Used for StatusCallback and call URLs. */
  publicBaseUrl: string;
  widgets: WidgetConfig[];
  /** Where calls, idempotency keys and rate-limit counters live (`redis` for several instances). @default { type: 'memory' } */
  store?: StoreConfig;
  /** Calls to Exotel across all widgets, kept under Exotel's 200 per minute. @default { limit: 150, windowSeconds: 60 } */
  globalLimit?: RateWindow;
  /** Numbers (E.164) that are never called, whatever the widget. */
  blockedNumbers?: string[];
  /**
   * Where the client IP comes from. Without it, the socket address the adapter passes.
   * Behind a proxy, name the header it sets; for `x-forwarded-for`, `hops` counts trusted proxies from the right.
   */
  trustProxy?: { header: string; hops?: number };
  /** Largest accepted request body, bytes. @default 8192 */
  maxBodyBytes?: number;
  /** Seconds added to Exotel's timings before a silent call is checked with Call Details. @default 60 */
  reconcileGraceSeconds?: number;
  /** How often open calls are checked, ms; `0` turns the timer off (call `reconcile()` yourself). @default 5000 */
  reconcileIntervalMs?: number;
  /** Comment sent on idle event streams, ms. @default 15000 */
  heartbeatMs?: number;
  /**
   * Event streams one visitor address (IPv6 by /64) may hold open on this instance;
   * more are refused with `429 rate_limited` (`limit: 'streams'`). @default 20
   */
  maxStreamsPerIp?: number;
  /** How long finished calls are kept, seconds. @default 604800 (7 days) */
  retentionSeconds?: number;
  /** Serve `GET /healthz`. @default true */
  health?: boolean;
  /** Retries of a create that provably never reached Exotel, or that Exotel answered with 429. */
  upstreamRetry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /**
   * The business's own create policies (e.g. a lookup in its own blocklist), run in
   * order after the built-in ones (`CREATE_POLICIES`) and before the rate limits are
   * charged. @default []
   */
  policies?: CreatePolicy[];
  /** Called after every state change of a call, e.g. to update a CRM. Errors are logged, never fatal. */
  onCallEvent?: CallEventHook;
  /** Structured logger; secrets are redacted before it sees anything. @default silent */
  logger?: Logger;
  /** Log one line per request. @default true when a logger is given */
  logRequests?: boolean;
  /** The current time in ms; inject a manual clock in tests. @default Date.now */
  now?: () => number;
}
