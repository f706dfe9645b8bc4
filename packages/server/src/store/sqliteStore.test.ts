import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  it('commits the writes of one turn together, each on its own: a failing one rolls back alone, the others resolve once committed', async () => {
    const path = join(tmp, 'ringback.db');
    const store = await createSqliteStore({ path });
    const first = sampleCall();
    await store.createCall(first, sampleKey(first), eventFor(first));
    const fresh = sampleCall();
    const moved = { ...first, state: 'dialing-agent' as const, version: 2 };
    // One turn: a new call, a duplicate id (the primary key refuses it), a counter, a lease, a CAS.
    const writes = [
      store.createCall(fresh, sampleKey(fresh), eventFor(fresh)),
      store.createCall(
        { ...first },
        sampleKey(first, { key: 'another-key-0001' }),
        eventFor(first),
      ),
      store.incrementCounter('turns'),
      store.acquireLease('agent:a', 'call-1', first.createdAt + 60_000, first.createdAt),
      store.updateCall(moved, 1, eventFor(moved)),
      store.updateCall(moved, 1, eventFor(moved)),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'refused'))).toEqual([
      { created: true },
      'refused',
      1,
      true,
      true,
      false,
    ]);
    // Another connection sees every acknowledged write, and nothing of the refused one.
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 2 });
    expect(
      raw
        .prepare('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?')
        .get('another-key-0001'),
    ).toEqual({ n: 0 });
    expect(raw.prepare('SELECT value FROM counters WHERE key = ?').get('turns')).toEqual({
      value: 1,
    });
    expect(raw.prepare('SELECT holder FROM leases').all()).toEqual([{ holder: 'call-1' }]);
    expect(raw.prepare('SELECT count(*) AS n FROM call_events').get()).toEqual({ n: 3 });
    raw.close();
    await store.close();
  });

  it('commits writes still waiting for their turn when it closes', async () => {
    const path = join(tmp, 'ringback.db');
    const store = await createSqliteStore({ path });
    const call = sampleCall();
    const created = store.createCall(call, sampleKey(call), eventFor(call));
    const counted = store.incrementCounter('n');
    await store.close();
    await expect(created).resolves.toEqual({ created: true });
    await expect(counted).resolves.toBe(1);
    const reopened = await createSqliteStore({ path });
    expect(await reopened.getCall(call.id)).toEqual(call);
    await reopened.close();
  });

  it('loses no acknowledged write when the process is killed mid-stream (SIGKILL)', async () => {
    const path = join(tmp, 'ringback.db');
    const script = join(tmp, 'writer.mts');
    const source = resolve(import.meta.dirname, 'sqliteStore.ts');
    // Many writes in flight at once, each acknowledged on stdout only once it resolved.
    await writeFile(
      script,
      `import { createSqliteStore } from ${JSON.stringify(source)};
const store = await createSqliteStore({ path: ${JSON.stringify(path)} });
let n = 0;
const burst = () => {
  for (let i = 0; i < 20; i++) {
    const id = n++;
    store.incrementCounter('c' + id).then(() => process.stdout.write('acked ' + id + '\\n'));
    store.putFlag('f' + id, String(id)).then(() => process.stdout.write('flag ' + id + '\\n'));
  }
  setImmediate(burst);
};
burst();
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked = new Set<string>();
    let buffer = '';
    const exited = new Promise((done) => child.once('exit', done));
    await new Promise<void>((enough, fail) => {
      child.once('exit', (code) => fail(new Error(`the writer exited (${code}) before the kill`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) acked.add(line);
        if (acked.size >= 2_000) enough();
      });
    });
    child.kill('SIGKILL');
    await exited;
    const raw = new Database(path);
    const counters = new Set(
      (raw.prepare('SELECT key FROM counters').all() as { key: string }[]).map((r) => r.key),
    );
    const flags = new Set(
      (raw.prepare('SELECT key FROM flags').all() as { key: string }[]).map((r) => r.key),
    );
    raw.close();
    const lost = [...acked].filter((line) => {
      const [kind, id] = line.split(' ');
      return kind === 'acked' ? !counters.has(`c${id}`) : !flags.has(`f${id}`);
    });
    expect(lost).toEqual([]);
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
