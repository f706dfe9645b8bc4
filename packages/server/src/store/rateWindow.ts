import type { RateCheck } from '../domain/Store.js';

export interface RateHit {
  member: string;
  at: number;
}

/**
 * Decides one sliding-window check over the hits recorded under its key. Sliding
 * windows (not fixed buckets) so a burst straddling a bucket boundary cannot reach
 * twice the limit, which matters for the global guard under Exotel's 200/minute.
 * Returns 0 when the check allows the request, else the ms until it would.
 */
export function rateRetryAfterMs(hits: readonly RateHit[], check: RateCheck, now: number): number {
  const since = now - check.windowMs;
  if (check.member === undefined) {
    const times = hits
      .filter((h) => h.at > since)
      .map((h) => h.at)
      .sort((a, b) => a - b);
    if (times.length < check.limit) return 0;
    // Allowed again once enough of the oldest hits have left the window.
    return Math.max(1, times[times.length - check.limit]! + check.windowMs - now);
  }
  const lastSeen = new Map<string, number>();
  for (const h of hits) {
    if (h.at > since) lastSeen.set(h.member, Math.max(lastSeen.get(h.member) ?? 0, h.at));
  }
  if (lastSeen.has(check.member) || lastSeen.size < check.limit) return 0;
  const times = [...lastSeen.values()].sort((a, b) => a - b);
  return Math.max(1, times[times.length - check.limit]! + check.windowMs - now);
}
