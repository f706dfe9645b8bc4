// A store written the way someone outside this repository would write one: from the
// public API alone, checked by the published contract suite, then running a real call
// (create, live status, Exotel's callbacks) through createRingbackServer.
import {
  type AuditRecord,
  type CallEvent,
  type CallListener,
  type CallRecord,
  type IdempotencyRecord,
  isFinal,
  type Lease,
  type OperatorSession,
  type RateCheck,
  type StatsRow,
  type Store,
  type WebhookDelivery,
} from '@ringback/server';
import { describeStoreContract } from '@ringback/server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, ORIGIN, startHarness } from './harness.js';
import { SseReader } from './sse.js';

interface Hit {
  member: string;
  at: number;
  expiresAt: number;
}

/**
 * Keeps every record as JSON text, as a document database or a key-value service would,
 * so each read is a copy. Each method runs to completion without awaiting anything,
 * which is what makes it atomic here; a networked store would use transactions instead.
 */
function createJsonStore(): Store {
  const calls = new Map<string, string>();
  const events = new Map<string, string[]>();
  const keys = new Map<string, string>();
  const hits = new Map<string, Hit[]>();
  const listeners = new Map<string, Set<CallListener>>();
  const leases = new Map<string, Lease>();
  const flags = new Map<string, string>();
  const counters = new Map<string, number>();
  const deliveries = new Map<string, string>();
  const stats = new Map<string, number>();
  const sessions = new Map<string, string>();
  const audit = new Map<string, string>();
  const everyCall = new Set<CallListener>();
  let closed = false;

  const check = () => {
    if (closed) throw new Error('The JSON store is closed.');
  };
  const storedCalls = () => [...calls.values()].map((text) => JSON.parse(text) as CallRecord);
  const notify = (event: CallEvent) => {
    for (const listener of [...(listeners.get(event.callId) ?? []), ...everyCall]) {
      try {
        listener(structuredClone(event));
      } catch {
        // One broken subscriber must not keep the event from the others.
      }
    }
  };
  /** 0 when `limit` allows one more hit now, else the ms until it would. */
  const retryAfterMs = (limit: RateCheck, now: number) => {
    const recent = (hits.get(limit.key) ?? []).filter((h) => h.at > now - limit.windowMs);
    let times = recent.map((h) => h.at);
    if (limit.member !== undefined) {
      // Distinct values: each counts once, from the last time it was seen.
      const lastSeen = new Map<string, number>();
      for (const h of recent) lastSeen.set(h.member, Math.max(lastSeen.get(h.member) ?? 0, h.at));
      if (lastSeen.has(limit.member)) return 0;
      times = [...lastSeen.values()];
    }
    if (times.length < limit.limit) return 0;
    times.sort((a, b) => a - b);
    return Math.max(1, times[times.length - limit.limit]! + limit.windowMs - now);
  };

  const storedDeliveries = () =>
    [...deliveries.values()].map((text) => JSON.parse(text) as WebhookDelivery);
  const queue = (outbox: readonly WebhookDelivery[]) => {
    for (const d of outbox) deliveries.set(d.id, JSON.stringify(d));
  };

  return {
    async createCall(call, key, event, outbox = []) {
      check();
      const held = keys.get(key.key);
      const existing = held ? (JSON.parse(held) as IdempotencyRecord) : undefined;
      if (existing && existing.expiresAt > event.at) return { created: false, existing };
      keys.set(key.key, JSON.stringify(key));
      calls.set(call.id, JSON.stringify(call));
      events.set(call.id, [JSON.stringify(event)]);
      queue(outbox);
      notify(event);
      return { created: true };
    },
    async getIdempotencyKey(key, now) {
      check();
      const held = keys.get(key);
      const record = held ? (JSON.parse(held) as IdempotencyRecord) : undefined;
      return record && record.expiresAt > now ? record : undefined;
    },
    async getCall(id) {
      check();
      const text = calls.get(id);
      return text ? (JSON.parse(text) as CallRecord) : undefined;
    },
    async updateCall(call, expectedVersion, event, outbox = []) {
      check();
      const text = calls.get(call.id);
      if (!text || (JSON.parse(text) as CallRecord).version !== expectedVersion) return false;
      calls.set(call.id, JSON.stringify(call));
      queue(outbox);
      if (event) {
        events.get(call.id)?.push(JSON.stringify(event));
        notify(event);
      }
      return true;
    },
    async listEvents(callId, afterSeq) {
      check();
      return (events.get(callId) ?? [])
        .map((text) => JSON.parse(text) as CallEvent)
        .filter((e) => e.seq > afterSeq);
    },
    async listDueCalls(now, limit) {
      check();
      return storedCalls()
        .filter((c) => c.checkAt !== null && c.checkAt <= now)
        .sort((a, b) => a.checkAt! - b.checkAt!)
        .slice(0, Math.max(limit, 0));
    },
    async listOpenCalls(limit) {
      check();
      return storedCalls()
        .filter((c) => !isFinal(c.state))
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, Math.max(limit, 0));
    },
    async consumeRateLimits(limits, now) {
      check();
      const denied = limits
        .map((limit) => ({ key: limit.key, retryAfterMs: retryAfterMs(limit, now) }))
        .filter((d) => d.retryAfterMs > 0);
      if (denied.length > 0) return { allowed: false, denied };
      for (const limit of limits) {
        const hit = { member: limit.member ?? '', at: now, expiresAt: now + limit.windowMs };
        hits.set(limit.key, [...(hits.get(limit.key) ?? []), hit]);
      }
      return { allowed: true };
    },
    subscribe(callId, listener) {
      const set = listeners.get(callId) ?? new Set();
      listeners.set(callId, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(callId) === set) listeners.delete(callId);
      };
    },
    async acquireLease(key, holder, until, now) {
      check();
      const held = leases.get(key);
      if (held && held.until > now && held.holder !== holder) return false;
      leases.set(key, { holder, until });
      return true;
    },
    async releaseLease(key, holder) {
      check();
      if (leases.get(key)?.holder === holder) leases.delete(key);
    },
    async readLeases(wanted, now) {
      check();
      const found = new Map<string, Lease>();
      for (const key of wanted) {
        const held = leases.get(key);
        if (held && held.until > now) found.set(key, { ...held });
      }
      return found;
    },
    async putFlag(key, value) {
      check();
      if (value === null) flags.delete(key);
      else flags.set(key, value);
    },
    async readFlags(wanted) {
      check();
      return new Map(wanted.filter((k) => flags.has(k)).map((k) => [k, flags.get(k)!]));
    },
    async incrementCounter(key) {
      check();
      counters.set(key, (counters.get(key) ?? 0) + 1);
      return counters.get(key)!;
    },
    async listDueWebhooks(now, limit) {
      check();
      return storedDeliveries()
        .filter((d) => d.state === 'pending' && d.nextAttemptAt !== null && d.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt! - b.nextAttemptAt!)
        .slice(0, Math.max(limit, 0));
    },
    async getWebhookDelivery(id) {
      check();
      const text = deliveries.get(id);
      return text ? (JSON.parse(text) as WebhookDelivery) : undefined;
    },
    async updateWebhookDelivery(delivery, expectedVersion) {
      check();
      const text = deliveries.get(delivery.id);
      if (!text || (JSON.parse(text) as WebhookDelivery).version !== expectedVersion) return false;
      deliveries.set(delivery.id, JSON.stringify(delivery));
      return true;
    },
    async listWebhookDeliveries({ callId, state, limit = 50 }) {
      check();
      return storedDeliveries()
        .filter((d) => (!callId || d.callId === callId) && (!state || d.state === state))
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit);
    },
    async listCalls(query) {
      check();
      if (query.limit < 1 || query.limit > 1000) throw new RangeError('1 to 1000 calls a page');
      const newest = query.order !== 'oldest';
      // Oldest first by createdAt, then id; a real store would read an index instead.
      const position = (
        a: { createdAt: number; id: string },
        b: { createdAt: number; id: string },
      ) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      return storedCalls()
        .filter(
          (c) =>
            (!query.states || query.states.includes(c.state)) &&
            (query.widgetId === undefined || c.widgetId === query.widgetId) &&
            (query.agentId === undefined || c.attempts.some((a) => a.agentId === query.agentId)) &&
            (query.from === undefined || c.createdAt >= query.from) &&
            (query.to === undefined || c.createdAt < query.to) &&
            (!query.phoneDigits || c.to.includes(query.phoneDigits)) &&
            (!query.after || position(c, query.after) * (newest ? -1 : 1) > 0),
        )
        .sort((a, b) => position(a, b) * (newest ? -1 : 1))
        .slice(0, query.limit);
    },
    async addStats(deltas) {
      check();
      for (const d of deltas)
        if (d.bucket % 900_000 !== 0 || d.by < 0 || !Number.isInteger(d.by))
          throw new RangeError('not a valid stats delta');
      for (const d of deltas) {
        const key = JSON.stringify([d.scale, d.bucket, d.widgetId, d.agentId, d.counter]);
        stats.set(key, (stats.get(key) ?? 0) + d.by);
      }
    },
    async readStats({ scale, from, to, widgetId }) {
      check();
      const rows: StatsRow[] = [];
      for (const [key, value] of stats) {
        const [rowScale, bucket, widget, agentId, counter] = JSON.parse(key) as [
          StatsRow['scale'],
          number,
          string,
          string | null,
          string,
        ];
        if (
          rowScale === scale &&
          value > 0 &&
          bucket >= from &&
          bucket < to &&
          (!widgetId || widget === widgetId)
        )
          rows.push({ scale, bucket, widgetId: widget, agentId, counter, value });
      }
      const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return rows.sort(
        (a, b) =>
          a.bucket - b.bucket ||
          text(a.widgetId, b.widgetId) ||
          text(a.agentId ?? '', b.agentId ?? '') ||
          text(a.counter, b.counter),
      );
    },
    async createSession(session) {
      check();
      sessions.set(session.id, JSON.stringify(session));
    },
    async getSession(id, now) {
      check();
      const text = sessions.get(id);
      const session = text ? (JSON.parse(text) as OperatorSession) : undefined;
      return session && session.expiresAt > now ? session : undefined;
    },
    async deleteSession(id) {
      check();
      sessions.delete(id);
    },
    async appendAudit(entry) {
      check();
      audit.set(entry.id, JSON.stringify(entry));
    },
    async listAudit({ after, limit }) {
      check();
      if (limit < 1 || limit > 1000) throw new RangeError('1 to 1000 records a page');
      const newestFirst = (a: AuditRecord, b: { at: number; id: string }) =>
        b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
      return [...audit.values()]
        .map((text) => JSON.parse(text) as AuditRecord)
        .filter((r) => !after || newestFirst(r, after) > 0)
        .sort(newestFirst)
        .slice(0, limit);
    },
    subscribeAll(listener) {
      const entry: CallListener = (event) => listener(event);
      everyCall.add(entry);
      return () => {
        everyCall.delete(entry);
      };
    },
    async purge(now, callsBefore) {
      check();
      for (const [id, text] of sessions)
        if ((JSON.parse(text) as OperatorSession).expiresAt <= now) sessions.delete(id);
      for (const [id, text] of audit)
        if ((JSON.parse(text) as AuditRecord).at < now - 365 * 86_400_000) audit.delete(id);
      for (const d of storedDeliveries())
        if (d.state !== 'pending' && d.createdAt < callsBefore) deliveries.delete(d.id);
      for (const [key, held] of leases) if (held.until <= now) leases.delete(key);
      for (const [name, text] of keys)
        if ((JSON.parse(text) as IdempotencyRecord).expiresAt <= now) keys.delete(name);
      for (const [name, list] of hits) {
        const kept = list.filter((h) => h.expiresAt > now);
        if (kept.length > 0) hits.set(name, kept);
        else hits.delete(name);
      }
      for (const call of storedCalls()) {
        if (isFinal(call.state) && call.updatedAt < callsBefore) {
          calls.delete(call.id);
          events.delete(call.id);
        }
      }
    },
    async ping() {
      check();
    },
    async close() {
      closed = true;
      listeners.clear();
      everyCall.clear();
    },
  };
}

