import { describeStoreContract, eventFor, sampleCall, sampleKey } from '@ringback/server/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memoryStore.js';

describeStoreContract('memory', { create: async () => createMemoryStore() });

describe('memory store isolation', () => {
  const refusal = { code: 'exotel_refused', status: 502, detail: 'no', retryAfterSeconds: 5 };

  it('keeps its own copy of what it is given', async () => {
    const store = createMemoryStore();
    const call = sampleCall({ refusal: { ...refusal } });
    await store.createCall(call, sampleKey(call), eventFor(call));
    call.state = 'completed';
    call.refusal!.code = 'changed';
    expect(await store.getCall(call.id)).toEqual(sampleCallLike(call.id, refusal));

    const next = { ...call, state: 'failed' as const, version: 2, refusal: { ...refusal } };
    await store.updateCall(next, 1);
    next.refusal.detail = 'changed';
    expect((await store.getCall(call.id))!.refusal).toEqual(refusal);
  });

  it('hands out copies callers cannot change it through', async () => {
    const store = createMemoryStore();
    const call = sampleCall({ refusal: { ...refusal } });
    await store.createCall(call, sampleKey(call), eventFor(call));
    for (const read of [
      await store.getCall(call.id),
      ...(await store.listOpenCalls(10)),
      ...(await store.listDueCalls(Number.MAX_SAFE_INTEGER, 10)),
    ]) {
      read!.state = 'completed';
      read!.refusal!.code = 'changed';
    }
    const stored = await store.getCall(call.id);
    expect(stored!.state).toBe('requested');
    expect(stored!.refusal).toEqual(refusal);
    expect(stored!.refusal).not.toBe((await store.getCall(call.id))!.refusal);
  });

  it('counts a busy key exactly while dropping hits long out of its window', async () => {
    const store = createMemoryStore();
    const check = { key: 'ip:x:60', limit: 3, windowMs: 60_000 };
    const t0 = Date.UTC(2026, 10, 27);
    // Thousands of hits, each window full, then a clock that steps back less than a window.
    for (let t = t0; t < t0 + 3_600_000; t += 20_000)
      expect(await store.consumeRateLimits([check], t)).toEqual({ allowed: true });
    const last = t0 + 3_600_000 - 20_000;
    expect(await store.consumeRateLimits([check], last + 1)).toEqual({
      allowed: false,
      denied: [{ key: check.key, retryAfterMs: 19_999 }],
    });
    expect(await store.consumeRateLimits([check], last - 30_000)).toMatchObject({ allowed: false });
    expect(await store.consumeRateLimits([check], last + 40_000)).toEqual({ allowed: true });
  });

  function sampleCallLike(id: string, refusalValue: typeof refusal) {
    return expect.objectContaining({ id, state: 'requested', refusal: refusalValue });
  }
});
