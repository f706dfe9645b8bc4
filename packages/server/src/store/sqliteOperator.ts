// The operator console's queries in the SQLite store: call listings read through indexes,
// statistics counters, sessions and the audit log. sqliteStore.ts keeps the agent index in
// step with every call write (indexCallAgents) and calls purgeOperator from purge.
import type BetterSqlite3 from 'better-sqlite3';
import {
  AUDIT_RETENTION_MS,
  type AuditRecord,
  type CallListQuery,
  type CallRecord,
  type OperatorSession,
  type StatsRow,
  type StatsScale,
  type Store,
} from '../domain/Store.js';
import { fromStoredCall } from '../domain/storedCall.js';
import {
  callAgents,
  checkAuditQuery,
  checkCallListQuery,
  checkStatsDeltas,
} from './callListQuery.js';
import type { GroupCommit } from './groupCommit.js';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/**
 * Columns the listings filter on, read from each call's JSON by SQLite itself (VIRTUAL: no
 * stored copy, nothing to backfill, the JSON stays the one record). Added with ALTER TABLE,
 * so a database written before them gains them in place.
 */
const CALL_COLUMNS: Record<string, string> = {
  state: `TEXT GENERATED ALWAYS AS (json_extract(data, '$.state')) VIRTUAL`,
  widget_id: `TEXT GENERATED ALWAYS AS (json_extract(data, '$.widgetId')) VIRTUAL`,
  phone: `TEXT GENERATED ALWAYS AS (json_extract(data, '$.to')) VIRTUAL`,
};

/**
 * Every listing orders by (created_at, id), so each filter has an index that starts with it
 * and ends with those two: a page is one range scan, read newest or oldest first. The phone
 * rides in calls_created so a number search skips non-matching calls without reading them.
 */
const OPERATOR_SCHEMA = `
CREATE INDEX IF NOT EXISTS calls_created ON calls (created_at, id, phone);
CREATE INDEX IF NOT EXISTS calls_state ON calls (state, created_at, id);
CREATE INDEX IF NOT EXISTS calls_widget ON calls (widget_id, created_at, id);
CREATE INDEX IF NOT EXISTS calls_widget_state ON calls (widget_id, state, created_at, id);
CREATE TABLE IF NOT EXISTS call_agents (
  call_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (call_id, agent_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS call_agents_agent ON call_agents (agent_id, created_at, call_id);
CREATE TABLE IF NOT EXISTS stats (
  bucket INTEGER NOT NULL,
  widget_id TEXT NOT NULL,
  agent_id TEXT NOT NULL, -- '' for the widget's own figures (a key column cannot be NULL)
  counter TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (bucket, widget_id, agent_id, counter)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stats_widget ON stats (widget_id, bucket, agent_id, counter, value);
CREATE TABLE IF NOT EXISTS stats_days (
  bucket INTEGER NOT NULL,
  widget_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  counter TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (bucket, widget_id, agent_id, counter)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stats_days_widget ON stats_days (widget_id, bucket, agent_id, counter, value);
CREATE TABLE IF NOT EXISTS operator_sessions (
  id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS operator_sessions_expiry ON operator_sessions (expires_at);
CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at, id);
`;

/**
 * Brings a database of schema 1 (or a new one) to what the operator queries need: the
 * columns, indexes and tables above, and the agent index of every call already stored.
 * Runs inside the caller's transaction; every step is a no-op when already done.
 */
export function migrateOperatorSchema(db: Database, fromVersion: number): void {
  const columns = new Set(
    (db.pragma('table_xinfo(calls)') as { name: string }[]).map((c) => c.name),
  );
  for (const [name, definition] of Object.entries(CALL_COLUMNS))
    if (!columns.has(name)) db.exec(`ALTER TABLE calls ADD COLUMN ${name} ${definition}`);
  db.exec(OPERATOR_SCHEMA);
  if (fromVersion < 2) {
    db.exec(`INSERT OR IGNORE INTO call_agents (call_id, agent_id, created_at)
      SELECT c.id, json_extract(a.value, '$.agentId'), c.created_at
      FROM calls c, json_each(c.data, '$.attempts') a
      WHERE json_extract(a.value, '$.agentId') IS NOT NULL`);
  }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** Keeps `call_agents` in step with the agents a call's attempts rang; run inside the call's write. */
export function callAgentIndex(db: Database): {
  /**
   * `replaced`: the call as it was before this write, `'created'` for a new call (no rows
   * to prune), `undefined` when not known. Nothing is written when it rang the same agents.
   */
  index(call: CallRecord, replaced?: CallRecord | 'created'): void;
  purge(callsBefore: number): void;
} {
  const insert = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO call_agents (call_id, agent_id, created_at) VALUES (?, ?, ?)',
  );
  const prune = db.prepare<[string, string]>(
    'DELETE FROM call_agents WHERE call_id = ? AND agent_id NOT IN (SELECT value FROM json_each(?))',
  );
  const purge = db.prepare<[number]>(
    'DELETE FROM call_agents WHERE call_id IN (SELECT id FROM calls WHERE final = 1 AND updated_at < ?)',
  );
  return {
    index(call, replaced) {
      const agents = callAgents(call);
      // Most changes (every StatusCallback) ring nobody new: two statements saved each.
      if (typeof replaced === 'object' && sameList(callAgents(replaced), agents)) return;
      // Attempts are only ever appended; the prune keeps the index exact should one go.
      if (replaced !== 'created') prune.run(call.id, JSON.stringify(agents));
      for (const agent of agents) insert.run(call.id, agent, call.createdAt);
    },
    purge(callsBefore) {
      purge.run(callsBefore);
    },
  };
}

