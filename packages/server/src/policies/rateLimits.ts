import { Problem, type ProblemBody } from '../domain/problem.js';
import type { RateWindow, WidgetLimits } from '../domain/RingbackConfig.js';
import { rememberBounded } from '../domain/rememberBounded.js';
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

/** How many used-up limits are remembered per store; the oldest is forgotten first. */
export const KNOWN_DENIED_KEPT = 10_000;

/**
 * Limits known to be used up, per store: until when each refuses. Hits only ever join a
 * window and leave it with time, so a limit the store refused stays refused for as long
 * as the store said, whatever other instances do meanwhile. A flood against a used-up
 * limit (a number being bombed, a widget past its budget) is then refused without a
 * store round trip. Keyed by the limit too: widgets share an address's or a number's
 * counter under their own limits. Distinct-value checks are never remembered: a value
 * already in the window is allowed even when the window is full.
 */
const knownDenied = new WeakMap<Store, Map<string, number>>();
const deniedKey = (check: RateCheck) => `${check.key}\n${check.limit}\n${check.windowMs}`;

/**
 * The remembered refusals among `checks` still in force at `now`: any one refuses the
 * request. A limit used up since by other traffic is not among them until these are over;
 * the request is refused either way, with a wait that is true.
 */
function rememberedDenials(
  store: Store,
  checks: readonly RateCheck[],
  now: number,
): { key: string; retryAfterMs: number }[] {
  const known = knownDenied.get(store);
  if (!known || known.size === 0) return [];
  const denied: { key: string; retryAfterMs: number }[] = [];
  for (const check of checks) {
    if (check.member !== undefined) continue;
    const id = deniedKey(check);
    const until = known.get(id);
    if (until === undefined) continue;
    if (until > now) denied.push({ key: check.key, retryAfterMs: until - now });
    else known.delete(id);
  }
  return denied;
}

function rememberDenials(
  store: Store,
  checks: readonly RateCheck[],
  denied: readonly { key: string; retryAfterMs: number }[],
  now: number,
): void {
  const known = knownDenied.get(store) ?? new Map<string, number>();
  knownDenied.set(store, known);
  for (const { key, retryAfterMs } of denied) {
    const check = checks.find((c) => c.key === key);
    if (!check || check.member !== undefined) continue;
    rememberBounded(known, deniedKey(check), now + retryAfterMs, KNOWN_DENIED_KEPT);
  }
}

/**
 * Consumes one hit of every limit, or throws `rate_limited` with the longest wait among
 * those that refused. A limit the store refused earlier refuses again without asking
 * it, until the wait it gave is over (`knownDenied`).
 */
export async function enforceRateLimits(
  store: Store,
  input: RateLimitInput,
  now: number,
): Promise<void> {
  const checks = rateChecks(input);
  const plain = checks.map((c) => c.check);
  let denied = rememberedDenials(store, plain, now);
  if (denied.length === 0) {
    const result = await store.consumeRateLimits(plain, now);
    if (result.allowed) return;
    denied = result.denied;
    rememberDenials(store, plain, denied, now);
  }
  const worst = denied.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
  const name = checks.find((c) => c.check.key === worst.key)?.name ?? 'global';
  const retryAfterSeconds = Math.max(1, Math.ceil(worst.retryAfterMs / 1000));
  throw new Problem('rate_limited', `${DETAIL[name]}; try again in ${retryAfterSeconds} seconds.`, {
    limit: name,
    retryAfterSeconds,
  });
}
