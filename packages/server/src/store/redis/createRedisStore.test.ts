import { describeStoreContract, eventFor, sampleCall, sampleKey } from '@ringback/server/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { lazyRedisServer } from '../../../test/redisServer.js';
import type { CallEvent, Store } from '../../domain/Store.js';
import { StoreUnavailableError } from '../../domain/StoreUnavailableError.js';
import { createRedisStore } from './createRedisStore.js';
import { listingMember } from './redisCalls.js';

const redis = lazyRedisServer();
afterAll(() => redis.close());

let prefixes = 0;
// A fresh prefix is a fresh, empty store on the same server.
const freshPrefix = () => `contract${++prefixes}`;

let lastPrefix = '';
describeStoreContract('redis', {
  create: async () => {
    lastPrefix = freshPrefix();
    return createRedisStore({ url: (await redis()).url, prefix: lastPrefix });
  },
  peer: async () => createRedisStore({ url: (await redis()).url, prefix: lastPrefix }),
});

describe('redis store', () => {
  const stores: Store[] = [];
  const open = async (options: Parameters<typeof createRedisStore>[0] = {}) => {
    const store = await createRedisStore({ url: (await redis()).url, ...options });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    redis.current?.resume();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('shares calls and events between instances with one prefix, and keeps other prefixes apart', async () => {
    const prefix = freshPrefix();
    const a = await open({ prefix });
    const b = await open({ prefix });
    const other = await open({ prefix: freshPrefix() });
    const call = sampleCall();
    await a.createCall(call, sampleKey(call), eventFor(call));
    expect(await b.getCall(call.id)).toEqual(call);
    expect(await other.getCall(call.id)).toBeUndefined();

    const seen: CallEvent[] = [];
    const done = new Promise<void>((resolve) =>
      a.subscribe(call.id, (event) => {
        seen.push(event);
        if (event.state === 'completed') resolve();
      }),
    );
    let current = call;
    for (const state of ['dialing-agent', 'dialing-you', 'connected', 'completed'] as const) {
      const next = { ...current, state, version: current.version + 1 };
      expect(await b.updateCall(next, current.version, eventFor(next))).toBe(true);
      current = next;
    }
    await done;
    expect(seen.map((e) => [e.seq, e.state])).toEqual([
      [2, 'dialing-agent'],
      [3, 'dialing-you'],
      [4, 'connected'],
      [5, 'completed'],
    ]);
  });

  it('lets exactly one of two instances create under one idempotency key', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open({ prefix }), open({ prefix })]);
    const calls = Array.from({ length: 8 }, () => sampleCall());
    const results = await Promise.all(
      calls.map((call, i) =>
        (i % 2 ? a : b).createCall(call, sampleKey(call, { key: 'one-key' }), eventFor(call)),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = calls[results.findIndex((r) => r.created)]!;
    for (const r of results) if (!r.created) expect(r.existing.callId).toBe(winner.id);
  });

  it('counts rate limits across instances', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([open({ prefix }), open({ prefix })]);
    const check = { key: 'ip:198.51.100.7:600', limit: 3, windowMs: 600_000 };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).consumeRateLimits([check], 1000 + i)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  it("moves a busy counter's expiry a few times a window, never past a hit still counting", async () => {
    const prefix = freshPrefix();
    const store = await open({ prefix });
    const raw = new Redis((await redis()).url);
    const counter = `{${prefix}:rate}:8000:ip:198.51.100.7`;
    const due = async () => Number(await raw.zscore(`{${prefix}:rate}:expiry`, counter));
    const check = { key: 'ip:198.51.100.7', limit: 100, windowMs: 8000 };
    await store.consumeRateLimits([check], 10_000);
    // Purge's entry: the window past the hit, and an eighth of it more.
    expect(await due()).toBe(19_000);
    const ttl = await raw.pttl(counter);
    expect(ttl).toBeGreaterThan(68_000);
    expect(ttl).toBeLessThanOrEqual(69_000);
    // Hits whose window ends before that entry leave it as it is.
    for (const at of [10_100, 10_500, 11_000]) await store.consumeRateLimits([check], at);
    expect(await due()).toBe(19_000);
    // One that would outlive it moves it on.
    await store.consumeRateLimits([check], 11_001);
    expect(await due()).toBe(20_001);
    raw.disconnect();
  });

  it('lists a call an older instance wrote when it is next updated', async () => {
    const prefix = freshPrefix();
    const store = await open({ prefix });
    const raw = new Redis((await redis()).url);
    await vi.waitFor(async () => expect(await raw.exists(`{${prefix}}:listings-ready`)).toBe(1));
    const call = sampleCall({ createdAt: 1000 });
    await store.createCall(call, sampleKey(call), eventFor(call));
    // As an instance without listings writes it, after this one built them: unlisted, no `state`.
    const listingKeys = await raw.keys(`{${prefix}}:by-*`);
    await raw.del(...listingKeys);
    await raw.hdel(`{${prefix}}:call:${call.id}`, 'state');
    expect(await store.listCalls({ limit: 10 })).toEqual([]);

    const moved = { ...call, state: 'busy' as const, version: 2 };
    expect(await store.updateCall(moved, 1, eventFor(moved))).toBe(true);
    const ids = async (query: Parameters<Store['listCalls']>[0]) =>
      (await store.listCalls(query)).map((c) => c.id);
    expect(await ids({ limit: 10 })).toEqual([call.id]);
    expect(await ids({ limit: 10, widgetId: call.widgetId })).toEqual([call.id]);
    expect(await ids({ limit: 10, states: ['busy'] })).toEqual([call.id]);
    expect(await ids({ limit: 10, agentId: 'default' })).toEqual([call.id]);
    expect(await ids({ limit: 10, states: ['requested'] })).toEqual([]);

    // From then on it moves between the listings of its states, and leaves none behind.
    const done = { ...moved, state: 'completed' as const, version: 3 };
    expect(await store.updateCall(done, 2, eventFor(done))).toBe(true);
    const member = listingMember(call.createdAt, call.id);
    const listedIn = async (listing: string) =>
      (await raw.zscore(`{${prefix}}:${listing}`, member)) !== null;
    expect(await listedIn('by-state:busy')).toBe(false);
    expect(await listedIn(`by-widget-state:${call.widgetId}:busy`)).toBe(false);
    expect(await listedIn('by-state:completed')).toBe(true);
    expect(await listedIn(`by-widget-state:${call.widgetId}:completed`)).toBe(true);
    expect(await ids({ limit: 10 })).toEqual([call.id]);
    raw.disconnect();
  });

  it('fails fast with StoreUnavailableError while Redis does not answer, and recovers', async () => {
    const store = await open({ prefix: freshPrefix(), commandTimeoutMs: 1000 });
    const call = sampleCall();
    await store.createCall(call, sampleKey(call), eventFor(call));
    const server = await redis();
    server.pause();
    await expect(store.getCall(call.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    server.resume();
    expect(await store.getCall(call.id)).toEqual(call);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('lists calls an older server stored, and moves them between listings as they change', async () => {
    const prefix = freshPrefix();
    const writer = await open({ prefix });
    const calls = [sampleCall({ createdAt: 1000 }), sampleCall({ createdAt: 2000, state: 'busy' })];
    for (const call of calls) await writer.createCall(call, sampleKey(call), eventFor(call));
    await writer.close();
    // What a server without listings left behind: no listing keys, no `state` field.
    const raw = new Redis((await redis()).url);
    const listingKeys = await raw.keys(`{${prefix}}:by-*`);
    await raw.del(...listingKeys, `{${prefix}}:listings-ready`);
    for (const call of calls) await raw.hdel(`{${prefix}}:call:${call.id}`, 'state');
    raw.disconnect();

    const store = await open({ prefix });
    await vi.waitFor(async () =>
      expect((await store.listCalls({ limit: 10 })).map((c) => c.id)).toEqual(
        [...calls].reverse().map((c) => c.id),
      ),
    );
    expect((await store.listCalls({ limit: 10, states: ['busy'] })).map((c) => c.id)).toEqual([
      calls[1]!.id,
    ]);
    const moved = { ...calls[0]!, state: 'busy' as const, version: 2 };
    expect(await store.updateCall(moved, 1, eventFor(moved))).toBe(true);
    expect((await store.listCalls({ limit: 10, states: ['busy'] })).map((c) => c.id)).toEqual([
      calls[1]!.id,
      calls[0]!.id,
    ]);
    expect(await store.listCalls({ limit: 10, states: ['requested'] })).toEqual([]);
  });

  it('walks no calls in a store that had none when it opened, however fast they come', async () => {
    const info = vi.fn();
    const prefix = freshPrefix();
    const store = await createRedisStore({
      url: (await redis()).url,
      prefix,
      logger: { info, warn: vi.fn(), error: vi.fn() },
    });
    // Written the moment the store opens, as a seeding script or a busy first minute does:
    // each is listed by its own write, so a walk would list them all again.
    const calls = Array.from({ length: 400 }, (_, i) => sampleCall({ createdAt: 1000 + i }));
    await Promise.all(calls.map((call) => store.createCall(call, sampleKey(call), eventFor(call))));
    // Once the listings are marked built, no walk is left; closing waits for one to end.
    const raw = new Redis((await redis()).url);
    await vi.waitFor(async () => expect(await raw.exists(`{${prefix}}:listings-ready`)).toBe(1));
    raw.disconnect();
    await store.close();
    expect(info).not.toHaveBeenCalledWith(
      expect.objectContaining({ msg: 'redis call listings built' }),
    );
    const reopened = await open({ prefix });
    expect((await reopened.listCalls({ limit: 500 })).map((c) => c.id)).toEqual(
      [...calls].reverse().map((c) => c.id),
    );
  });

  it('refuses to start without Redis, and refuses prefixes that would break hash tags', async () => {
    await expect(
      createRedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 }),
    ).rejects.toThrow(/Cannot connect to Redis/);
    await expect(createRedisStore({ url: (await redis()).url, prefix: 'a{b}' })).rejects.toThrow(
      /prefix "a\{b\}"/,
    );
  });
});
