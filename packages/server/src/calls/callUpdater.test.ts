import { describe, expect, it } from 'vitest';
import type { Store } from '../domain/Store.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { eventFor, SAMPLE_TIME, sampleCall, sampleKey } from '../testing/storeSamples.js';
import { createCallUpdater } from './callUpdater.js';

const silent = { info() {}, warn() {}, error() {} };

/** A memory store that counts its reads of calls. */
function countingStore(): { store: Store; reads: () => number } {
  const store = createMemoryStore();
  let reads = 0;
  const getCall = store.getCall.bind(store);
  store.getCall = (id) => {
    reads += 1;
    return getCall(id);
  };
  return { store, reads: () => reads };
}

async function setUp() {
  const { store, reads } = countingStore();
  const call = sampleCall({ state: 'dialing-agent' });
  await store.createCall(call, sampleKey(call), eventFor(call));
  const update = createCallUpdater({
    store: async () => store,
    now: () => SAMPLE_TIME + 1000,
    graceMs: 60_000,
    logger: silent,
    hook: undefined,
  });
  return { store, reads, call, update };
}

describe('callUpdater', () => {
  it('starts from the call just read, without reading it again', async () => {
    const { store, reads, call, update } = await setUp();
    const read = (await store.getCall(call.id))!;
    const before = reads();
    const next = await update(call.id, () => ({ state: 'dialing-you' }), 'callback', read);
    expect(reads()).toBe(before);
    expect(next?.state).toBe('dialing-you');
    expect((await store.getCall(call.id))?.version).toBe(call.version + 1);
  });

  it('reads again when the call changed since it was read, and loses neither change', async () => {
    const { store, reads, call, update } = await setUp();
    const stale = (await store.getCall(call.id))!;
    // Another writer (a second callback, the reconciler) gets there first.
    await update(call.id, () => ({ exotelSid: 'sid-1' }), 'callback');
    const before = reads();
    const next = await update(call.id, () => ({ state: 'dialing-you' }), 'callback', stale);
    expect(reads()).toBe(before + 1);
    expect([next?.state, next?.exotelSid, next?.version]).toEqual([
      'dialing-you',
      'sid-1',
      call.version + 2,
    ]);
  });

  it('reads the call when what it was handed is another call', async () => {
    const { store, reads, call, update } = await setUp();
    const other = sampleCall();
    await store.createCall(other, sampleKey(other), eventFor(other));
    const before = reads();
    const next = await update(call.id, () => ({ state: 'dialing-you' }), 'callback', other);
    expect(reads()).toBe(before + 1);
    expect(next?.id).toBe(call.id);
    expect((await store.getCall(other.id))?.state).toBe('requested');
  });
});
