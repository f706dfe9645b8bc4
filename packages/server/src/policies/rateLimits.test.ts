import { describe, expect, it } from 'vitest';
import { DEFAULT_GLOBAL_LIMIT, DEFAULT_LIMITS } from '../config/validateConfig.js';
import type { Problem } from '../domain/problem.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { enforceRateLimits, type RateLimitInput } from './rateLimits.js';

const T0 = Date.UTC(2026, 10, 27, 8);
const base: RateLimitInput = {
  widgetId: 'support',
  limits: DEFAULT_LIMITS,
  globalLimit: DEFAULT_GLOBAL_LIMIT,
  ip: '203.0.113.5',
  number: '+919812345678',
};

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
