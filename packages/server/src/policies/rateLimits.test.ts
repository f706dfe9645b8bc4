import { describe, expect, it } from 'vitest';
import { storeWith } from '../calls/storeWith.js';
import { DEFAULT_GLOBAL_LIMIT, DEFAULT_LIMITS } from '../config/validateConfig.js';
import type { Problem } from '../domain/problem.js';
import type { Store } from '../domain/Store.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { enforceRateLimits, KNOWN_DENIED_KEPT, type RateLimitInput } from './rateLimits.js';

const T0 = Date.UTC(2026, 10, 27, 8);
const base: RateLimitInput = {
  widgetId: 'support',
  limits: DEFAULT_LIMITS,
  globalLimit: DEFAULT_GLOBAL_LIMIT,
  ip: '203.0.113.5',
  number: '+919812345678',
};

/** A memory store that counts how often the limits are asked. */
function counting(): { store: Store; asked: () => number } {
  const inner = createMemoryStore();
  let asked = 0;
  const store = storeWith(inner, {
    consumeRateLimits(checks, now) {
      asked += 1;
      return inner.consumeRateLimits(checks, now);
    },
  });
  return { store, asked: () => asked };
}

async function refusal(promise: Promise<void>) {
  try {
    await promise;
  } catch (error) {
    return (error as Problem).toJSON();
  }
  return undefined;
}

describe('rate limits', () => {
  it('limits calls to one number to 3 an hour by default, whatever the IP', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 3; i++)
      await enforceRateLimits(store, { ...base, ip: `198.51.100.${i}` }, T0 + i * 1000);
    const problem = await refusal(
      enforceRateLimits(store, { ...base, ip: '198.51.100.9' }, T0 + 10_000),
    );
    expect(problem).toMatchObject({
      code: 'rate_limited',
      status: 429,
      limit: 'number',
      retryAfterSeconds: 3590,
    });
  });

  it('limits distinct numbers per IP', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 3; i++)
      await enforceRateLimits(store, { ...base, number: `+91981234567${i}` }, T0 + i);
    expect(
      await refusal(enforceRateLimits(store, { ...base, number: '+919812345679' }, T0 + 10)),
    ).toMatchObject({ limit: 'distinct-numbers' });
  });

  it('limits calls per IP', async () => {
    const store = createMemoryStore();
    const limits = {
      ...DEFAULT_LIMITS,
      distinctNumbersPerIp: [{ limit: 100, windowSeconds: 3600 }],
    };
    for (let i = 0; i < 5; i++)
      await enforceRateLimits(store, { ...base, limits, number: `+91981234567${i}` }, T0 + i);
    expect(
      await refusal(
        enforceRateLimits(store, { ...base, limits, number: '+919812345679' }, T0 + 10),
      ),
    ).toMatchObject({
      limit: 'ip',
      retryAfterSeconds: 600,
    });
  });

  it('limits a widget as a whole and the server globally', async () => {
    const store = createMemoryStore();
    const limits = { ...DEFAULT_LIMITS, widget: [{ limit: 2, windowSeconds: 60 }] };
    await enforceRateLimits(store, { ...base, limits, ip: 'a' }, T0);
    await enforceRateLimits(store, { ...base, limits, ip: 'b', number: '+919812345670' }, T0);
    expect(
      await refusal(
        enforceRateLimits(store, { ...base, limits, ip: 'c', number: '+919812345671' }, T0),
      ),
    ).toMatchObject({ limit: 'widget' });
    const global = { limit: 1, windowSeconds: 60 };
    await enforceRateLimits(
      store,
      { ...base, widgetId: 'other', globalLimit: global, ip: 'd', number: '+919812345672' },
      T0 + 120_000,
    );
    expect(
      await refusal(
        enforceRateLimits(
          store,
          { ...base, widgetId: 'third', globalLimit: global, ip: 'e', number: '+919812345673' },
          T0 + 120_000,
        ),
      ),
    ).toMatchObject({ limit: 'global', retryAfterSeconds: 60 });
  });

  it('reports the longest wait when several limits refuse', async () => {
    const store = createMemoryStore();
    const limits = {
      ...DEFAULT_LIMITS,
      ip: [{ limit: 1, windowSeconds: 60 }],
      number: [{ limit: 1, windowSeconds: 600 }],
    };
    await enforceRateLimits(store, { ...base, limits }, T0);
    expect(await refusal(enforceRateLimits(store, { ...base, limits }, T0))).toMatchObject({
      limit: 'number',
      retryAfterSeconds: 600,
    });
  });
});

