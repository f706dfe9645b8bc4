// The configuration of `createRingbackServer`, once: its types (RingbackConfig.ts), its
// checks (`validateConfig`), the bin's environment variables (`fromEnv`) and the README's
// configuration reference (`pnpm --filter @ringback/server generate`) all come from here.
// Each field's JSDoc is its documentation; `@default` must match the schema's default.
//
// Units: a duration is in seconds and says so, `…Seconds` (`timeoutSeconds`,
// `retentionSeconds`). `reconcileIntervalMs`, `heartbeatMs` and `upstreamRetry`'s
// `…DelayMs` predate that and keep their names; new fields use seconds.
import * as v from 'valibot';
import type { CreatePolicy } from './CreatePolicy.js';
import {
  decimal,
  e164Number,
  flag,
  fn,
  fromEnv,
  httpsUrl,
  integer,
  list,
  oneOf,
  rule,
  shaped,
  strict,
  text,
} from './configRules.js';
import { consoleSchema } from './consoleSchema.js';
import type { CallEventHook } from './hooks.js';
import { parseCidr } from './ipAddress.js';
import type { Logger } from './logger.js';
import { REDIS_PREFIX } from './redisPrefix.js';
import type { Store } from './Store.js';
import { weakSecretProblem } from './secretStrength.js';
import { webhookEndpointSchema } from './webhookSchema.js';
import { rateWindowSchema, widgetSchema } from './widgetSchema.js';

/** Exotel refuses more than 200 requests a minute per account; Call Details reads need room too. */
const EXOTEL_PER_MINUTE = 200;
export const DEFAULT_GLOBAL_LIMIT: v.InferOutput<typeof rateWindowSchema> = {
  limit: 150,
  windowSeconds: 60,
};

export const exotelConfigSchema = strict({
  /** Your Exotel account SID. */
  accountSid: fromEnv(text(), 'EXOTEL_ACCOUNT_SID'),
  /** API key; never in a response or a log line. */
  apiKey: fromEnv(text(), 'EXOTEL_API_KEY'),
  /** API token; never in a response or a log line. */
  apiToken: fromEnv(text(), 'EXOTEL_API_TOKEN'),
  /** Exotel cluster of the account. @default 'singapore' */
  region: v.optional(fromEnv(oneOf(['singapore', 'mumbai']), 'EXOTEL_REGION'), 'singapore'),
  /** Overrides `region`, e.g. to point at `@ringback/exotel-sim`. https; plain http only on this machine (loopback), since it carries the API credentials. */
  baseUrl: v.optional(fromEnv(httpsUrl('loopback'), 'EXOTEL_BASE_URL')),
  /** Seconds to wait for Exotel before a create is treated as `unknown`. @default 10 */
  timeoutSeconds: v.optional(decimal(0.05, 60, 'must be a number of seconds from 0.05 to 60'), 10),
  /** The `fetch` used to reach Exotel (it is handed a standard `Request`). Unset, Node.js reaches Exotel through `node:http(s)` with kept-alive connections, and a browser build through the page's `fetch`. @default node:http(s) */
  fetch: v.optional(fn<typeof fetch>('typeof fetch')),
  /** How Exotel encodes StatusCallbacks; both are parsed. @default 'application/json' */
  statusCallbackContentType: v.optional(
    oneOf(['application/json', 'multipart/form-data']),
    'application/json',
  ),
});

function redisUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return undefined;
  } catch {}
  return 'must be a redis:// or rediss:// URL';
}

function isStore(value: unknown): value is Store {
  return (
    !!value &&
    typeof (value as Store).createCall === 'function' &&
    typeof (value as Store).getCall === 'function'
  );
}

const storeSettingsSchema = v.variant(
  'type',
  [
    strict({
      /** The kind of store; the fields after it belong to one kind each. */
      type: v.literal('memory'),
    }),
    strict({
      type: v.literal('sqlite'),
      /** The SQLite database file. */
      path: text(),
    }),
    strict({
      type: v.literal('redis'),
      /** `redis://` or `rediss://` URL of the Redis that several instances share (needs `ioredis`); its password is redacted from logs. */
      url: text(redisUrlProblem),
      /** Starts every key and names the channel; deployments sharing a Redis use different ones. @default 'ringback' */
      prefix: v.optional(
        text((s) =>
          REDIS_PREFIX.test(s)
            ? undefined
            : 'must be 1 to 64 letters, digits, "_", ".", ":" or "-"',
        ),
      ),
    }),
  ],
  (issue) =>
    issue.path
      ? 'must be "memory", "sqlite" or "redis" (or pass a Store object)'
      : 'must be an object',
);

