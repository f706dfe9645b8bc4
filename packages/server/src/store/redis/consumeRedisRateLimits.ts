import { randomUUID } from 'node:crypto';
import type { RateCheck, RateLimitResult } from '../../domain/Store.js';
import type { RedisSession } from './openRedisSession.js';

/**
 * `Store.consumeRateLimits` in Redis: one script checks every limit and, only if all
 * allow, records the hit on each (all of them share the `{prefix:rate}` slot).
 */
export async function consumeRedisRateLimits(
  session: RedisSession,
  checks: RateCheck[],
  now: number,
): Promise<RateLimitResult> {
  if (checks.length === 0) return { allowed: true };
  const { keys } = session;
  const denied = (await session.script(
    'ringbackConsumeRateLimits',
    [keys.rateExpiry, ...checks.map((c) => keys.rate(c.key, c.windowMs))],
    [now, randomUUID(), ...checks.flatMap((c) => [c.limit, c.windowMs, c.member ?? ''])],
  )) as number[];
  if (denied.length === 0) return { allowed: true };
  // Pairs of (1-based index of the refusing check, ms until it would allow).
  const result: { key: string; retryAfterMs: number }[] = [];
  for (let i = 0; i < denied.length; i += 2)
    result.push({ key: checks[denied[i]! - 1]!.key, retryAfterMs: denied[i + 1]! });
  return { allowed: false, denied: result };
}