/**
 * Adding to and reading one scale's table: `stats` (15-minute buckets) or `stats_days` (the
 * console's days), kept apart so neither read passes over the other's rows.
 */
function statsStatements(db: Database, table: 'stats' | 'stats_days') {
  return {
    add: db.prepare<[number, string, string, string, number]>(
      `INSERT INTO ${table} (bucket, widget_id, agent_id, counter, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (bucket, widget_id, agent_id, counter) DO UPDATE SET value = value + excluded.value`,
    ),
    all: db
      .prepare<[number, number]>(
        `SELECT bucket, widget_id, agent_id, counter, value FROM ${table}
         WHERE bucket >= ? AND bucket < ? AND value != 0
         ORDER BY bucket, widget_id, agent_id, counter`,
      )
      .raw(),
    widget: db
      .prepare<[string, number, number]>(
        `SELECT bucket, widget_id, agent_id, counter, value FROM ${table} INDEXED BY ${table}_widget
         WHERE widget_id = ? AND bucket >= ? AND bucket < ? AND value != 0
         ORDER BY bucket, agent_id, counter`,
      )
      .raw(),
  };
}

type OperatorMethods =
  | 'listCalls'
  | 'addStats'
  | 'readStats'
  | 'createSession'
  | 'getSession'
  | 'deleteSession'
  | 'appendAudit'
  | 'listAudit';

/** How many listing shapes (filters × states) keep their prepared statement. */
const MAX_STATEMENTS = 256;

/**
 * Builds the SQL of one `listCalls` page. Each arm is one index range scan in the query's
 * order: by state (one arm per state, merged by the outer ORDER BY: an IN list would sort
 * every match), by widget, by agent (the side table), or by time alone. Other filters apply
 * on top of that range. `phoneDigits` is one of them, never an index of its own: a
 * substring search cannot use a B-tree, so it filters the range the others select (in
 * calls_created, from the index alone).
 */
export function listCallsSql(query: CallListQuery): { sql: string; params: unknown[] } {
  const newest = query.order !== 'oldest';
  const dir = newest ? 'DESC' : 'ASC';
  const states = query.states ? [...new Set(query.states)] : [undefined];
  const params: unknown[] = [];
  const arms = states.map((state) => {
    const byAgent = state === undefined && query.agentId !== undefined;
    // The columns the range and the order are on: the side table's when it drives.
    const [at, id] = byAgent ? ['a.created_at', 'a.call_id'] : ['c.created_at', 'c.id'];
    const where: string[] = [];
    let from: string;
    if (byAgent) {
      from = 'call_agents a INDEXED BY call_agents_agent JOIN calls c ON c.id = a.call_id';
      where.push('a.agent_id = ?');
      params.push(query.agentId);
    } else {
      const index =
        state !== undefined
          ? query.widgetId !== undefined
            ? 'calls_widget_state'
            : 'calls_state'
          : query.widgetId !== undefined
            ? 'calls_widget'
            : 'calls_created';
      from = `calls c INDEXED BY ${index}`;
    }
    if (query.widgetId !== undefined) {
      where.push('c.widget_id = ?');
      params.push(query.widgetId);
    }
    if (state !== undefined) {
      where.push('c.state = ?');
      params.push(state);
    }
    if (query.from !== undefined) {
      where.push(`${at} >= ?`);
      params.push(query.from);
    }
    if (query.to !== undefined) {
      where.push(`${at} < ?`);
      params.push(query.to);
    }
    if (query.after) {
      where.push(`(${at}, ${id}) ${newest ? '<' : '>'} (?, ?)`);
      params.push(query.after.createdAt, query.after.id);
    }
    if (query.agentId !== undefined && !byAgent) {
      where.push('EXISTS (SELECT 1 FROM call_agents x WHERE x.call_id = c.id AND x.agent_id = ?)');
      params.push(query.agentId);
    }
    if (query.phoneDigits) {
      where.push('instr(c.phone, ?) > 0');
      params.push(query.phoneDigits);
    }
    params.push(query.limit);
    return `SELECT ${at} AS created_at, ${id} AS id, c.data AS data FROM ${from}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${at} ${dir}, ${id} ${dir} LIMIT ?`;
  });
  if (arms.length === 1) return { sql: arms[0]!, params };
  params.push(query.limit);
  return {
    sql: `SELECT data FROM (${arms.map((arm) => `SELECT * FROM (${arm})`).join(' UNION ALL ')})
      ORDER BY created_at ${dir}, id ${dir} LIMIT ?`,
    params,
  };
}

