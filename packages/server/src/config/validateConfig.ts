import { storeOpener } from '#store-plugins';
import type { CreatePolicy } from '../domain/CreatePolicy.js';
import type { ResolvedConfig } from '../domain/ResolvedConfig.js';
import type { RateWindow, RingbackConfig, StoreConfig } from '../domain/RingbackConfig.js';
import { RingbackConfigError } from '../domain/RingbackConfigError.js';
import type { Store } from '../domain/Store.js';
import { REDIS_PREFIX } from '../store/redis/redisKeys.js';
import { checkWidget, type ResolvedWidget } from './checkWidget.js';
import { Checker, e164 } from './configChecker.js';

export { DEFAULT_LIMITS, NUMBER_TYPES, type ResolvedWidget } from './checkWidget.js';

/** Exotel refuses more than 200 requests a minute per account; Call Details reads need room too. */
export const DEFAULT_GLOBAL_LIMIT: RateWindow = { limit: 150, windowSeconds: 60 };
const EXOTEL_PER_MINUTE = 200;

const TOP_LEVEL = new Set([
  'exotel',
  'secret',
  'previousSecrets',
  'publicBaseUrl',
  'widgets',
  'store',
  'globalLimit',
  'blockedNumbers',
  'trustProxy',
  'maxBodyBytes',
  'reconcileGraceSeconds',
  'reconcileIntervalMs',
  'heartbeatMs',
  'maxStreamsPerIp',
  'retentionSeconds',
  'health',
  'upstreamRetry',
  'policies',
  'onCallEvent',
  'logger',
  'logRequests',
  'now',
]);

function redisUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return undefined;
  } catch {}
  return 'must be a redis:// or rediss:// URL';
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function redisPrefixProblem(value: string): string | undefined {
  return REDIS_PREFIX.test(value)
    ? undefined
    : 'must be 1 to 64 letters, digits, "_", ".", ":" or "-"';
}

function isStore(value: unknown): value is Store {
  return (
    !!value &&
    typeof (value as Store).createCall === 'function' &&
    typeof (value as Store).getCall === 'function'
  );
}

/**
 * Checks a configuration and fills in the defaults. Throws `RingbackConfigError`
 * naming every bad field, so a deployment fails at start-up, not on the first call.
 */
