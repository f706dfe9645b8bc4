import {
  AUDIT_RETENTION_MS,
  type AuditRecord,
  type OperatorSession,
  type StatsRow,
  type Store,
} from '../../domain/Store.js';
import { checkAuditQuery, checkStatsDeltas, compareStatsRows } from '../callListQuery.js';
import type { RedisSession } from './openRedisSession.js';
import { listingMember } from './redisCalls.js';
import { listRedisCalls } from './redisListCalls.js';

/** A session key outlives `expiresAt` by this much: the server's clock decides, Redis's only cleans up. */
const SESSION_TTL_SLACK_MS = 3600_000;
const PURGE_BATCH = 200;

type OperatorMethods =
  | 'listCalls'
  | 'addStats'
  | 'readStats'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'appendAudit'
  | 'listAudit'
  | 'subscribeAll';

/** A counter's field in its (bucket, widget) hash: `<agent length>:<agent><counter>`, unambiguous for any text. */
function statsField(agentId: string | null, counter: string): string {
  const agent = agentId ?? '';
  return `${agent.length}:${agent}${counter}`;
}

function parseStatsField(field: string): { agentId: string | null; counter: string } {
  const colon = field.indexOf(':');
  const length = Number(field.slice(0, colon));
  const agent = field.slice(colon + 1, colon + 1 + length);
  return { agentId: agent === '' ? null : agent, counter: field.slice(colon + 1 + length) };
}

/** Throws the first error of a pipeline's replies, else returns the values. */
function values(replies: [Error | null, unknown][] | null): unknown[] {
  return (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * The operator console's queries in Redis: listings (redisListCalls.ts), statistics as one
 * hash per (bucket, widget) under the `{prefix:stats}` tag, added to in one MULTI and read
 * through an index of the buckets that have any; sessions as keys (and an expiry index for
 * purge), the audit log as a hash and a lexicographic index; the live view from the channel.
 */
export function redisOperator(session: RedisSession): Pick<Store, OperatorMethods> {
  const { keys, run, fanout } = session;
  return {
    listCalls: (query) => listRedisCalls(session, query),

    async addStats(deltas) {
      checkStatsDeltas(deltas);
      if (deltas.length === 0) return;
      await run(async (c) => {
        const multi = c.multi();
        for (const d of deltas) {
          multi.hincrby(keys.stats(d.bucket, d.widgetId), statsField(d.agentId, d.counter), d.by);
          multi.zadd(keys.statsBuckets, d.bucket, `${d.bucket}:${d.widgetId}`);
          multi.zadd(keys.widgetStatsBuckets(d.widgetId), d.bucket, String(d.bucket));
        }
        values(await multi.exec());
      });
    },

    async readStats({ from, to, widgetId }) {
      const hashes = await run(async (c) => {
        const found =
          widgetId === undefined
            ? await c.zrangebyscore(keys.statsBuckets, from, `(${to}`)
            : (await c.zrangebyscore(keys.widgetStatsBuckets(widgetId), from, `(${to}`)).map(
                (bucket) => `${bucket}:${widgetId}`,
              );
        if (found.length === 0) return [];
        const pipeline = c.pipeline();
        const named = found.map((member) => {
          const colon = member.indexOf(':');
          const bucket = Number(member.slice(0, colon));
          const widget = member.slice(colon + 1);
          pipeline.hgetall(keys.stats(bucket, widget));
          return { bucket, widget };
        });
        const replies = values(await pipeline.exec()) as Record<string, string>[];
        return named.map((name, i) => ({ ...name, counters: replies[i]! }));
      });
      const rows: StatsRow[] = [];
      for (const { bucket, widget, counters } of hashes) {
        for (const field in counters) {
          const value = Number(counters[field]);
          if (value === 0) continue;
          rows.push({ bucket, widgetId: widget, ...parseStatsField(field), value });
        }
      }
      return rows.sort(compareStatsRows);
    },

    async createSession(s) {
      await run(async (c) => {
        const multi = c.multi();
        multi.set(
          keys.session(s.id),
          JSON.stringify(s),
          'PX',
          Math.max(s.expiresAt - s.createdAt, 0) + SESSION_TTL_SLACK_MS,
        );
        multi.zadd(keys.sessionExpiry, s.expiresAt, s.id);
        values(await multi.exec());
      });
    },

    async getSession(id, now) {
      const data = await run((c) => c.get(keys.session(id)));
      if (data === null) return undefined;
      const s = JSON.parse(data) as OperatorSession;
      return s.expiresAt > now ? s : undefined;
    },

    async deleteSession(id) {
      await run(async (c) => {
        values(await c.multi().del(keys.session(id)).zrem(keys.sessionExpiry, id).exec());
      });
    },

    async appendAudit(entry) {
      await run(async (c) => {
        const multi = c
          .multi()
          .hset(keys.audit, entry.id, JSON.stringify(entry))
          .zadd(keys.auditIndex, 0, listingMember(entry.at, entry.id));
        values(await multi.exec());
      });
    },

    async listAudit(query) {
      checkAuditQuery(query);
      const found: AuditRecord[] = [];
      let high = query.after ? `(${listingMember(query.after.at, query.after.id)}` : '+';
      for (;;) {
        const want = query.limit - found.length;
        const members = await run((c) =>
          c.zrevrangebylex(keys.auditIndex, high, '-', 'LIMIT', 0, want),
        );
        if (members.length === 0) return found;
        const ids = members.map((m) => m.slice(m.indexOf(':') + 1));
        const data = await run((c) => c.hmget(keys.audit, ...ids));
        for (const [i, text] of data.entries()) {
          if (text === null) continue; // purged meanwhile
          const record = JSON.parse(text) as AuditRecord;
          // A member left behind by a record appended again under its id at another time.
          if (listingMember(record.at, record.id) === members[i]) found.push(record);
        }
        if (found.length >= query.limit || members.length < want) return found;
        high = `(${members[members.length - 1]!}`;
      }
    },

    subscribeAll(listener) {
      return fanout.subscribeAll(listener);
    },
  };
}

/** Drops expired sessions and audit records older than a year, a batch at a time. */
export async function purgeRedisOperator(session: RedisSession, now: number): Promise<void> {
  const { keys, run } = session;
  for (;;) {
    const ids = await run((c) =>
      c.zrangebyscore(keys.sessionExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH),
    );
    if (ids.length > 0)
      await run(async (c) => {
        values(
          await c
            .multi()
            .del(...ids.map(keys.session))
            .zrem(keys.sessionExpiry, ...ids)
            .exec(),
        );
      });
    if (ids.length < PURGE_BATCH) break;
  }
  const before = `(${listingMember(Math.max(now - AUDIT_RETENTION_MS, 0), '')}`;
  for (;;) {
    const members = await run((c) =>
      c.zrangebylex(keys.auditIndex, '-', before, 'LIMIT', 0, PURGE_BATCH),
    );
    if (members.length > 0) {
      const ids = members.map((m) => m.slice(m.indexOf(':') + 1));
      await run(async (c) => {
        values(
          await c
            .multi()
            .hdel(keys.audit, ...ids)
            .zrem(keys.auditIndex, ...members)
            .exec(),
        );
      });
    }
    if (members.length < PURGE_BATCH) break;
  }
}
