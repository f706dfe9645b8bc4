import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventFor, sampleCall, sampleKey } from '@ringback/server/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallListQuery } from '../domain/Store.js';
import { listCallsSql } from './sqliteOperator.js';
import { createSqliteStore } from './sqliteStore.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-sqlite-operator-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sqlite operator queries', () => {
  it('reads every listing shape as index range scans, sorting only the merge of per-state scans', async () => {
    const path = join(dir, 'ringback.db');
    await (await createSqliteStore({ path })).close();
    const db = new Database(path, { readonly: true });
    const after = { createdAt: 5, id: 'call_x' };
    const queries: CallListQuery[] = [
      { limit: 50 },
      { limit: 50, order: 'oldest', after },
      { limit: 50, states: ['not-answered'], after },
      { limit: 50, states: ['not-answered', 'busy', 'agent-unavailable'], widgetId: 'w' },
      { limit: 50, widgetId: 'w', from: 1, to: 5, after },
      { limit: 50, agentId: 'a', after, order: 'oldest' },
      { limit: 50, agentId: 'a', states: ['busy'], widgetId: 'w' },
      { limit: 50, phoneDigits: '98123', from: 1 },
    ];
    for (const query of queries) {
      const { sql, params } = listCallsSql(query);
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
      ).map((r) => r.detail);
      const reads = plan.filter((line) => /^(SCAN|SEARCH) (c|a)\b/.test(line));
      expect(reads.length, JSON.stringify({ query, plan })).toBeGreaterThan(0);
      for (const line of reads) expect(line, JSON.stringify(query)).toMatch(/USING .*INDEX/);
      const sorts = plan.filter((line) => line.includes('TEMP B-TREE'));
      expect(sorts, JSON.stringify({ query, plan })).toHaveLength(
        (query.states?.length ?? 0) > 1 ? 1 : 0,
      );
    }
    db.close();
  });

  it('upgrades a database of schema 1 in place: listings find the calls stored before', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    // The calls table as schema 1 created it.
    old.exec(`CREATE TABLE calls (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, final INTEGER NOT NULL, check_at INTEGER,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, data TEXT NOT NULL)`);
    const before = [
      sampleCall({ widgetId: 'sales', state: 'busy', createdAt: 1000 }),
      sampleCall({ widgetId: 'support', createdAt: 2000 }),
    ];
    const insert = old.prepare('INSERT INTO calls VALUES (?, 1, ?, NULL, ?, ?, ?)');
    for (const call of before)
      insert.run(
        call.id,
        call.state === 'busy' ? 1 : 0,
        call.createdAt,
        call.updatedAt,
        JSON.stringify(call),
      );
    old.pragma('user_version = 1');
    old.close();

    const store = await createSqliteStore({ path });
    const ids = async (query: CallListQuery) => (await store.listCalls(query)).map((c) => c.id);
    expect(await ids({ limit: 10 })).toEqual([before[1]!.id, before[0]!.id]);
    expect(await ids({ limit: 10, states: ['busy'] })).toEqual([before[0]!.id]);
    expect(await ids({ limit: 10, widgetId: 'support' })).toEqual([before[1]!.id]);
    expect(await ids({ limit: 10, agentId: 'default', order: 'oldest' })).toEqual(
      before.map((c) => c.id),
    );
    const later = sampleCall({ createdAt: 3000 });
    await store.createCall(later, sampleKey(later), eventFor(later));
    expect(await ids({ limit: 1, agentId: 'default' })).toEqual([later.id]);
    await store.close();
    // Opened again, nothing is migrated twice.
    const again = await createSqliteStore({ path });
    expect((await again.listCalls({ limit: 10, agentId: 'default' })).length).toBe(3);
    await again.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    raw.close();
  });
});