/** The operator queries of a SQLite store; `write` is its group commit. */
export function sqliteOperator(
  db: Database,
  write: GroupCommit['write'],
): Pick<Store, OperatorMethods> & { purge(now: number): void } {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const q = {
    stats: { quarter: statsStatements(db, 'stats'), day: statsStatements(db, 'stats_days') },
    putSession: db.prepare<[string, number, string]>(
      'INSERT OR REPLACE INTO operator_sessions (id, expires_at, data) VALUES (?, ?, ?)',
    ),
    getSession: db.prepare<[string, number], { data: string }>(
      'SELECT data FROM operator_sessions WHERE id = ? AND expires_at > ?',
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM operator_sessions WHERE id = ?'),
    purgeSessions: db.prepare<[number]>('DELETE FROM operator_sessions WHERE expires_at <= ?'),
    putAudit: db.prepare<[string, number, string]>(
      'INSERT OR REPLACE INTO audit_log (id, at, data) VALUES (?, ?, ?)',
    ),
    listAudit: db.prepare<[number], { data: string }>(
      'SELECT data FROM audit_log ORDER BY at DESC, id DESC LIMIT ?',
    ),
    listAuditAfter: db.prepare<[number, string, number], { data: string }>(
      'SELECT data FROM audit_log WHERE (at, id) < (?, ?) ORDER BY at DESC, id DESC LIMIT ?',
    ),
    purgeAudit: db.prepare<[number]>('DELETE FROM audit_log WHERE at < ?'),
  };

  const toRows = (scale: StatsScale, rows: unknown[][]): StatsRow[] =>
    rows.map(([bucket, widgetId, agentId, counter, value]) => ({
      scale,
      bucket: bucket as number,
      widgetId: widgetId as string,
      agentId: agentId === '' ? null : (agentId as string),
      counter: counter as string,
      value: value as number,
    }));

  return {
    async listCalls(query) {
      checkCallListQuery(query);
      if (query.states?.length === 0) return [];
      const { sql, params } = listCallsSql(query);
      return (prepared(sql).all(...params) as { data: string }[]).map((r) =>
        fromStoredCall(r.data),
      );
    },

    async addStats(deltas) {
      checkStatsDeltas(deltas);
      if (deltas.length === 0) return;
      // Bookkeeping, like rate-limit hits: a power cut may lose the counters added since
      // the last durable commit, as a crash between a call's write and its counters can.
      await write(() => {
        for (const d of deltas)
          q.stats[d.scale].add.run(d.bucket, d.widgetId, d.agentId ?? '', d.counter, d.by);
      }, 'volatile');
    },

    async readStats({ scale, from, to, widgetId }) {
      const read = q.stats[scale];
      return toRows(
        scale,
        (widgetId === undefined
          ? read.all.all(from, to)
          : read.widget.all(widgetId, from, to)) as unknown[][],
      );
    },

    async createSession(session) {
      await write(() => q.putSession.run(session.id, session.expiresAt, JSON.stringify(session)));
    },

    async getSession(id, now) {
      const found = q.getSession.get(id, now);
      return found ? (JSON.parse(found.data) as OperatorSession) : undefined;
    },

    async deleteSession(id) {
      await write(() => q.deleteSession.run(id));
    },

    async appendAudit(entry) {
      await write(() => q.putAudit.run(entry.id, entry.at, JSON.stringify(entry)));
    },

    async listAudit(query) {
      checkAuditQuery(query);
      const rows = query.after
        ? q.listAuditAfter.all(query.after.at, query.after.id, query.limit)
        : q.listAudit.all(query.limit);
      return rows.map((r) => JSON.parse(r.data) as AuditRecord);
    },

    /** Runs inside the store's purge write. */
    purge(now) {
      q.purgeSessions.run(now);
      q.purgeAudit.run(now - AUDIT_RETENTION_MS);
    },
  };
}
