import type BetterSqlite3 from 'better-sqlite3';
import { isFinal } from '../domain/callState.js';
import type { CallEvent, CallRecord, IdempotencyRecord, Lease, Store } from '../domain/Store.js';
import { fromStoredCall, replacedCall } from '../domain/storedCall.js';
import { fromStoredDelivery, type WebhookDelivery } from '../domain/webhooks.js';
import { CallListeners } from './callListeners.js';
import { groupCommit } from './groupCommit.js';
import { type RateHit, rateRetryAfterMs } from './rateWindow.js';
import { callAgentIndex, migrateOperatorSchema, sqliteOperator } from './sqliteOperator.js';

export interface SqliteStoreOptions {
  /** Database file; created with its directory's permissions if missing. */
  path: string;
}

// 2: the operator console's indexes and tables (sqliteOperator.ts).
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS calls (
  id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  final INTEGER NOT NULL,
  check_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_check_at ON calls (check_at) WHERE check_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS calls_open ON calls (created_at) WHERE final = 0;
CREATE INDEX IF NOT EXISTS calls_final_updated ON calls (updated_at) WHERE final = 1;
CREATE TABLE IF NOT EXISTS call_events (
  call_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (call_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key TEXT PRIMARY KEY,
  call_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rate_hits (
  key TEXT NOT NULL,
  member TEXT NOT NULL,
  at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_hits_key_at ON rate_hits (key, at);
CREATE INDEX IF NOT EXISTS rate_hits_expires ON rate_hits (expires_at);
CREATE TABLE IF NOT EXISTS leases (
  key TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flags (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL,
  state TEXT NOT NULL,
  version INTEGER NOT NULL,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_call ON webhook_deliveries (call_id, created_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_created ON webhook_deliveries (created_at);
`;

type Database = BetterSqlite3.Database;

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    // Loaded on first use only, so users of other stores never need the native module.
    const mod = await import('#sqlite-driver');
    return mod.default;
  } catch (cause) {
    throw new Error(
      'The sqlite store needs the optional peer dependency better-sqlite3 (12.x): install it with `npm install better-sqlite3@12`, or run without a database with `--store memory` (calls are then lost on restart).',
      { cause },
    );
  }
}

/**
 * The embedded store: one SQLite file in WAL mode, for a single instance. Every write
 * of a call, event, key, webhook delivery, flag or session is committed with
 * `synchronous=FULL` before its promise resolves, so a crash, a restart or a power cut
 * loses no acknowledged call or callback. Rate-limit hits, leases and counters are
 * committed without an fsync of their own and synced by the next durable write (see
 * `Durability`). The writes asked for in one turn of the event loop share one transaction
 * and at most one fsync (group commit): each still runs atomically on its own, in the
 * order asked, and resolves only after the commit.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const Driver = await loadDriver();
  const db: Database = new Driver(options.path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${options.path} was written by a newer @ringback/server (schema ${version}); upgrade the server.`,
      );
    }
    db.transaction(() => {
      db.exec(SCHEMA);
      migrateOperatorSchema(db, version);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    return sqliteStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function sqliteStore(db: Database): Store {
  const listeners = new CallListeners();
  const { write, flush } = groupCommit(db);
  const agents = callAgentIndex(db);
  const operator = sqliteOperator(db, write);

  const q = {
    getKey: db.prepare<
      [string],
      { key: string; call_id: string; fingerprint: string; expires_at: number }
    >('SELECT key, call_id, fingerprint, expires_at FROM idempotency_keys WHERE key = ?'),
    deleteKey: db.prepare<[string]>('DELETE FROM idempotency_keys WHERE key = ?'),
    insertKey: db.prepare<[string, string, string, number]>(
      'INSERT INTO idempotency_keys (key, call_id, fingerprint, expires_at) VALUES (?, ?, ?, ?)',
    ),
    insertCall: db.prepare<[string, number, number, number | null, number, number, string]>(
      'INSERT INTO calls (id, version, final, check_at, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getCall: db.prepare<[string], { data: string }>('SELECT data FROM calls WHERE id = ?'),
    updateCall: db.prepare<[number, number, number | null, number, string, string, number]>(
      'UPDATE calls SET version = ?, final = ?, check_at = ?, updated_at = ?, data = ? WHERE id = ? AND version = ?',
    ),
    insertEvent: db.prepare<[string, number, string]>(
      'INSERT INTO call_events (call_id, seq, data) VALUES (?, ?, ?)',
    ),
    listEvents: db.prepare<[string, number], { data: string }>(
      'SELECT data FROM call_events WHERE call_id = ? AND seq > ? ORDER BY seq',
    ),
    dueCalls: db.prepare<[number, number], { data: string }>(
      'SELECT data FROM calls WHERE check_at IS NOT NULL AND check_at <= ? ORDER BY check_at LIMIT ?',
    ),
    openCalls: db.prepare<[number], { data: string }>(
      'SELECT data FROM calls WHERE final = 0 ORDER BY created_at LIMIT ?',
    ),
    hits: db.prepare<[string, number], RateHit>(
      'SELECT member, at FROM rate_hits WHERE key = ? AND at > ?',
    ),
    insertHit: db.prepare<[string, string, number, number]>(
      'INSERT INTO rate_hits (key, member, at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    purgeKeys: db.prepare<[number]>('DELETE FROM idempotency_keys WHERE expires_at <= ?'),
    purgeHits: db.prepare<[number]>('DELETE FROM rate_hits WHERE expires_at <= ?'),
    purgeEvents: db.prepare<[number]>(
      'DELETE FROM call_events WHERE call_id IN (SELECT id FROM calls WHERE final = 1 AND updated_at < ?)',
    ),
    purgeCalls: db.prepare<[number]>('DELETE FROM calls WHERE final = 1 AND updated_at < ?'),
    // Taken when free, expired or already the holder's; `changes` tells which.
    acquireLease: db.prepare<[string, string, number, number, string]>(
      `INSERT INTO leases (key, holder, until) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, until = excluded.until
       WHERE leases.until <= ? OR leases.holder = ?`,
    ),
    releaseLease: db.prepare<[string, string]>('DELETE FROM leases WHERE key = ? AND holder = ?'),
    getLease: db.prepare<[string, number], { holder: string; until: number }>(
      'SELECT holder, until FROM leases WHERE key = ? AND until > ?',
    ),
    purgeLeases: db.prepare<[number]>('DELETE FROM leases WHERE until <= ?'),
    putFlag: db.prepare<[string, string]>(
      'INSERT INTO flags (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteFlag: db.prepare<[string]>('DELETE FROM flags WHERE key = ?'),
    getFlag: db.prepare<[string], { value: string }>('SELECT value FROM flags WHERE key = ?'),
    increment: db.prepare<[string], { value: number }>(
      `INSERT INTO counters (key, value) VALUES (?, 1)
       ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value`,
    ),
    insertDelivery: db.prepare<[string, string, string, number, number | null, number, string]>(
      'INSERT INTO webhook_deliveries (id, call_id, state, version, next_attempt_at, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateDelivery: db.prepare<[string, number, number | null, string, string, number]>(
      'UPDATE webhook_deliveries SET state = ?, version = ?, next_attempt_at = ?, data = ? WHERE id = ? AND version = ?',
    ),
    getDelivery: db.prepare<[string], { data: string }>(
      'SELECT data FROM webhook_deliveries WHERE id = ?',
    ),
    dueDeliveries: db.prepare<[number, number], { data: string }>(
      `SELECT data FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at LIMIT ?`,
    ),
    listDeliveries: db.prepare<
      [string | null, string | null, string | null, string | null, number],
      { data: string }
    >(
      `SELECT data FROM webhook_deliveries WHERE (? IS NULL OR call_id = ?) AND (? IS NULL OR state = ?)
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    ),
    purgeDeliveries: db.prepare<[number]>(
      `DELETE FROM webhook_deliveries WHERE state != 'pending' AND created_at < ?`,
    ),
    ping: db.prepare('SELECT 1'),
  };

  const insertOutbox = (outbox: readonly WebhookDelivery[]) => {
    for (const d of outbox)
      q.insertDelivery.run(
        d.id,
        d.callId,
        d.state,
        d.version,
        d.nextAttemptAt,
        d.createdAt,
        JSON.stringify(d),
      );
  };

  const row = (call: CallRecord) =>
    [
      call.version,
      isFinal(call.state) ? 1 : 0,
      call.checkAt,
      call.updatedAt,
      JSON.stringify(call),
    ] as const;

  // The writes below run inside a group commit (see groupCommit): each must be a function of
  // the database alone, as a batch may run again.
  const createCall = (
    call: CallRecord,
    key: IdempotencyRecord,
    event: CallEvent,
    outbox: readonly WebhookDelivery[],
  ): IdempotencyRecord | undefined => {
    const existing = q.getKey.get(key.key);
    if (existing && existing.expires_at > event.at) {
      return {
        key: existing.key,
        callId: existing.call_id,
        fingerprint: existing.fingerprint,
        expiresAt: existing.expires_at,
      };
    }
    if (existing) q.deleteKey.run(key.key);
    q.insertKey.run(key.key, key.callId, key.fingerprint, key.expiresAt);
    const [version, final, checkAt, updatedAt, data] = row(call);
    q.insertCall.run(call.id, version, final, checkAt, call.createdAt, updatedAt, data);
    q.insertEvent.run(event.callId, event.seq, JSON.stringify(event));
    agents.index(call, 'created');
    insertOutbox(outbox);
    return undefined;
  };

  const updateCall = (
    call: CallRecord,
    expectedVersion: number,
    event: CallEvent | undefined,
    outbox: readonly WebhookDelivery[],
    previous: CallRecord | undefined,
  ) => {
    const [version, final, checkAt, updatedAt, data] = row(call);
    const { changes } = q.updateCall.run(
      version,
      final,
      checkAt,
      updatedAt,
      data,
      call.id,
      expectedVersion,
    );
    if (changes === 0) return false;
    if (event) q.insertEvent.run(event.callId, event.seq, JSON.stringify(event));
    agents.index(call, replacedCall(call, expectedVersion, previous));
    insertOutbox(outbox);
    return true;
  };

  const consume = (checks: Parameters<Store['consumeRateLimits']>[0], now: number) => {
    const denied: { key: string; retryAfterMs: number }[] = [];
    for (const check of checks) {
      const retryAfterMs = rateRetryAfterMs(
        q.hits.all(check.key, now - check.windowMs),
        check,
        now,
      );
      if (retryAfterMs > 0) denied.push({ key: check.key, retryAfterMs });
    }
    if (denied.length > 0) return { allowed: false as const, denied };
    for (const check of checks)
      q.insertHit.run(check.key, check.member ?? '', now, now + check.windowMs);
    return { allowed: true as const };
  };

  const purge = (now: number, callsBefore: number) => {
    q.purgeLeases.run(now);
    q.purgeKeys.run(now);
    q.purgeHits.run(now);
    q.purgeEvents.run(callsBefore);
    agents.purge(callsBefore);
    q.purgeCalls.run(callsBefore);
    operator.purge(now);
    q.purgeDeliveries.run(callsBefore);
  };

  const parseCalls = (rows: { data: string }[]) => rows.map((r) => fromStoredCall(r.data));

  const { purge: _purgeOperator, ...operatorQueries } = operator;

  return {
    ...operatorQueries,
    async createCall(call, key, event, outbox = []) {
      const existing = await write(() => createCall(call, key, event, outbox));
      if (existing) return { created: false, existing };
      listeners.emit(event);
      return { created: true };
    },

    async getIdempotencyKey(key, now) {
      const found = q.getKey.get(key);
      if (!found || found.expires_at <= now) return undefined;
      return {
        key: found.key,
        callId: found.call_id,
        fingerprint: found.fingerprint,
        expiresAt: found.expires_at,
      };
    },

    async getCall(id) {
      const found = q.getCall.get(id);
      return found ? fromStoredCall(found.data) : undefined;
    },

    async updateCall(call, expectedVersion, event, outbox = [], previous) {
      const updated = await write(() => updateCall(call, expectedVersion, event, outbox, previous));
      if (updated && event) listeners.emit(event);
      return updated;
    },

    async listEvents(callId, afterSeq) {
      return q.listEvents.all(callId, afterSeq).map((r) => JSON.parse(r.data) as CallEvent);
    },

    async listDueCalls(now, limit) {
      return parseCalls(q.dueCalls.all(now, limit));
    },

    async listOpenCalls(limit) {
      return parseCalls(q.openCalls.all(limit));
    },

    async consumeRateLimits(checks, now) {
      return write(() => consume(checks, now), 'volatile');
    },

    subscribe(callId, listener) {
      return listeners.subscribe(callId, listener);
    },

    subscribeAll(listener) {
      return listeners.subscribeAll(listener);
    },

    async acquireLease(key, holder, until, now) {
      return write(
        () => q.acquireLease.run(key, holder, until, now, holder).changes > 0,
        'volatile',
      );
    },

    async releaseLease(key, holder) {
      await write(() => q.releaseLease.run(key, holder), 'volatile');
    },

    async readLeases(keys, now) {
      const found = new Map<string, Lease>();
      for (const key of keys) {
        const lease = q.getLease.get(key, now);
        if (lease) found.set(key, { holder: lease.holder, until: lease.until });
      }
      return found;
    },

    async putFlag(key, value) {
      await write(() => (value === null ? q.deleteFlag.run(key) : q.putFlag.run(key, value)));
    },

    async readFlags(keys) {
      const found = new Map<string, string>();
      for (const key of keys) {
        const flag = q.getFlag.get(key);
        if (flag) found.set(key, flag.value);
      }
      return found;
    },

    async incrementCounter(key) {
      return write(() => q.increment.get(key)!.value, 'volatile');
    },

    async purge(now, callsBefore) {
      await write(() => purge(now, callsBefore));
    },

    async listDueWebhooks(now, limit) {
      return q.dueDeliveries.all(now, limit).map((r) => fromStoredDelivery(r.data));
    },

    async getWebhookDelivery(id) {
      const found = q.getDelivery.get(id);
      return found ? fromStoredDelivery(found.data) : undefined;
    },

    async updateWebhookDelivery(d, expectedVersion) {
      return write(
        () =>
          q.updateDelivery.run(
            d.state,
            d.version,
            d.state === 'pending' ? d.nextAttemptAt : null,
            JSON.stringify(d),
            d.id,
            expectedVersion,
          ).changes > 0,
      );
    },

    async listWebhookDeliveries({ callId, state, limit = 50 }) {
      return q.listDeliveries
        .all(callId ?? null, callId ?? null, state ?? null, state ?? null, limit)
        .map((r) => fromStoredDelivery(r.data));
    },

    async ping() {
      q.ping.get();
    },

    async close() {
      listeners.clear();
      // Writes already asked for are committed (and settled) before the file closes.
      if (db.open) flush();
      if (db.open) db.close();
    },
  };
}
