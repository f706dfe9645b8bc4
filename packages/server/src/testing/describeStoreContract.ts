// The behaviour every Store must have, as a Vitest suite: published as
// `@ringback/server/testing` so a store written outside this repository passes the same
// checks as the built-in ones before it is used. Only this entry imports Vitest (an
// optional peer dependency); the main entry never loads it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallEvent, CallRecord, Store } from '../domain/Store.js';
import type { WebhookDelivery } from '../domain/webhooks.js';
import { describeOperatorContract } from './operatorContract.js';
import {
  eventFor,
  sampleCall,
  sampleDelivery,
  sampleKey,
  SAMPLE_TIME as T0,
} from './storeSamples.js';

/** How `describeStoreContract` gets a store for each test. */
export interface StoreContractFactory {
  /** A fresh, empty store (closed by the suite after each test). */
  create(): Promise<Store>;
  /** Removes whatever `create` left behind (files, keys). */
  cleanup?(): Promise<void>;
  /**
   * For a store several instances share: another instance on the same backend as the store
   * `create` opened last (the suite closes it). Without it, the cross-instance tests are skipped.
   */
  peer?(): Promise<Store>;
}

async function insert(store: Store, overrides: Partial<CallRecord> = {}) {
  const call = sampleCall(overrides);
  const result = await store.createCall(call, sampleKey(call), eventFor(call));
  expect(result).toEqual({ created: true });
  return call;
}

function advance(call: CallRecord, changes: Partial<CallRecord>): CallRecord {
  return { ...call, ...changes, version: call.version + 1 };
}

/**
 * Registers the store contract as a Vitest suite named `Store contract: <name>`:
 * calls and idempotency keys, compare-and-set updates, fan-out, due and open calls,
 * sliding-window rate limits, leases, flags and counters, the webhook outbox, purge and ping,
 * and the operator console's queries (call listings, statistics, sessions, the audit log
 * and the live view of every call). Call it at the top level of a test file.
 *
 * @example
 * import { describeStoreContract } from '@ringback/server/testing';
 * describeStoreContract('my store', { create: async () => createMyStore() });
 */
