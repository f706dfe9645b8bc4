import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../domain/Store.js';
import { createMemoryStore } from '../store/memoryStore.js';
import {
  eventFor,
  sampleAttempt,
  sampleCall,
  sampleKey,
  SAMPLE_TIME as T0,
} from '../testing/storeSamples.js';
import { withCallStats } from './statsRecorder.js';
import { storeWith } from './storeWith.js';

const attempt = sampleAttempt(1, 'asha');

const silent = { info() {}, warn() {}, error() {} };

/** A memory store whose `getCall`s are counted, under the stats wrapper. */
async function counted() {
  const inner = createMemoryStore();
  let reads = 0;
  const reading = storeWith(inner, {
    getCall: (id) => {
      reads++;
      return inner.getCall(id);
    },
  });
  const store = withCallStats(reading, silent, 'UTC');
  const call = sampleCall({ attempts: [attempt], agentId: 'asha', state: 'dialing-agent' });
  await store.createCall(call, sampleKey(call), eventFor(call));
  const connected: CallRecord = {
    ...call,
    version: call.version + 1,
    state: 'connected',
    updatedAt: T0 + 30_000,
  };
  const counters = async () =>
    (await inner.readStats({ scale: 'quarter', from: T0 - 86_400_000, to: T0 + 86_400_000 }))
      .map((row) => `${row.agentId ?? '-'} ${row.counter} ${row.value}`)
      .sort();
  return { store, call, connected, counters, reads: () => reads };
}

describe('withCallStats', () => {
  it("counts an update from the caller's copy of the call, without reading it again", async () => {
    const { store, call, connected, counters, reads } = await counted();
    const before = await counters();
    expect(
      await store.updateCall(connected, call.version, eventFor(connected), undefined, call),
    ).toBe(true);
    expect(reads()).toBe(0);
    const after = await counters();
    expect(after).not.toEqual(before);
    expect(after).toContain('- connected 1');
  });

  it('reads the call when no copy is given, or a copy of another version', async () => {
    for (const copy of [false, true]) {
      const { store, call, connected, counters, reads } = await counted();
      // Of another version, and already connected: counted from it, the change would count nothing.
      const other = copy ? { ...connected, version: call.version + 7 } : undefined;
      await store.updateCall(connected, call.version, eventFor(connected), undefined, other);
      expect(reads()).toBe(1);
      expect(await counters()).toContain('- connected 1');
    }
  });

  it('counts nothing when the compare-and-set fails, copy or not', async () => {
    const { store, call, connected, counters } = await counted();
    const before = await counters();
    const stale = { ...connected, version: call.version + 5 };
    expect(await store.updateCall(stale, call.version + 4, undefined, undefined, call)).toBe(false);
    expect(await store.updateCall(stale, call.version + 4)).toBe(false);
    expect(await counters()).toEqual(before);
  });

  it("counts the same with the caller's copy as with a read", async () => {
    const given = await counted();
    await given.store.updateCall(
      given.connected,
      given.call.version,
      undefined,
      undefined,
      given.call,
    );
    const read = await counted();
    await read.store.updateCall(read.connected, read.call.version);
    expect(await given.counters()).toEqual(await read.counters());
  });
});