export function validateConfig(config: RingbackConfig): ResolvedConfig {
  const c = new Checker();
  if (!c.object(config, 'config')) throw new RingbackConfigError(c.issues);
  const raw = config as unknown as Record<string, unknown>;
  c.known(raw, TOP_LEVEL, '');
  const redact: string[] = [];

  const exotel = raw.exotel;
  let region: 'singapore' | 'mumbai' = 'singapore';
  let baseUrl: string | undefined;
  let timeoutMs = 10_000;
  let callbackContentType: 'application/json' | 'multipart/form-data' = 'application/json';
  if (c.object(exotel, 'exotel')) {
    c.known(
      exotel,
      new Set([
        'accountSid',
        'apiKey',
        'apiToken',
        'region',
        'baseUrl',
        'timeoutSeconds',
        'fetch',
        'statusCallbackContentType',
      ]),
      'exotel',
    );
    if (
      exotel.statusCallbackContentType !== undefined &&
      exotel.statusCallbackContentType !== 'application/json' &&
      exotel.statusCallbackContentType !== 'multipart/form-data'
    ) {
      c.add(
        'exotel.statusCallbackContentType',
        'must be "application/json" or "multipart/form-data"',
      );
    } else if (exotel.statusCallbackContentType)
      callbackContentType = exotel.statusCallbackContentType;
    c.string(exotel.accountSid, 'exotel.accountSid');
    if (c.string(exotel.apiKey, 'exotel.apiKey')) redact.push(exotel.apiKey as string);
    if (c.string(exotel.apiToken, 'exotel.apiToken')) redact.push(exotel.apiToken as string);
    if (
      exotel.region !== undefined &&
      exotel.region !== 'singapore' &&
      exotel.region !== 'mumbai'
    ) {
      c.add('exotel.region', 'must be "singapore" or "mumbai"');
    } else if (exotel.region) region = exotel.region;
    if (exotel.baseUrl !== undefined)
      baseUrl = c.url(exotel.baseUrl, 'exotel.baseUrl', 'local-http-ok');
    if (exotel.timeoutSeconds !== undefined) {
      const t = exotel.timeoutSeconds;
      if (typeof t !== 'number' || !(t >= 0.05 && t <= 60))
        c.add('exotel.timeoutSeconds', 'must be a number of seconds from 0.05 to 60');
      else timeoutMs = Math.round(t * 1000);
    }
    if (exotel.fetch !== undefined && typeof exotel.fetch !== 'function')
      c.add('exotel.fetch', 'must be a function');
  }

  const secrets: string[] = [];
  if (
    c.string(raw.secret, 'secret', (s) =>
      s.length >= 32
        ? undefined
        : 'must be at least 32 characters (e.g. `openssl rand -base64 32`)',
    )
  ) {
    secrets.push(raw.secret as string);
  }
  if (raw.previousSecrets !== undefined) {
    if (!Array.isArray(raw.previousSecrets)) c.add('previousSecrets', 'must be a list of strings');
    else
      raw.previousSecrets.forEach((s, i) => {
        if (
          c.string(s, `previousSecrets[${i}]`, (v) =>
            v.length >= 32 ? undefined : 'must be at least 32 characters',
          )
        )
          secrets.push(s as string);
      });
  }
  redact.push(...secrets);

  const publicBaseUrl = c.url(raw.publicBaseUrl, 'publicBaseUrl', 'required')?.replace(/\/+$/, '');
  if (publicBaseUrl && (new URL(publicBaseUrl).search || new URL(publicBaseUrl).hash))
    c.add('publicBaseUrl', 'must not have a query or fragment');

  const blocked = new Set<string>();
  if (raw.blockedNumbers !== undefined) {
    if (!Array.isArray(raw.blockedNumbers))
      c.add('blockedNumbers', 'must be a list of E.164 numbers');
    else
      raw.blockedNumbers.forEach((n, i) => {
        const parsed = typeof n === 'string' && n.startsWith('+') ? e164(n) : undefined;
        if (!parsed)
          c.add(`blockedNumbers[${i}]`, `${JSON.stringify(n)} is not a valid E.164 number`);
        else blocked.add(parsed);
      });
  }

  const widgets = new Map<string, ResolvedWidget>();
  if (!Array.isArray(raw.widgets) || raw.widgets.length === 0) {
    c.add('widgets', 'must be a non-empty list of widgets');
  } else {
    raw.widgets.forEach((w, i) => {
      const widget = checkWidget(c, w, `widgets[${i}]`, blocked, redact);
      if (!widget) return;
      if (widgets.has(widget.id))
        c.add(`widgets[${i}].id`, `duplicate widget id ${JSON.stringify(widget.id)}`);
      widgets.set(widget.id, widget);
    });
  }

  let store: StoreConfig = { type: 'memory' };
  if (raw.store !== undefined) {
    if (isStore(raw.store)) store = raw.store;
    else if (c.object(raw.store, 'store')) {
      const s = raw.store;
      if (s.type === 'memory') {
        c.known(s, new Set(['type']), 'store');
        store = { type: 'memory' };
      } else if (s.type === 'sqlite') {
        c.known(s, new Set(['type', 'path']), 'store');
        if (c.string(s.path, 'store.path')) store = { type: 'sqlite', path: s.path as string };
      } else if (s.type === 'redis') {
        c.known(s, new Set(['type', 'url', 'prefix']), 'store');
        const url = c.string(s.url, 'store.url', redisUrlProblem) ? (s.url as string) : undefined;
        const prefix =
          s.prefix === undefined || c.string(s.prefix, 'store.prefix', redisPrefixProblem)
            ? (s.prefix as string | undefined)
            : undefined;
        if (url) {
          store = { type: 'redis', url, ...(prefix ? { prefix } : {}) };
          const password = new URL(url).password;
          if (password) redact.push(password, safeDecode(password));
        }
      } else c.add('store.type', 'must be "memory", "sqlite" or "redis" (or pass a Store object)');
    }
  }

  let globalLimit = DEFAULT_GLOBAL_LIMIT;
  if (raw.globalLimit !== undefined) {
    const w = c.window(raw.globalLimit, 'globalLimit');
    if (w && w.limit * (60 / w.windowSeconds) > EXOTEL_PER_MINUTE) {
      c.add(
        'globalLimit',
        `allows ${w.limit} calls per ${w.windowSeconds} s, more than Exotel's ${EXOTEL_PER_MINUTE} requests per minute`,
      );
    } else if (w) globalLimit = w;
  }

  let trustProxy: ResolvedConfig['trustProxy'];
  if (raw.trustProxy !== undefined && c.object(raw.trustProxy, 'trustProxy')) {
    const t = raw.trustProxy;
    c.known(t, new Set(['header', 'hops']), 'trustProxy');
    if (
      c.string(t.header, 'trustProxy.header', (h) =>
        /^[A-Za-z0-9-]+$/.test(h) ? undefined : 'must be a header name',
      )
    ) {
      trustProxy = {
        header: (t.header as string).toLowerCase(),
        hops: c.integer(t.hops, 'trustProxy.hops', 1, 10, 1),
      };
    }
  }

  const retry = raw.upstreamRetry;
  const upstreamRetry = { attempts: 3, baseDelayMs: 250, maxDelayMs: 2000 };
  if (retry !== undefined && c.object(retry, 'upstreamRetry')) {
    c.known(retry, new Set(['attempts', 'baseDelayMs', 'maxDelayMs']), 'upstreamRetry');
    upstreamRetry.attempts = c.integer(retry.attempts, 'upstreamRetry.attempts', 1, 10, 3);
    upstreamRetry.baseDelayMs = c.integer(
      retry.baseDelayMs,
      'upstreamRetry.baseDelayMs',
      0,
      60_000,
      250,
    );
    upstreamRetry.maxDelayMs = c.integer(
      retry.maxDelayMs,
      'upstreamRetry.maxDelayMs',
      0,
      60_000,
      2000,
    );
  }

  const policies = Array.isArray(raw.policies) ? (raw.policies as CreatePolicy[]) : [];
  if (raw.policies !== undefined && !Array.isArray(raw.policies))
    c.add('policies', 'must be an array');
  policies.forEach((p, i) => {
    if (
      !p ||
      typeof p.name !== 'string' ||
      !p.name ||
      typeof p.check !== 'function' ||
      !Array.isArray(p.codes)
    )
      c.add(`policies[${i}]`, 'must be a policy: { name, codes, check(context) }');
  });
  for (const fn of ['onCallEvent', 'now'] as const) {
    if (raw[fn] !== undefined && typeof raw[fn] !== 'function') c.add(fn, 'must be a function');
  }
  if (raw.logger !== undefined) {
    const l = raw.logger as Record<string, unknown>;
    if (
      !l ||
      typeof l.info !== 'function' ||
      typeof l.warn !== 'function' ||
      typeof l.error !== 'function'
    ) {
      c.add('logger', 'must have info, warn and error methods');
    }
  }
  const result: ResolvedConfig = {
    exotel: {
      accountSid: (exotel as Record<string, string>)?.accountSid ?? '',
      apiKey: (exotel as Record<string, string>)?.apiKey ?? '',
      apiToken: (exotel as Record<string, string>)?.apiToken ?? '',
      region,
      baseUrl,
      timeoutMs,
      fetch: (exotel as { fetch?: typeof fetch })?.fetch,
      statusCallbackContentType: callbackContentType,
    },
    secrets,
    publicBaseUrl: publicBaseUrl ?? '',
    basePath: publicBaseUrl ? new URL(publicBaseUrl).pathname.replace(/\/+$/, '') : '',
    widgets,
    policies,
    allOrigins: new Set([...widgets.values()].flatMap((w) => [...w.allowedOrigins])),
    store: 'createCall' in store ? store : storeOpener(store),
    globalLimit,
    trustProxy,
    maxBodyBytes: c.integer(raw.maxBodyBytes, 'maxBodyBytes', 256, 1_048_576, 8192),
    reconcileGraceMs:
      c.integer(raw.reconcileGraceSeconds, 'reconcileGraceSeconds', 0, 3600, 60) * 1000,
    reconcileIntervalMs: c.integer(
      raw.reconcileIntervalMs,
      'reconcileIntervalMs',
      0,
      3_600_000,
      5000,
    ),
    heartbeatMs: c.integer(raw.heartbeatMs, 'heartbeatMs', 1, 300_000, 15_000),
    maxStreamsPerIp: c.integer(raw.maxStreamsPerIp, 'maxStreamsPerIp', 1, 100_000, 20),
    retentionMs:
      c.integer(raw.retentionSeconds, 'retentionSeconds', 60, 366 * 86_400, 7 * 86_400) * 1000,
    health: c.boolean(raw.health, 'health', true),
    upstreamRetry,
    redact: redact.filter((s) => s.length >= 4),
  };
  c.boolean(raw.logRequests, 'logRequests', true);
  if (c.issues.length > 0) throw new RingbackConfigError(c.issues);
  return result;
}

export type { ResolvedConfig };
