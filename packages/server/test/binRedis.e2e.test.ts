// `ringback-server --store redis://…` as real processes: two of them on one Redis share
// calls and live status, the Redis password never reaches the log, and an unreachable
// Redis stops the start-up with a clear message.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWidget, closedPort, ORIGIN, T0 } from './harness.js';
import { lazyRedisServer } from './redisServer.js';
import { SseReader } from './sse.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const SECRET = 'bin-secret-value-0123456789abcdefghij';
const REDIS_PASSWORD = 'redis-pass-9f8e7d6c5b4a';

const redis = lazyRedisServer({ password: REDIS_PASSWORD });
afterAll(() => redis.close());

interface Running {
  child: ChildProcess;
  output: string[];
  url: string;
  exited: Promise<number | null>;
}

let dir: string;
let sim: ServedSimulator;
let running: Running[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-bin-redis-'));
  sim = await serveExotelSimulator({ clock: 'manual', startTime: T0, onError: () => {} });
  await writeFile(join(dir, 'ringback.json'), JSON.stringify({ widgets: [baseWidget] }));
});

afterEach(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGTERM');
  await Promise.all(running.map((r) => r.exited));
  running = [];
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts the bin; resolves once it listens, or once it exits (a failed start). */
async function start(store: string): Promise<Running> {
  const port = await closedPort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@ringback/source',
      'src/bin.ts',
      '--config',
      join(dir, 'ringback.json'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--store',
      store,
    ],
    {
      cwd: PACKAGE,
      env: {
        PATH: process.env.PATH,
        EXOTEL_ACCOUNT_SID: sim.sim.credentials.accountSid,
        EXOTEL_API_KEY: sim.sim.credentials.apiKey,
        EXOTEL_API_TOKEN: sim.sim.credentials.apiToken,
        EXOTEL_BASE_URL: sim.url,
        RINGBACK_SECRET: SECRET,
        RINGBACK_PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const r: Running = { child, output, url: `http://127.0.0.1:${port}`, exited };
  running.push(r);
  await new Promise<void>((ready) => {
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('"msg":"listening"')) ready();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => ready());
  });
  return r;
}

describe('ringback-server --store redis://', () => {
  it('runs two processes on one Redis: a call created on one streams from the other', async () => {
    const { url, port } = await redis();
    const first = await start(url);
    const second = await start(url);
    const created = await fetch(`${first.url}/v1/calls`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        'idempotency-key': `bin-redis-${Date.now()}`,
      },
      body: JSON.stringify({ widgetId: 'support', phone: '+919812345678' }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const stream = new SseReader(
      await fetch(`${second.url}/v1/calls/${id}/events`, { headers: { origin: ORIGIN } }),
    );
    await stream.until((s) => s.events.length === 1);
    await sim.sim.clock.advance(5 * 60_000);
    await sim.sim.settle();
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);

    const log = first.output.join('');
    expect(log).toContain(`"store":{"type":"redis","url":"redis://:***@127.0.0.1:${port}"}`);
    expect(log).not.toContain(REDIS_PASSWORD);
  });

  it('refuses to start when Redis cannot be reached, and says why', async () => {
    const failed = await start(`redis://127.0.0.1:${await closedPort()}`);
    expect(await failed.exited).toBe(1);
    const log = failed.output.join('');
    expect(log).toContain('"msg":"cannot start"');
    expect(log).toContain('Cannot connect to Redis');
  });
});