export function describeStoreContract(name: string, factory: StoreContractFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.create();
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup?.();
    });

    describe('calls and idempotency keys', () => {
      it('stores a call with its key and first event', async () => {
        const call = await insert(store);
        expect(await store.getCall(call.id)).toEqual(call);
        expect(await store.getIdempotencyKey(`key-${call.id}`, T0)).toEqual(sampleKey(call));
        expect(await store.listEvents(call.id, 0)).toEqual([eventFor(call)]);
      });

      it('answers undefined for unknown calls and keys', async () => {
        expect(await store.getCall('call_nope')).toBeUndefined();
        expect(await store.getIdempotencyKey('nope', T0)).toBeUndefined();
        expect(await store.listEvents('call_nope', 0)).toEqual([]);
      });

      it('refuses a second call under the same key and writes nothing', async () => {
        const first = await insert(store);
        const second = sampleCall();
        const result = await store.createCall(
          second,
          sampleKey(second, { key: `key-${first.id}`, fingerprint: 'fp-2' }),
          eventFor(second),
        );
        expect(result).toEqual({ created: false, existing: sampleKey(first) });
        expect(await store.getCall(second.id)).toBeUndefined();
        expect(await store.listEvents(second.id, 0)).toEqual([]);
      });

      it('lets exactly one of two concurrent creates with one key win', async () => {
        const a = sampleCall();
        const b = sampleCall();
        const results = await Promise.all([
          store.createCall(a, sampleKey(a, { key: 'shared' }), eventFor(a)),
          store.createCall(b, sampleKey(b, { key: 'shared' }), eventFor(b)),
        ]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const stored = await Promise.all([store.getCall(a.id), store.getCall(b.id)]);
        expect(stored.filter(Boolean)).toHaveLength(1);
      });

      it('forgets a key once it expires, and lets it be used again', async () => {
        const first = await insert(store);
        const expiresAt = sampleKey(first).expiresAt;
        expect(await store.getIdempotencyKey(`key-${first.id}`, expiresAt - 1)).toBeDefined();
        expect(await store.getIdempotencyKey(`key-${first.id}`, expiresAt)).toBeUndefined();
        const later = sampleCall({ createdAt: expiresAt, updatedAt: expiresAt });
        const result = await store.createCall(
          later,
          sampleKey(later, { key: `key-${first.id}` }),
          eventFor(later),
        );
        expect(result).toEqual({ created: true });
        expect((await store.getIdempotencyKey(`key-${first.id}`, expiresAt))?.callId).toBe(
          later.id,
        );
      });

      it('returns copies that cannot change what is stored', async () => {
        const call = await insert(store);
        const read = await store.getCall(call.id);
        read!.state = 'completed';
        expect((await store.getCall(call.id))!.state).toBe('requested');
      });

      it('keeps every field of a call, including nested and null ones', async () => {
        const call = await insert(store, {
          refusal: { code: 'upstream_unavailable', status: 502, detail: 'x', retryAfterSeconds: 3 },
          exotelSid: 'b6cfaf7a4dc7fd5fa3c6e0e0a9bf1876',
          conversationSeconds: 0,
          checkAt: null,
          state: 'failed',
        });
        expect(await store.getCall(call.id)).toEqual(call);
      });
    });

    describe('updates', () => {
      it('replaces a call when the version matches and appends the event', async () => {
        const call = await insert(store);
        const next = advance(call, { state: 'dialing-agent', updatedAt: T0 + 500 });
        expect(await store.updateCall(next, call.version, eventFor(next))).toBe(true);
        expect(await store.getCall(call.id)).toEqual(next);
        expect((await store.listEvents(call.id, 0)).map((e) => e.state)).toEqual([
          'requested',
          'dialing-agent',
        ]);
        expect((await store.listEvents(call.id, 1)).map((e) => e.seq)).toEqual([2]);
        expect(await store.listEvents(call.id, 2)).toEqual([]);
      });

      it('writes nothing when the version moved on', async () => {
        const call = await insert(store);
        const next = advance(call, { state: 'dialing-agent' });
        expect(await store.updateCall(next, call.version + 5, eventFor(next))).toBe(false);
        expect(await store.getCall(call.id)).toEqual(call);
        expect(await store.listEvents(call.id, 0)).toHaveLength(1);
      });

      it('lets one of two concurrent updates from the same version win', async () => {
        const call = await insert(store);
        const a = advance(call, { state: 'dialing-agent' });
        const b = advance(call, { state: 'failed', checkAt: null });
        const results = await Promise.all([
          store.updateCall(a, call.version, eventFor(a)),
          store.updateCall(b, call.version, eventFor(b)),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.listEvents(call.id, 1)).toHaveLength(1);
      });

      it('updates without an event (bookkeeping) and notifies nobody', async () => {
        const call = await insert(store);
        const seen: CallEvent[] = [];
        store.subscribe(call.id, (e) => seen.push(e));
        const next = { ...call, checks: 1, checkAt: T0 + 120_000, version: call.version + 1 };
        expect(await store.updateCall(next, call.version)).toBe(true);
        expect(seen).toEqual([]);
        expect(await store.listEvents(call.id, 0)).toHaveLength(1);
      });

      it('refuses to update a call that does not exist', async () => {
        const ghost = sampleCall();
        expect(await store.updateCall(ghost, ghost.version)).toBe(false);
      });
    });

    describe('fan-out', () => {
      it('notifies subscribers of their call only, after the write', async () => {
        const call = await insert(store);
        const other = await insert(store);
        const seen: { event: CallEvent; stored: CallRecord | undefined }[] = [];
        const unsubscribe = store.subscribe(call.id, (event) => {
          seen.push({ event, stored: undefined });
        });
        const next = advance(call, { state: 'dialing-agent' });
        await store.updateCall(next, call.version, eventFor(next));
        const otherNext = advance(other, { state: 'dialing-agent' });
        await store.updateCall(otherNext, other.version, eventFor(otherNext));
        expect(seen.map((s) => s.event)).toEqual([eventFor(next)]);
        unsubscribe();
        const last = advance(next, { state: 'connected' });
        await store.updateCall(last, next.version, eventFor(last));
        expect(seen).toHaveLength(1);
      });

      it('keeps notifying others when one subscriber throws', async () => {
        const call = await insert(store);
        const seen: number[] = [];
        store.subscribe(call.id, () => {
          throw new Error('broken subscriber');
        });
        store.subscribe(call.id, (e) => seen.push(e.seq));
        const next = advance(call, { state: 'dialing-agent' });
        expect(await store.updateCall(next, call.version, eventFor(next))).toBe(true);
        expect(seen).toEqual([2]);
      });
    });

    describe('due and open calls', () => {
      it('lists open calls whose check is due, earliest first, up to the limit', async () => {
        const late = await insert(store, { checkAt: T0 + 3000 });
        const early = await insert(store, { checkAt: T0 + 1000 });
        await insert(store, { checkAt: T0 + 9000 });
        await insert(store, { checkAt: null, state: 'completed' });
        expect((await store.listDueCalls(T0 + 5000, 10)).map((c) => c.id)).toEqual([
          early.id,
          late.id,
        ]);
        expect((await store.listDueCalls(T0 + 5000, 1)).map((c) => c.id)).toEqual([early.id]);
        expect(await store.listDueCalls(T0, 10)).toEqual([]);
      });

      it('lists calls that are not final, oldest first', async () => {
        const newer = await insert(store, { createdAt: T0 + 10 });
        const older = await insert(store, { createdAt: T0 - 10, state: 'dialing-you' });
        await insert(store, { state: 'busy', checkAt: null });
        expect((await store.listOpenCalls(10)).map((c) => c.id)).toEqual([older.id, newer.id]);
      });

      it('drops a call from the open and due lists once it is final', async () => {
        const call = await insert(store, { checkAt: T0 });
        const done = advance(call, { state: 'completed', checkAt: null });
        await store.updateCall(done, call.version, eventFor(done));
        expect(await store.listDueCalls(T0 + 1, 10)).toEqual([]);
        expect(await store.listOpenCalls(10)).toEqual([]);
      });
    });

    describe('rate limits', () => {
      const check = { key: 'ip:203.0.113.9', limit: 2, windowMs: 60_000 };

      it('allows up to the limit in a sliding window, then says when to retry', async () => {
        expect(await store.consumeRateLimits([check], T0)).toEqual({ allowed: true });
        expect(await store.consumeRateLimits([check], T0 + 10_000)).toEqual({ allowed: true });
        expect(await store.consumeRateLimits([check], T0 + 20_000)).toEqual({
          allowed: false,
          denied: [{ key: check.key, retryAfterMs: 40_000 }],
        });
        // The first hit leaves the window at T0 + 60 s.
        expect(await store.consumeRateLimits([check], T0 + 59_999)).toMatchObject({
          allowed: false,
        });
        expect(await store.consumeRateLimits([check], T0 + 60_000)).toEqual({ allowed: true });
      });

      it('records nothing when any check refuses', async () => {
        const other = { key: 'number:+919812345678', limit: 1, windowMs: 60_000 };
        await store.consumeRateLimits([other], T0);
        const result = await store.consumeRateLimits([check, other], T0 + 1);
        expect(result).toEqual({
          allowed: false,
          denied: [{ key: other.key, retryAfterMs: 59_999 }],
        });
        // `check` was not charged for the refused request: two more still pass.
        expect(await store.consumeRateLimits([check], T0 + 2)).toEqual({ allowed: true });
        expect(await store.consumeRateLimits([check], T0 + 3)).toEqual({ allowed: true });
      });

      it('reports every check that refuses', async () => {
        const a = { key: 'a', limit: 1, windowMs: 1000 };
        const b = { key: 'b', limit: 1, windowMs: 5000 };
        await store.consumeRateLimits([a, b], T0);
        expect(await store.consumeRateLimits([a, b], T0 + 100)).toEqual({
          allowed: false,
          denied: [
            { key: 'a', retryAfterMs: 900 },
            { key: 'b', retryAfterMs: 4900 },
          ],
        });
      });

      it('counts distinct members, always allowing one already seen', async () => {
        const distinct = (member: string) => ({
          key: 'distinct:ip',
          limit: 2,
          windowMs: 60_000,
          member,
        });
        expect(await store.consumeRateLimits([distinct('+911')], T0)).toEqual({ allowed: true });
        expect(await store.consumeRateLimits([distinct('+912')], T0 + 1000)).toEqual({
          allowed: true,
        });
        expect(await store.consumeRateLimits([distinct('+911')], T0 + 2000)).toEqual({
          allowed: true,
        });
        // +911 was last seen at T0 + 2 s, +912 at T0 + 1 s: a third number waits for +912 to leave.
        expect(await store.consumeRateLimits([distinct('+913')], T0 + 3000)).toEqual({
          allowed: false,
          denied: [{ key: 'distinct:ip', retryAfterMs: 58_000 }],
        });
        expect(await store.consumeRateLimits([distinct('+913')], T0 + 61_000)).toEqual({
          allowed: true,
        });
      });

      it('keeps keys apart', async () => {
        const one = { key: 'one', limit: 1, windowMs: 60_000 };
        await store.consumeRateLimits([one], T0);
        expect(await store.consumeRateLimits([{ ...one, key: 'two' }], T0)).toEqual({
          allowed: true,
        });
      });

      it('stays exact under concurrent requests', async () => {
        const global = { key: 'global', limit: 5, windowMs: 60_000 };
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => store.consumeRateLimits([global], T0 + i)),
        );
        expect(results.filter((r) => r.allowed)).toHaveLength(5);
      });
    });

    describe('purge', () => {
      it('drops old final calls with their events, expired keys and rate entries; keeps the rest', async () => {
        const old = await insert(store, { state: 'completed', checkAt: null, updatedAt: T0 });
        const open = await insert(store, { updatedAt: T0 });
        const recent = await insert(store, {
          state: 'busy',
          checkAt: null,
          updatedAt: T0 + 10_000,
        });
        await store.consumeRateLimits([{ key: 'k', limit: 1, windowMs: 1000 }], T0);
        const day = 86_400_000;
        await store.purge(T0 + day, T0 + 5000);
        expect(await store.getCall(old.id)).toBeUndefined();
        expect(await store.listEvents(old.id, 0)).toEqual([]);
        expect(await store.getCall(open.id)).toBeDefined();
        expect(await store.getCall(recent.id)).toBeDefined();
        expect(await store.getIdempotencyKey(`key-${open.id}`, T0)).toBeUndefined();
        expect(
          await store.consumeRateLimits([{ key: 'k', limit: 1, windowMs: day * 2 }], T0 + day),
        ).toEqual({
          allowed: true,
        });
      });

      it('keeps the hits of a key still in their window when others of it have expired', async () => {
        const check = { key: 'mixed', limit: 2, windowMs: 1000 };
        await store.consumeRateLimits([check], T0);
        await store.consumeRateLimits([check], T0 + 900);
        await store.purge(T0 + 1000, T0);
        // The first hit is gone; the second, until T0 + 1900, still counts against the limit.
        expect(await store.consumeRateLimits([check], T0 + 1000)).toEqual({ allowed: true });
        expect(await store.consumeRateLimits([check], T0 + 1000)).toMatchObject({
          allowed: false,
        });
      });

      it('keeps a counter whose last hit is in its window, long after its first hit left it', async () => {
        const check = { key: 'busy', limit: 1, windowMs: 1000 };
        await store.consumeRateLimits([check], T0);
        expect(await store.consumeRateLimits([check], T0 + 1500)).toEqual({ allowed: true });
        await store.purge(T0 + 2200, T0);
        // The hit at T0 + 1500 counts until T0 + 2500.
        expect(await store.consumeRateLimits([check], T0 + 2200)).toMatchObject({
          allowed: false,
        });
      });
    });

    describe('leases, flags and counters', () => {
      it('gives a lease to one holder until it expires, then to another', async () => {
        expect(await store.acquireLease('agent:+911', 'a', T0 + 1000, T0)).toBe(true);
        expect(await store.acquireLease('agent:+911', 'b', T0 + 1000, T0 + 10)).toBe(false);
        // The holder may extend it.
        expect(await store.acquireLease('agent:+911', 'a', T0 + 2000, T0 + 20)).toBe(true);
        expect(await store.readLeases(['agent:+911', 'agent:+912'], T0 + 30)).toEqual(
          new Map([['agent:+911', { holder: 'a', until: T0 + 2000 }]]),
        );
        expect(await store.acquireLease('agent:+911', 'b', T0 + 3000, T0 + 1999)).toBe(false);
        expect(await store.acquireLease('agent:+911', 'b', T0 + 3000, T0 + 2000)).toBe(true);
        expect(await store.readLeases(['agent:+911'], T0 + 3000)).toEqual(new Map());
      });

      it('frees a lease only for its holder', async () => {
        await store.acquireLease('k', 'a', T0 + 1000, T0);
        await store.releaseLease('k', 'b');
        expect(await store.acquireLease('k', 'b', T0 + 1000, T0)).toBe(false);
        await store.releaseLease('k', 'a');
        expect(await store.acquireLease('k', 'b', T0 + 1000, T0)).toBe(true);
      });

      it('lets exactly one of many concurrent holders take a lease', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.acquireLease('k', `h${i}`, T0 + 1000, T0)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('keeps flags until they are removed', async () => {
        await store.putFlag('agent:priya:away', '1');
        await store.putFlag('agent:arjun:away', '1');
        await store.putFlag('agent:arjun:away', null);
        expect(await store.readFlags(['agent:priya:away', 'agent:arjun:away', 'x'])).toEqual(
          new Map([['agent:priya:away', '1']]),
        );
        expect(await store.readFlags([])).toEqual(new Map());
      });

      it('counts up from 1, exactly under concurrency, each key on its own', async () => {
        const values = await Promise.all(
          Array.from({ length: 10 }, () => store.incrementCounter('rotation:support')),
        );
        expect([...values].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await store.incrementCounter('rotation:sales')).toBe(1);
      });

      it('purges expired leases and keeps the others', async () => {
        await store.acquireLease('old', 'a', T0 + 1000, T0);
        await store.acquireLease('new', 'a', T0 + 5000, T0);
        await store.purge(T0 + 2000, T0);
        expect(await store.readLeases(['old', 'new'], T0)).toEqual(
          new Map([['new', { holder: 'a', until: T0 + 5000 }]]),
        );
      });
    });

    describe('webhook outbox', () => {
      const ids = (list: WebhookDelivery[]) => list.map((d) => d.id);
      const attempted = (d: WebhookDelivery, changes: Partial<WebhookDelivery>) => ({
        ...d,
        ...changes,
        version: d.version + 1,
        attempts: [
          ...d.attempts,
          { at: T0 + 5, durationMs: 12, status: 503, error: 'http_error' as const },
        ],
      });

      it('queues deliveries in the same write as a created call, and none when the key is held', async () => {
        const call = sampleCall();
        const a = sampleDelivery(call);
        const b = sampleDelivery(call, { url: 'https://other.example.com/hook' });
        expect(await store.createCall(call, sampleKey(call), eventFor(call), [a, b])).toEqual({
          created: true,
        });
        expect(await store.getWebhookDelivery(a.id)).toEqual(a);
        expect(ids(await store.listDueWebhooks(T0, 10)).sort()).toEqual([a.id, b.id].sort());

        const second = sampleCall();
        const refused = sampleDelivery(second);
        const result = await store.createCall(
          second,
          sampleKey(second, { key: `key-${call.id}` }),
          eventFor(second),
          [refused],
        );
        expect(result.created).toBe(false);
        expect(await store.getWebhookDelivery(refused.id)).toBeUndefined();
      });

      it('queues deliveries with an update, and none when the version moved on', async () => {
        const call = await insert(store);
        const next = advance(call, { state: 'connected', updatedAt: T0 + 100 });
        const queued = sampleDelivery(next, { type: 'call.connected' });
        const lost = sampleDelivery(next, { type: 'call.connected' });
        expect(await store.updateCall(next, call.version + 3, eventFor(next), [lost])).toBe(false);
        expect(await store.updateCall(next, call.version, eventFor(next), [queued])).toBe(true);
        expect(await store.getWebhookDelivery(queued.id)).toEqual(queued);
        expect(await store.getWebhookDelivery(lost.id)).toBeUndefined();
        // Without an event too (a bookkeeping change may still queue).
        const later = advance(next, { checks: 1 });
        const quiet = sampleDelivery(later);
        expect(await store.updateCall(later, next.version, undefined, [quiet])).toBe(true);
        expect(await store.getWebhookDelivery(quiet.id)).toEqual(quiet);
      });

      it('lists due deliveries earliest first, up to the limit', async () => {
        const call = sampleCall();
        const late = sampleDelivery(call, { nextAttemptAt: T0 + 3000 });
        const early = sampleDelivery(call, { nextAttemptAt: T0 + 1000 });
        const future = sampleDelivery(call, { nextAttemptAt: T0 + 9000 });
        await store.createCall(call, sampleKey(call), eventFor(call), [late, early, future]);
        expect(ids(await store.listDueWebhooks(T0 + 5000, 10))).toEqual([early.id, late.id]);
        expect(ids(await store.listDueWebhooks(T0 + 5000, 1))).toEqual([early.id]);
        expect(await store.listDueWebhooks(T0, 10)).toEqual([]);
      });

      it('replaces a delivery with compare-and-set, and keeps only pending ones due', async () => {
        const call = sampleCall();
        const d = sampleDelivery(call);
        await store.createCall(call, sampleKey(call), eventFor(call), [d]);
        const retry = attempted(d, { nextAttemptAt: T0 + 10_000, updatedAt: T0 + 5 });
        expect(await store.updateWebhookDelivery(retry, d.version + 1)).toBe(false);
        expect(await store.updateWebhookDelivery(retry, d.version)).toBe(true);
        expect(await store.getWebhookDelivery(d.id)).toEqual(retry);
        expect(await store.listDueWebhooks(T0 + 9999, 10)).toEqual([]);
        expect(ids(await store.listDueWebhooks(T0 + 10_000, 10))).toEqual([d.id]);
        // Two writers from one version: one wins.
        const results = await Promise.all([
          store.updateWebhookDelivery(
            attempted(retry, { state: 'delivered', nextAttemptAt: null }),
            retry.version,
          ),
          store.updateWebhookDelivery(
            attempted(retry, { nextAttemptAt: T0 + 20_000 }),
            retry.version,
          ),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const done = attempted((await store.getWebhookDelivery(d.id))!, {
          state: 'failed',
          nextAttemptAt: null,
        });
        expect(await store.updateWebhookDelivery(done, done.version - 1)).toBe(true);
        expect(await store.listDueWebhooks(T0 + 86_400_000, 10)).toEqual([]);
        expect(await store.updateWebhookDelivery(sampleDelivery(call, { id: 'msg_nope' }), 1)).toBe(
          false,
        );
        expect(await store.getWebhookDelivery('msg_nope')).toBeUndefined();
      });

      it('lists deliveries newest first, by call and by state', async () => {
        const one = sampleCall();
        const two = sampleCall();
        const first = sampleDelivery(one, { createdAt: T0 + 1 });
        const second = sampleDelivery(one, { createdAt: T0 + 2, type: 'call.completed' });
        const third = sampleDelivery(two, { createdAt: T0 + 3 });
        await store.createCall(one, sampleKey(one), eventFor(one), [first, second]);
        await store.createCall(two, sampleKey(two), eventFor(two), [third]);
        await store.updateWebhookDelivery(
          attempted(second, { state: 'delivered', nextAttemptAt: null }),
          second.version,
        );
        expect(ids(await store.listWebhookDeliveries({}))).toEqual([third.id, second.id, first.id]);
        expect(ids(await store.listWebhookDeliveries({ limit: 2 }))).toEqual([third.id, second.id]);
        expect(ids(await store.listWebhookDeliveries({ callId: one.id }))).toEqual([
          second.id,
          first.id,
        ]);
        expect(ids(await store.listWebhookDeliveries({ state: 'pending' }))).toEqual([
          third.id,
          first.id,
        ]);
        expect(
          ids(await store.listWebhookDeliveries({ callId: one.id, state: 'delivered' })),
        ).toEqual([second.id]);
        expect(await store.listWebhookDeliveries({ callId: 'call_nope' })).toEqual([]);
      });

      it('purges old deliveries that are no longer pending, and keeps the others', async () => {
        const call = sampleCall();
        const oldDone = sampleDelivery(call, { createdAt: T0 });
        const oldPending = sampleDelivery(call, { createdAt: T0 });
        const recentDone = sampleDelivery(call, { createdAt: T0 + 10_000 });
        await store.createCall(call, sampleKey(call), eventFor(call), [
          oldDone,
          oldPending,
          recentDone,
        ]);
        for (const d of [oldDone, recentDone])
          await store.updateWebhookDelivery(
            attempted(d, { state: 'failed', nextAttemptAt: null }),
            d.version,
          );
        await store.purge(T0 + 20_000, T0 + 5000);
        expect(await store.getWebhookDelivery(oldDone.id)).toBeUndefined();
        expect(await store.getWebhookDelivery(oldPending.id)).toBeDefined();
        expect(await store.getWebhookDelivery(recentDone.id)).toBeDefined();
        expect(ids(await store.listWebhookDeliveries({ callId: call.id })).sort()).toEqual(
          [oldPending.id, recentDone.id].sort(),
        );
      });
    });

    describeOperatorContract(() => store, factory.peer && (() => factory.peer!()));

    it('answers ping while open', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