// A Store object is taken as it is; anything else must be the declarative settings
// (which is also what the schema's readers see when they ask with `undefined`).
const storeSchema = v.pipe(
  v.lazy((input) =>
    isStore(input) ? shaped<Store>(isStore, 'must be a Store', 'Store') : storeSettingsSchema,
  ),
  v.title('Store | { type, … }'),
);

function isPolicy(value: unknown): value is CreatePolicy {
  const p = value as CreatePolicy | undefined;
  return (
    !!p &&
    typeof p.name === 'string' &&
    !!p.name &&
    typeof p.check === 'function' &&
    Array.isArray(p.codes)
  );
}

function isLogger(value: unknown): value is Logger {
  const l = value as Logger | undefined;
  return (
    !!l &&
    typeof l.info === 'function' &&
    typeof l.warn === 'function' &&
    typeof l.error === 'function'
  );
}

/** Each widget's id once. Widgets that failed their own checks are compared too. */
const uniqueIds = <T extends { id: string }>() =>
  v.rawCheck<T[]>(({ dataset, addIssue }) => {
    const widgets: unknown = dataset.value;
    if (!Array.isArray(widgets)) return;
    const seen = new Set<unknown>();
    widgets.forEach((widget, index) => {
      const id = (widget as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && seen.has(id))
        addIssue({
          message: `duplicate widget id ${JSON.stringify(id)}`,
          path: [
            { type: 'array', origin: 'value', input: widgets, key: index, value: widget },
            { type: 'unknown', origin: 'value', input: widget, key: 'id', value: id },
          ],
        });
      seen.add(id);
    });
  });

