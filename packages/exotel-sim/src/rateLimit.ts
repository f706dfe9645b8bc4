import type { SimClock } from './clock.js';

const WINDOW_MS = 60_000;

/**
 * Exotel's limit: 200 requests per minute per account across the Voice APIs, then
 * 429. A sliding one-minute window on the simulator clock, so the manual clock can
 * step past it.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #clock: SimClock;
  readonly #hits = new Map<string, number[]>();

  /** @param limitPerMinute `Infinity` turns the limit off. */
  constructor(limitPerMinute: number, clock: SimClock) {
    if (!(limitPerMinute > 0)) {
      throw new RangeError(`rateLimitPerMinute must be a positive number, got ${limitPerMinute}`);
    }
    this.#limit = limitPerMinute;
    this.#clock = clock;
  }

  /** Counts a request; `false` when it is over the limit (and is not counted). */
  hit(account: string): boolean {
    if (this.#limit === Infinity) return true;
    const now = this.#clock.now();
    const hits = (this.#hits.get(account) ?? []).filter((at) => at > now - WINDOW_MS);
    this.#hits.set(account, hits);
    if (hits.length >= this.#limit) return false;
    hits.push(now);
    return true;
  }

  reset(): void {
    this.#hits.clear();
  }
}
