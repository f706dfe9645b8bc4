import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit } from './groupCommit.js';

describe('groupCommit durability', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringback-group-commit-'));
    db = new Database(join(dir, 'test.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Run inside the batch's transaction, it reads the setting its COMMIT runs with (2 FULL, 1 NORMAL).
  const insert = (v: string) => () => {
    db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
    return db.pragma('synchronous', { simple: true });
  };
  const rows = () => db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all();

  it('syncs a batch holding a durable write, and leaves one of volatile writes to the next', async () => {
    const { write } = groupCommit(db);
    expect(await Promise.all([write(insert('a'), 'volatile'), write(insert('b'))])).toEqual([2, 2]);
    expect(
      await Promise.all([write(insert('c'), 'volatile'), write(insert('d'), 'volatile')]),
    ).toEqual([1, 1]);
    // Durable by default, and synced again for it.
    expect(await write(insert('e'))).toBe(2);
    expect(rows()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves the connection synced when nothing volatile came', async () => {
    const { write } = groupCommit(db);
    await write(insert('a'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('keeps a volatile write that throws to itself, as any other', async () => {
    const { write } = groupCommit(db);
    const failing = write(() => {
      insert('x')();
      throw new Error('no');
    }, 'volatile');
    const kept = write(insert('y'), 'volatile');
    await expect(failing).rejects.toThrow('no');
    expect(await kept).toBe(1);
    expect(rows()).toEqual(['y']);
  });
});