export const ringbackConfigSchema = strict({
  /** Your Exotel account. */
  exotel: exotelConfigSchema,
  /**
   * Signs the StatusCallback tokens: at least 32 random characters (`openssl rand -base64 32`),
   * not a word, a pattern or another credential (refused at start-up). Keep it stable across restarts.
   */
  secret: fromEnv(
    text((s) => weakSecretProblem(s)),
    'RINGBACK_SECRET',
  ),
  /** Older secrets still accepted on StatusCallbacks, so rotating `secret` breaks no call in flight. */
  previousSecrets: v.optional(
    v.array(
      text((s) => weakSecretProblem(s)),
      'must be a list of strings',
    ),
  ),
  /**
   * Public URL where the proxy is mounted, e.g. `https://shop.example.com/ringback`. Used for
   * StatusCallback and call URLs. https (http for localhost only).
   */
  publicBaseUrl: fromEnv(
    httpsUrl('localhost', (url) =>
      url.search || url.hash ? 'must not have a query or fragment' : undefined,
    ),
    'RINGBACK_PUBLIC_URL',
  ),
  /** The widgets this server places calls for. */
  widgets: v.pipe(list(widgetSchema, 'must be a non-empty list of widgets'), uniqueIds()),
  /** Where calls, idempotency keys and rate-limit counters live (`redis` for several instances). @default { type: 'memory' } */
  store: v.optional(storeSchema, { type: 'memory' }),
  /** Calls to Exotel across all widgets, kept under Exotel's 200 per minute. @default { limit: 150, windowSeconds: 60 } */
  globalLimit: v.optional(
    v.pipe(
      rateWindowSchema,
      rule((w) =>
        w.limit * (60 / w.windowSeconds) > EXOTEL_PER_MINUTE
          ? `allows ${w.limit} calls per ${w.windowSeconds} s, more than Exotel's ${EXOTEL_PER_MINUTE} requests per minute`
          : undefined,
      ),
    ),
    DEFAULT_GLOBAL_LIMIT,
  ),
  /** Numbers (E.164) that are never called, whatever the widget. @default [] */
  blockedNumbers: v.optional(v.array(e164Number(), 'must be a list of E.164 numbers'), []),
  /**
   * Where the client IP comes from. Without it, the socket address the adapter passes.
   * Behind a proxy, name the header it sets (`x-forwarded-for`, `forwarded`, `x-real-ip`, …)
   * and the proxies' addresses in `from`: the header is read only on requests from them.
   */
  trustProxy: v.optional(
    strict({
      /** The header carrying the client IP, e.g. `x-forwarded-for`. */
      header: fromEnv(
        text((h) => (/^[A-Za-z0-9-]+$/.test(h) ? undefined : 'must be a header name')),
        'RINGBACK_TRUST_PROXY',
      ),
      /** Trusted proxies, counted from the right of `x-forwarded-for`. @default 1 */
      hops: v.optional(integer(1, 10), 1),
      /**
       * The proxies' addresses or CIDRs (`10.0.0.0/8`, `2001:db8::/32`); the header is
       * ignored from any other peer. @default loopback and private networks, with a warning at start-up
       */
      from: v.optional(
        fromEnv(
          v.array(
            text((c) =>
              parseCidr(c)
                ? undefined
                : `${JSON.stringify(c)} is not an address or CIDR like "10.0.0.0/8"`,
            ),
            'must be a list of addresses or CIDRs',
          ),
          'RINGBACK_TRUST_PROXY_FROM',
        ),
      ),
    }),
  ),
  /** Largest accepted request body, bytes. @default 8192 */
  maxBodyBytes: v.optional(integer(256, 1_048_576), 8192),
  /** Seconds added to Exotel's timings before a silent call is checked with Call Details. @default 60 */
  reconcileGraceSeconds: v.optional(integer(0, 3600), 60),
  /** How often open calls are checked, ms; `0` turns the timer off (call `reconcile()` yourself). @default 5000 */
  reconcileIntervalMs: v.optional(integer(0, 3_600_000), 5000),
  /** Comment sent on idle event streams (SSE keep-alive), ms. @default 15000 */
  heartbeatMs: v.optional(integer(1, 300_000), 15_000),
  /**
   * Event streams one visitor address (IPv6 by /64) may hold open on this instance;
   * more are refused with `429 rate_limited` (`limit: 'streams'`). @default 20
   */
  maxStreamsPerIp: v.optional(integer(1, 100_000), 20),
  /**
   * How late a booked callback or retry may still be placed, seconds, when it fell due
   * while no instance was running; later, it ends `expired`. @default 900 (15 minutes)
   */
  callbackStaleSeconds: v.optional(integer(0, 86_400), 900),
  /** How long finished calls are kept, seconds; then they are purged. @default 604800 (7 days) */
  retentionSeconds: v.optional(integer(60, 366 * 86_400), 7 * 86_400),
  /** Serve `GET /healthz`. @default true */
  health: v.optional(flag(), true),
  /** Retries of a create that provably never reached Exotel, or that Exotel answered with 429. */
  upstreamRetry: v.optional(
    strict({
      /** Attempts in all, the first included. @default 3 */
      attempts: v.optional(integer(1, 10), 3),
      /** Delay before the first retry, doubling after each, ms. @default 250 */
      baseDelayMs: v.optional(integer(0, 60_000), 250),
      /** Longest delay between attempts, ms. @default 2000 */
      maxDelayMs: v.optional(integer(0, 60_000), 2000),
    }),
    {},
  ),
  /**
   * The business's own create policies (e.g. a lookup in its own blocklist), run in
   * order after the built-in ones (`CREATE_POLICIES`) and before the rate limits are
   * charged. @default []
   */
  policies: v.optional(
    v.array(
      shaped<CreatePolicy>(
        isPolicy,
        'must be a policy: { name, codes, check(context) }',
        'CreatePolicy',
      ),
      'must be an array',
    ),
    [],
  ),
  /**
   * Endpoints that receive call events (`call.requested`, `call.connected`, `call.completed`,
   * `call.missed`, `call.canceled`, `call.ended`, `callback.scheduled`, `callback.canceled`) as signed Standard Webhooks, delivered
   * at least once from a durable outbox in the store, retried for up to 24 hours. @default []
   */
  webhooks: v.optional(v.array(webhookEndpointSchema, 'must be a list of webhook endpoints'), []),
  /**
   * The operator console (`/console/`) and its API (`/v1/admin/*`): served only when set.
   * Operators log in with an email and password (scrypt hashes here), scripts use API
   * tokens (SHA-256 hashes here); every action is written to the audit log.
   */
  console: v.optional(consoleSchema),
  /** Called after every state change of a call, e.g. to update a CRM. Errors are logged, never fatal. */
  onCallEvent: v.optional(fn<CallEventHook>('CallEventHook')),
  /**
   * Structured logger, `{ info, warn, error }` each taking one object (`createJsonLogger(write)`
   * writes JSON lines); secrets are redacted before it sees anything. `false` logs nothing.
   * @default warnings and errors to stderr, one readable line each (`createConsoleLogger()`)
   */
  logger: v.optional(
    shaped<Logger | false>(
      (value) => value === false || isLogger(value),
      'must have info, warn and error methods, or be false',
      'Logger | false',
    ),
  ),
  /** Log one line per request. @default true when a logger is given */
  logRequests: v.optional(fromEnv(flag(), 'RINGBACK_LOG_REQUESTS')),
  /** The current time in ms; inject a manual clock in tests. @default Date.now */
  now: v.optional(fn<() => number>('() => number')),
});
