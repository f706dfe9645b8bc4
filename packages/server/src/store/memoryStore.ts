import { isFinal } from '../domain/callState.js';
import {
  AUDIT_RETENTION_MS,
  type AuditRecord,
  type CallEvent,
  type CallRecord,
  type IdempotencyRecord,
  type Lease,
  type OperatorSession,
  type RateCheck,
  type RateLimitResult,
  type StatsRow,
  type Store,
} from '../domain/Store.js';
import type { WebhookDelivery } from '../domain/webhooks.js';
import { CallListeners } from './callListeners.js';
import {
  checkAuditQuery,
  checkCallListQuery,
  checkStatsDeltas,
  compareAuditNewestFirst,
  compareCallPosition,
  compareStatsRows,
  matchesCallQuery,
} from './callListQuery.js';
import { type RateHit, rateRetryAfterMs } from './rateWindow.js';

interface StoredHit extends RateHit {
  expiresAt: number;
}

/**
 * Drops the oldest hits, those that left the window a whole window before `since`, so a
 * busy key is not scanned in full on every check between purges. A window's slack keeps
 * the answer exact for a clock that steps back a little. Hits are appended in time order.
 */
function dropOldHits(list: StoredHit[], since: number): void {
  let stale = 0;
  while (stale < list.length && list[stale]!.expiresAt <= since) stale++;
  if (stale > 0) list.splice(0, stale);
}

/**
 * A copy of a call no caller can change the stored one through. Records are flat
 * except `refusal` and `attempts`; an explicit copy costs a fraction of `structuredClone`.
 */
function copyCall(call: CallRecord): CallRecord {
  const { refusal } = call;
  return {
    ...call,
    refusal: refusal ? { ...refusal } : refusal,
    attempts: call.attempts.map((a) => ({ ...a })),
  };
}

type Position = { createdAt: number; id: string };

/** The first index in `sorted` (oldest first) whose position is at or after `position`. */
function lowerBound(sorted: readonly Position[], position: Position): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCallPosition(sorted[mid]!, position) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function copyDelivery(delivery: WebhookDelivery): WebhookDelivery {
  return { ...delivery, attempts: delivery.attempts.map((a) => ({ ...a })) };
}

/**
 * A store in this process's memory: for tests, development and the browser-side
 * Storybook mock. Loses everything on restart; use `createSqliteStore` in production.
 */
