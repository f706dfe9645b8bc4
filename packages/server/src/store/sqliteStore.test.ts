import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract, eventFor, sampleCall, sampleKey } from '@ringback/server/testing';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqliteStore.js';

let dir: string | undefined;

describeStoreContract('sqlite', {
  async create() {
    dir = await mkdtemp(join(tmpdir(), 'ringback-sqlite-'));
    return createSqliteStore({ path: join(dir, 'ringback.db') });
  },
  async cleanup() {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

describe('sqlite store on disk', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ringback-sqlite-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('uses WAL and survives reopening with everything it acknowledged', async () => {
    const path = join(tmp, 'ringback.db');
    const store = await createSqliteStore({ path });
    const call = sampleCall();
    await store.createCall(call, sampleKey(call), eventFor(call));
    const next = { ...call, state: 'dialing-agent' as const, version: 2 };
    await store.updateCall(next, 1, eventFor(next));
    await store.consumeRateLimits([{ key: 'k', limit: 1, windowMs: 60_000 }], call.createdAt);
    // No close(): a crash leaves the WAL behind, and reopening must replay it.
    const reopened = await createSqliteStore({ path });
    expect(await reopened.getCall(call.id)).toEqual(next);
    expect((await reopened.listEvents(call.id, 0)).map((e) => e.state)).toEqual([
      'requested',
      'dialing-agent',
    ]);
    expect(await reopened.getIdempotencyKey(`key-${call.id}`, call.createdAt)).toBeDefined();
    expect(
      await reopened.consumeRateLimits(
        [{ key: 'k', limit: 1, windowMs: 60_000 }],
        call.createdAt + 1,
      ),
    ).toMatchObject({
      allowed: false,
    });
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await reopened.close();
    await store.close();
  });

  it('refuses a database written by a newer schema', async () => {
    const path = join(tmp, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    await expect(createSqliteStore({ path })).rejects.toThrow(
      /newer @ringback\/server \(schema 99\)/,
    );
  });
});
