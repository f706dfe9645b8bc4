import {
  AUDIT_RETENTION_MS,
  type AuditRecord,
  type OperatorSession,
  STATS_BUCKET_MS,
  type StatsRow,
  type StatsScale,
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

const DAY_MS = 86_400_000;
/** Hashes one script call reads: Redis serves nobody else meanwhile, so a call stays short. */
const HASHES_PER_READ = 32;

/** Where a hash of `scale` starts: the UTC day of a quarter; a local day is a hash of its own. */
const hashStart = (scale: StatsScale, bucket: number): number =>
  scale === 'quarter' ? bucket - (((bucket % DAY_MS) + DAY_MS) % DAY_MS) : bucket;

/** A counter's field in its hash: `<quarter since the start>|<agent length>:<agent><counter>`, unambiguous for any text. */
function statsField(
  start: number,
  bucket: number,
  agentId: string | null,
  counter: string,
): string {
  const agent = agentId ?? '';
  return `${(bucket - start) / STATS_BUCKET_MS}|${agent.length}:${agent}${counter}`;
}

/** The rows of one hash (its HGETALL, flat) that fall in [from, to). */
function statsRows(
  scale: StatsScale,
  start: number,
  widgetId: string,
  counters: readonly string[],
  from: number,
  to: number,
  rows: StatsRow[],
): void {
  for (let i = 0; i < counters.length; i += 2) {
    const field = counters[i]!;
    const bar = field.indexOf('|');
    const bucket = start + Number(field.slice(0, bar)) * STATS_BUCKET_MS;
    if (bucket < from || bucket >= to) continue;
    const value = Number(counters[i + 1]);
    if (value === 0) continue;
    const colon = field.indexOf(':', bar);
    const agentEnd = colon + 1 + Number(field.slice(bar + 1, colon));
    rows.push({
      scale,
      bucket,
      widgetId,
      agentId: agentEnd === colon + 1 ? null : field.slice(colon + 1, agentEnd),
      counter: field.slice(agentEnd),
      value,
    });
  }
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
 * hash per (UTC day, widget) and one per (console day, widget) under the `{prefix:stats}` tag,
 * added to by one script call (ADD_STATS) and read through an index of the days that have any; sessions as keys (and an expiry index for
 * purge), the audit log as a hash and a lexicographic index; the live view from the channel.
 */
export function redisOperator(session: RedisSession): Pick<Store, OperatorMethods> {
  const { keys, run, fanout } = session;
  return {
    listCalls: (query) => listRedisCalls(session, query),

    async addStats(deltas) {
      checkStatsDeltas(deltas);
      if (deltas.length === 0) return;
      // A change's deltas fall in one or two hashes (its quarter's UTC day, its local day).
      const hashes = new Map<
        string,
        { start: number; widgetId: string; scale: StatsScale; fields: (string | number)[] }
      >();
      for (const d of deltas) {
        const start = hashStart(d.scale, d.bucket);
        const key = keys.statsHash(d.scale, start, d.widgetId);
        let hash = hashes.get(key);
        if (!hash) {
          hash = { start, widgetId: d.widgetId, scale: d.scale, fields: [] };
          hashes.set(key, hash);
        }
        hash.fields.push(statsField(start, d.bucket, d.agentId, d.counter), d.by);
      }
      const scriptKeys: string[] = [];
      const args: (string | number)[] = [];
      for (const [key, { start, widgetId, scale, fields }] of hashes) {
        scriptKeys.push(key, keys.statsIndex(scale), keys.widgetStatsIndex(scale, widgetId));
        args.push(start, `${start}:${widgetId}`, fields.length / 2, ...fields);
      }
      await session.script('ringbackAddStats', scriptKeys, args);
    },

    async readStats({ scale, from, to, widgetId }) {
      const first = hashStart(scale, from);
      const hashes = await run(async (c) =>
        widgetId === undefined
          ? (await c.zrangebyscore(keys.statsIndex(scale), first, `(${to}`)).map((member) => {
              const colon = member.indexOf(':');
              return { start: Number(member.slice(0, colon)), widget: member.slice(colon + 1) };
            })
          : (await c.zrangebyscore(keys.widgetStatsIndex(scale, widgetId), first, `(${to}`)).map(
              (start) => ({ start: Number(start), widget: widgetId }),
            ),
      );
      const read = (i: number) =>
        session.script(
          'ringbackReadStatsHashes',
          hashes
            .slice(i, i + HASHES_PER_READ)
            .map(({ start, widget }) => keys.statsHash(scale, start, widget)),
          [],
        );
      const rows: StatsRow[] = [];
      // Redis reads the next chunk while this one is parsed: never more than one waits, so
      // Redis is never busy with this report for long at a stretch.
      let next = hashes.length > 0 ? read(0) : undefined;
      try {
        for (let i = 0; next; i += HASHES_PER_READ) {
          const reply = await next;
          next = i + HASHES_PER_READ < hashes.length ? read(i + HASHES_PER_READ) : undefined;
          const replies = JSON.parse(reply as string) as unknown[];
          for (let j = 0; j < replies.length; j++) {
            const { start, widget } = hashes[i + j]!;
            // An empty hash is cjson's empty table, `{}`.
            const counters = replies[j];
            if (Array.isArray(counters))
              statsRows(scale, start, widget, counters as string[], from, to, rows);
          }
        }
      } finally {
        // Left waiting only when this one failed: its own failure would be unheard.
        next?.catch(() => {});
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