export function createMemoryStore(): Store {
  const calls = new Map<string, CallRecord>();
  const events = new Map<string, CallEvent[]>();
  const keys = new Map<string, IdempotencyRecord>();
  const hits = new Map<string, StoredHit[]>();
  const leases = new Map<string, Lease>();
  const flags = new Map<string, string>();
  const counters = new Map<string, number>();
  const deliveries = new Map<string, WebhookDelivery>();
  /** Every call's position, oldest first: `listCalls` seeks into it instead of sorting all calls. */
  let byCreation: Position[] = [];
  /** Counter totals by `JSON.stringify([bucket, widgetId, agentId, counter])`, a map per scale. */
  const stats = { quarter: new Map<string, StatsRow>(), day: new Map<string, StatsRow>() };
  const sessions = new Map<string, OperatorSession>();
  const audit = new Map<string, AuditRecord>();
  const listeners = new CallListeners();
  let closed = false;

  const open = () => {
    if (closed) throw new Error('The memory store is closed.');
  };

  return {
    async createCall(call, key, event, outbox = []) {
      open();
      const existing = keys.get(key.key);
      if (existing && existing.expiresAt > event.at)
        return { created: false, existing: { ...existing } };
      keys.set(key.key, { ...key });
      calls.set(call.id, copyCall(call));
      const position = { createdAt: call.createdAt, id: call.id };
      byCreation.splice(lowerBound(byCreation, position), 0, position);
      events.set(call.id, [{ ...event }]);
      for (const delivery of outbox) deliveries.set(delivery.id, copyDelivery(delivery));
      listeners.emit(event);
      return { created: true };
    },

    async getIdempotencyKey(key, now) {
      open();
      const record = keys.get(key);
      return record && record.expiresAt > now ? { ...record } : undefined;
    },

    async getCall(id) {
      open();
      const call = calls.get(id);
      return call ? copyCall(call) : undefined;
    },

    async updateCall(call, expectedVersion, event, outbox = []) {
      open();
      const current = calls.get(call.id);
      if (!current || current.version !== expectedVersion) return false;
      calls.set(call.id, copyCall(call));
      for (const delivery of outbox) deliveries.set(delivery.id, copyDelivery(delivery));
      if (event) {
        events.get(call.id)?.push({ ...event });
        listeners.emit(event);
      }
      return true;
    },

    async listEvents(callId, afterSeq) {
      open();
      return (events.get(callId) ?? []).filter((e) => e.seq > afterSeq).map((e) => ({ ...e }));
    },

    async listDueCalls(now, limit) {
      open();
      return [...calls.values()]
        .filter((c) => c.checkAt !== null && c.checkAt <= now)
        .sort((a, b) => a.checkAt! - b.checkAt!)
        .slice(0, limit)
        .map((c) => copyCall(c));
    },

    async listOpenCalls(limit) {
      open();
      return [...calls.values()]
        .filter((c) => !isFinal(c.state))
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, limit)
        .map((c) => copyCall(c));
    },

    async consumeRateLimits(checks: RateCheck[], now: number): Promise<RateLimitResult> {
      open();
      const denied: { key: string; retryAfterMs: number }[] = [];
      for (const check of checks) {
        const list = hits.get(check.key);
        if (list) dropOldHits(list, now - check.windowMs);
        const retryAfterMs = rateRetryAfterMs(list ?? [], check, now);
        if (retryAfterMs > 0) denied.push({ key: check.key, retryAfterMs });
      }
      if (denied.length > 0) return { allowed: false, denied };
      for (const check of checks) {
        const list = hits.get(check.key) ?? [];
        list.push({ member: check.member ?? '', at: now, expiresAt: now + check.windowMs });
        hits.set(check.key, list);
      }
      return { allowed: true };
    },

    subscribe(callId, listener) {
      return listeners.subscribe(callId, listener);
    },

    subscribeAll(listener) {
      return listeners.subscribeAll(listener);
    },

    async listCalls(query) {
      open();
      checkCallListQuery(query);
      if (query.states?.length === 0) return [];
      const found: CallRecord[] = [];
      const take = (i: number) => {
        const call = calls.get(byCreation[i]!.id)!;
        if (matchesCallQuery(call, query)) found.push(copyCall(call));
        return found.length < query.limit;
      };
      if (query.order === 'oldest') {
        let i =
          query.from === undefined ? 0 : lowerBound(byCreation, { createdAt: query.from, id: '' });
        if (query.after) {
          const j = lowerBound(byCreation, query.after);
          const exact = byCreation[j] && compareCallPosition(byCreation[j], query.after) === 0;
          i = Math.max(i, exact ? j + 1 : j);
        }
        for (; i < byCreation.length; i++) {
          if (query.to !== undefined && byCreation[i]!.createdAt >= query.to) break;
          if (!take(i)) break;
        }
      } else {
        let end = byCreation.length;
        if (query.to !== undefined) end = lowerBound(byCreation, { createdAt: query.to, id: '' });
        if (query.after) end = Math.min(end, lowerBound(byCreation, query.after));
        for (let i = end - 1; i >= 0; i--) {
          if (query.from !== undefined && byCreation[i]!.createdAt < query.from) break;
          if (!take(i)) break;
        }
      }
      return found;
    },

    async addStats(deltas) {
      open();
      checkStatsDeltas(deltas);
      for (const d of deltas) {
        const key = JSON.stringify([d.bucket, d.widgetId, d.agentId, d.counter]);
        const row = stats[d.scale].get(key);
        if (row) row.value += d.by;
        else
          stats[d.scale].set(key, {
            scale: d.scale,
            bucket: d.bucket,
            widgetId: d.widgetId,
            agentId: d.agentId,
            counter: d.counter,
            value: d.by,
          });
      }
    },

    async readStats({ scale, from, to, widgetId }) {
      open();
      return [...stats[scale].values()]
        .filter(
          (r) =>
            r.bucket >= from &&
            r.bucket < to &&
            r.value !== 0 &&
            (widgetId === undefined || r.widgetId === widgetId),
        )
        .sort(compareStatsRows)
        .map((r) => ({ ...r }));
    },

    async createSession(session) {
      open();
      sessions.set(session.id, { ...session });
    },

    async getSession(id, now) {
      open();
      const session = sessions.get(id);
      return session && session.expiresAt > now ? { ...session } : undefined;
    },

    async deleteSession(id) {
      open();
      sessions.delete(id);
    },

    async appendAudit(entry) {
      open();
      audit.set(entry.id, { ...entry });
    },

    async listAudit(query) {
      open();
      checkAuditQuery(query);
      const { after } = query;
      return [...audit.values()]
        .filter((r) => !after || compareAuditNewestFirst(r, after) > 0)
        .sort(compareAuditNewestFirst)
        .slice(0, query.limit)
        .map((r) => ({ ...r }));
    },

    async acquireLease(key, holder, until, now) {
      open();
      const current = leases.get(key);
      if (current && current.until > now && current.holder !== holder) return false;
      leases.set(key, { holder, until });
      return true;
    },

    async releaseLease(key, holder) {
      open();
      if (leases.get(key)?.holder === holder) leases.delete(key);
    },

    async readLeases(keys, now) {
      open();
      const found = new Map<string, Lease>();
      for (const key of keys) {
        const lease = leases.get(key);
        if (lease && lease.until > now) found.set(key, { ...lease });
      }
      return found;
    },

    async putFlag(key, value) {
      open();
      if (value === null) flags.delete(key);
      else flags.set(key, value);
    },

    async readFlags(keys) {
      open();
      const found = new Map<string, string>();
      for (const key of keys) {
        const value = flags.get(key);
        if (value !== undefined) found.set(key, value);
      }
      return found;
    },

    async incrementCounter(key) {
      open();
      const value = (counters.get(key) ?? 0) + 1;
      counters.set(key, value);
      return value;
    },

    async listDueWebhooks(now, limit) {
      open();
      return [...deliveries.values()]
        .filter((d) => d.state === 'pending' && d.nextAttemptAt !== null && d.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt! - b.nextAttemptAt!)
        .slice(0, limit)
        .map(copyDelivery);
    },

    async getWebhookDelivery(id) {
      open();
      const delivery = deliveries.get(id);
      return delivery ? copyDelivery(delivery) : undefined;
    },

    async updateWebhookDelivery(delivery, expectedVersion) {
      open();
      const current = deliveries.get(delivery.id);
      if (!current || current.version !== expectedVersion) return false;
      deliveries.set(delivery.id, copyDelivery(delivery));
      return true;
    },

    async listWebhookDeliveries({ callId, state, limit = 50 }) {
      open();
      return [...deliveries.values()]
        .filter((d) => (!callId || d.callId === callId) && (!state || d.state === state))
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit)
        .map(copyDelivery);
    },

    async purge(now, callsBefore) {
      open();
      // forEach rather than entries (no [key, value] pair per entry), and nothing copied
      // unless something goes: the maintenance pass walks every record the store holds.
      deliveries.forEach((delivery, id) => {
        if (delivery.state !== 'pending' && delivery.createdAt < callsBefore) deliveries.delete(id);
      });
      leases.forEach((lease, key) => {
        if (lease.until <= now) leases.delete(key);
      });
      keys.forEach((record, key) => {
        if (record.expiresAt <= now) keys.delete(key);
      });
      const live = (hit: { expiresAt: number }) => hit.expiresAt > now;
      hits.forEach((list, key) => {
        if (list.every(live)) return;
        const kept = list.filter(live);
        if (kept.length === 0) hits.delete(key);
        else hits.set(key, kept);
      });
      let callsPurged = false;
      calls.forEach((call, id) => {
        if (isFinal(call.state) && call.updatedAt < callsBefore) {
          calls.delete(id);
          events.delete(id);
          callsPurged = true;
        }
      });
      if (callsPurged) byCreation = byCreation.filter((p) => calls.has(p.id));
      sessions.forEach((session, id) => {
        if (session.expiresAt <= now) sessions.delete(id);
      });
      audit.forEach((record, id) => {
        if (record.at < now - AUDIT_RETENTION_MS) audit.delete(id);
      });
    },

    async ping() {
      open();
    },

    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
