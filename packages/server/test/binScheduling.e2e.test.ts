// A booked callback survives the `ringback-server` binary being killed: restarted on
// its SQLite file before the slot, it places the call on time (a timer, not the
// periodic pass) exactly once; restarted long after, it marks the callback `expired`.
// The binary's clock is set per start (test/fixtures/fixedClock.ts); the simulator's is manual.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWidget, closedPort, ORIGIN, T0 } from './harness.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const SECRET = 'bin-secret-value-0123456789abcdefghij';
/** T0 is Friday 10:30 in Kolkata; the shop opens at 14:00 (08:30 UTC). */
const TWO_PM = Date.UTC(2026, 10, 27, 8, 30);

interface Running {
  child: ChildProcess;
  lines: string[];
  url: string;
  exited: Promise<number | null>;
}

let dir: string;
let sim: ServedSimulator;
let running: Running[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-bin-sched-'));
  sim = await serveExotelSimulator({ clock: 'manual', startTime: T0, onError: () => {} });
});

afterEach(async () => {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await Promise.all(running.map((r) => r.exited));
  running = [];
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(port: number, clock: number): Promise<Running> {
  const configPath = join(dir, 'ringback.json');
  const widget = {
    ...baseWidget,
    hours: { timeZone: 'Asia/Kolkata', weekly: { fri: ['14:00-18:00'] } },
    schedule: { slotMinutes: 30 },
  };
  // The periodic pass is far apart: placing on time is the timer's job.
  await writeFile(
    configPath,
    JSON.stringify({
      widgets: [widget],
      reconcileIntervalMs: 60_000,
      reconcileGraceSeconds: 0,
      callbackStaleSeconds: 60,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './test/fixtures/fixedClock.ts',
      '--conditions=@ringback/source',
      'src/bin.ts',
      '--config',
      configPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
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
        RINGBACK_DATABASE: join(dir, 'ringback.db'),
        RINGBACK_TEST_CLOCK: String(clock),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffer = '';
  const listening = new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"msg":"listening"')) ready();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.once('exit', (code) => fail(new Error(`exited with ${code}: ${stderr.join('')}`)));
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const r = { child, lines, url: `http://127.0.0.1:${port}`, exited };
  running.push(r);
  await listening;
  return r;
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

async function book(url: string): Promise<{ id: string; state: string }> {
  const listed = (await (
    await fetch(`${url}/v1/widgets/support/slots`, { headers: { origin: ORIGIN } })
  ).json()) as { slots: { start: string }[] };
  expect(listed.slots[0]!.start).toBe(new Date(TWO_PM).toISOString());
  const response = await fetch(`${url}/v1/calls`, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'application/json',
      'idempotency-key': `bin-sched-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify({
      widgetId: 'support',
      phone: '+919812345678',
      scheduledFor: listed.slots[0]!.start,
    }),
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { id: string; state: string };
}

const stateOf = async (url: string, id: string) =>
  ((await (await fetch(`${url}/v1/calls/${id}`)).json()) as { state: string }).state;

describe('ringback-server with a booked callback', () => {
  it('keeps it across a SIGKILL and places it once, on time, after the restart', async () => {
    const port = await closedPort();
    const first = await start(port, T0);
    const booked = await book(first.url);
    expect(booked.state).toBe('scheduled');
    first.child.kill('SIGKILL');
    await first.exited;

    // Restarted 1.5 s before the slot: nothing to do at start-up, a timer for the slot.
    const second = await start(port, TWO_PM - 1500);
    expect(await stateOf(second.url, booked.id)).toBe('scheduled');
    const restartedAt = Date.now();
    await until(() => sim.sim.stats().connectRequests === 1);
    // Due 1.5 s after the restart, placed within 2 s of that on an idle server.
    expect(Date.now() - restartedAt).toBeLessThan(1500 + 2000);
    await until(() => second.lines.some((l) => l.includes('"state":"dialing-agent"')));
    await sim.sim.clock.advance(5 * 60_000);
    await sim.sim.settle();
    expect(await stateOf(second.url, booked.id)).toBe('completed');
    expect(sim.sim.stats().connectRequests).toBe(1);
  });

  it('marks it expired at start-up when the slot passed longer ago than the staleness window', async () => {
    const port = await closedPort();
    const first = await start(port, T0);
    const booked = await book(first.url);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await start(port, TWO_PM + 61_000);
    expect(await stateOf(second.url, booked.id)).toBe('expired');
    expect(sim.sim.stats().connectRequests).toBe(0);
  });
});