describe('used-up limits', () => {
  it('refuse again without asking the store, until the wait it gave is over', async () => {
    const { store, asked } = counting();
    for (let i = 0; i < 3; i++)
      await enforceRateLimits(store, { ...base, ip: `198.51.100.${i}` }, T0 + i * 1000);
    const first = await refusal(
      enforceRateLimits(store, { ...base, ip: '198.51.100.9' }, T0 + 10_000),
    );
    expect(first).toMatchObject({ limit: 'number', retryAfterSeconds: 3590 });
    expect(asked()).toBe(4);
    // The same answer, counted down, from what the store said.
    const again = await refusal(
      enforceRateLimits(store, { ...base, ip: '198.51.100.10' }, T0 + 20_000),
    );
    expect(again).toEqual({ ...first, retryAfterSeconds: 3580, detail: expect.any(String) });
    expect(again?.detail).toContain('3580 seconds');
    expect(asked()).toBe(4);
    // The first call has left the window: the store decides again, and allows.
    await enforceRateLimits(store, { ...base, ip: '198.51.100.11' }, T0 + 3_600_000);
    expect(asked()).toBe(5);
  });

  it('keep every limit that refused, so the longest wait is still the one reported', async () => {
    const { store, asked } = counting();
    const limits = {
      ...DEFAULT_LIMITS,
      ip: [{ limit: 1, windowSeconds: 60 }],
      number: [{ limit: 1, windowSeconds: 600 }],
    };
    await enforceRateLimits(store, { ...base, limits }, T0);
    await refusal(enforceRateLimits(store, { ...base, limits }, T0));
    expect(await refusal(enforceRateLimits(store, { ...base, limits }, T0 + 30_000))).toMatchObject(
      { limit: 'number', retryAfterSeconds: 570 },
    );
    expect(asked()).toBe(2);
  });

  it('refuse only under the limit that was used up: widgets count an address under their own', async () => {
    const { store, asked } = counting();
    const strict = { ...DEFAULT_LIMITS, ip: [{ limit: 1, windowSeconds: 600 }] };
    const lenient = { ...DEFAULT_LIMITS, ip: [{ limit: 5, windowSeconds: 600 }] };
    await enforceRateLimits(store, { ...base, limits: strict }, T0);
    const number = '+919812345670';
    expect(
      await refusal(enforceRateLimits(store, { ...base, limits: strict, number }, T0 + 1)),
    ).toMatchObject({ limit: 'ip' });
    // The same counter (this address, 10 minutes) under another widget's limit of 5.
    await enforceRateLimits(store, { ...base, widgetId: 'other', limits: lenient, number }, T0 + 2);
    expect(asked()).toBe(3);
  });

  it('never answer for a distinct-numbers limit: a number already counted is allowed', async () => {
    const { store, asked } = counting();
    for (let i = 0; i < 3; i++)
      await enforceRateLimits(store, { ...base, number: `+91981234567${i}` }, T0 + i);
    expect(
      await refusal(enforceRateLimits(store, { ...base, number: '+919812345679' }, T0 + 10)),
    ).toMatchObject({ limit: 'distinct-numbers' });
    await enforceRateLimits(store, { ...base, number: '+919812345670' }, T0 + 20);
    expect(asked()).toBe(5);
  });

  it(`remember at most ${KNOWN_DENIED_KEPT} used-up limits per store, the oldest forgotten first`, async () => {
    const { store, asked } = counting();
    const limits = { ...DEFAULT_LIMITS, number: [{ limit: 1, windowSeconds: 3600 }], widget: [] };
    const input = (i: number) => ({
      ...base,
      limits,
      globalLimit: undefined,
      ip: `ip-${i}`,
      number: `+9198${String(i).padStart(8, '0')}`,
    });
    for (let i = 0; i <= KNOWN_DENIED_KEPT; i++) {
      await enforceRateLimits(store, input(i), T0);
      await refusal(enforceRateLimits(store, { ...input(i), ip: `again-${i}` }, T0));
    }
    const before = asked();
    await refusal(enforceRateLimits(store, { ...input(KNOWN_DENIED_KEPT), ip: 'x' }, T0 + 1));
    await refusal(enforceRateLimits(store, { ...input(1), ip: 'y' }, T0 + 1));
    expect(asked()).toBe(before);
    expect(await refusal(enforceRateLimits(store, { ...input(0), ip: 'z' }, T0 + 1))).toMatchObject(
      { limit: 'number' },
    );
    expect(asked()).toBe(before + 1);
  });
});