describeStoreContract('a store written from the public API', {
  create: async () => createJsonStore(),
});

describe('createRingbackServer on a store written from the public API', () => {
  let h: Harness | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await h?.close();
    // A store passed as an object is the caller's to close.
    await store?.close();
    h = store = undefined;
  });

  it('creates a call, streams its states and stores what Exotel reports', async () => {
    store = createJsonStore();
    h = await startHarness({ config: { store } });
    const body = { widgetId: 'support', phone: '+919812345678' };
    const response = await h.createCall(body, { key: 'custom-store-1' });
    expect(response.status).toBe(202);
    const call = (await response.json()) as { id: string; links: { events: string } };
    const repeat = await h.createCall(body, { key: 'custom-store-1' });
    expect(((await repeat.json()) as { id: string }).id).toBe(call.id);

    const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
    await stream.until((s) => s.events.length === 1);
    await h.advance(5 * 60_000);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);

    expect(await store.getCall(call.id)).toMatchObject({
      state: 'completed',
      conversationSeconds: 10,
      checkAt: null,
    });
    expect((await store.listEvents(call.id, 0)).map((e) => [e.state, e.source])).toEqual([
      ['requested', 'api'],
      ['dialing-agent', 'api'],
      ['dialing-you', 'callback'],
      ['connected', 'callback'],
      ['completed', 'callback'],
    ]);
    expect(await store.listOpenCalls(10)).toEqual([]);
  });
});
