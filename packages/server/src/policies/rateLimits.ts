import { Problem, type ProblemBody } from '../domain/problem.js';
import type { RateWindow, WidgetLimits } from '../domain/RingbackConfig.js';
import type { RateCheck, Store } from '../domain/Store.js';

// Limits on placing calls; `streams` (open event streams) is enforced by the events route,
// `login` by the operator API.
type LimitName = Exclude<NonNullable<ProblemBody['limit']>, 'streams' | 'login'>;

export interface RateLimitInput {
  widgetId: string;
  limits: Required<WidgetLimits>;
  /** Exotel's account-wide budget; `undefined` for a request that dials nothing now (a booked callback). */
  globalLimit: RateWindow | undefined;
  /** The visitor's rate-limit identity (`ipRateKey`). */
  ip: string;
  /** The destination, E.164. */
  number: string;
}

const DETAIL: Record<LimitName, string> = {
  ip: 'Too many calls from your network',
  number: 'Too many calls to this number',
  'distinct-numbers': 'Too many different numbers from your network',
  widget: 'This widget has placed too many calls',
  global: 'The service is placing too many calls',
};

/** Exotel's account-wide budget (`globalLimit`): every connect, first attempt or later, takes one. */
export function globalCheck(globalLimit: RateWindow): RateCheck {
  return {
    key: `global:${globalLimit.windowSeconds}`,
    limit: globalLimit.limit,
    windowMs: globalLimit.windowSeconds * 1000,
  };
}

/**
 * Every limit that applies to one create. Counters of an IP and a number are shared by
 * all widgets (harassment of a number is the same whichever widget it comes through);
 * each widget applies its own limits to them.
 */
export function rateChecks(input: RateLimitInput): { check: RateCheck; name: LimitName }[] {
  const window = (name: LimitName, key: string, w: RateWindow, member?: string) => ({
    name,
    check: {
      key: `${key}:${w.windowSeconds}`,
      limit: w.limit,
      windowMs: w.windowSeconds * 1000,
      ...(member ? { member } : {}),
    },
  });
  return [
    ...input.limits.ip.map((w) => window('ip', `ip:${input.ip}`, w)),
    ...input.limits.number.map((w) => window('number', `number:${input.number}`, w)),
    ...input.limits.distinctNumbersPerIp.map((w) =>
      window('distinct-numbers', `distinct:${input.ip}`, w, input.number),
    ),
    ...input.limits.widget.map((w) => window('widget', `widget:${input.widgetId}`, w)),
    ...(input.globalLimit
      ? [{ name: 'global' as const, check: globalCheck(input.globalLimit) }]
      : []),
  ];
}

/** Consumes one hit of every limit, or throws `rate_limited` with the longest wait among those that refused. */
export async function enforceRateLimits(
  store: Store,
  input: RateLimitInput,
  now: number,
): Promise<void> {
  const checks = rateChecks(input);
  const result = await store.consumeRateLimits(
    checks.map((c) => c.check),
    now,
  );
  if (result.allowed) return;
  const worst = result.denied.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
  const name = checks.find((c) => c.check.key === worst.key)?.name ?? 'global';
  const retryAfterSeconds = Math.max(1, Math.ceil(worst.retryAfterMs / 1000));
  throw new Problem('rate_limited', `${DETAIL[name]}; try again in ${retryAfterSeconds} seconds.`, {
    limit: name,
    retryAfterSeconds,
  });
}
