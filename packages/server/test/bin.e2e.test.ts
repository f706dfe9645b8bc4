// The `ringback-server` binary as a real process: start-up, request logs, graceful
// SIGTERM, and a SIGKILL mid-call after which the restarted server finishes the call
// from its SQLite file.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWidget, closedPort, ORIGIN, T0 } from './harness.js';
import { SseReader } from './sse.js';
import { BIN_SECRET, killBins, type RunningBin, startBin } from './startBin.js';

const PACKAGE = resolve(import.meta.dirname, '..');

let dir: string;
let sim: ServedSimulator;
const running: RunningBin[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-bin-'));
  sim = await serveExotelSimulator({ clock: 'manual', startTime: T0, onError: () => {} });
});

afterEach(async () => {
  await killBins(running);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function start(port: number, env: Record<string, string> = {}): Promise<RunningBin> {
  const config = { widgets: [baseWidget], reconcileIntervalMs: 200, reconcileGraceSeconds: 0 };
  return startBin({ dir, sim, port, config, env, running });
}

/** Waits for something another process does; bounded, so a failure fails the test. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

async function advance(ms: number) {
  await sim.sim.clock.advance(ms);
  await sim.sim.settle();
}

/** Creates a call to `phone` (a number has one live call at a time). */
const create = (url: string, phone = '+919812345678') =>
  fetch(`${url}/v1/calls`, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'application/json',
      'idempotency-key': `bin-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify({ widgetId: 'support', phone }),
  });

describe('ringback-server', () => {
  it('survives a SIGKILL mid-call: the restarted server keeps the call and finishes it', async () => {
    const port = await closedPort();
    const first = await start(port);
    const call = (await (await create(first.url)).json()) as { id: string; state: string };
    expect(call.state).toBe('dialing-agent');
    await advance(5000);
    expect(
      ((await (await fetch(`${first.url}/v1/calls/${call.id}`)).json()) as { state: string }).state,
    ).toBe('connected');

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await start(port);
    // Everything acknowledged before the kill is still there.
    expect(
      ((await (await fetch(`${second.url}/v1/calls/${call.id}`)).json()) as { state: string })
        .state,
    ).toBe('connected');
    const stream = new SseReader(
      await fetch(`${second.url}/v1/calls/${call.id}/events`, {
        headers: { 'last-event-id': '4' },
      }),
    );
    // The parties hang up 10 s after connecting; Exotel's terminal callback reaches the new process.
    await advance(15_000);
    expect(
      sim.sim
        .deliveries()
        .find((d) => d.event === 'terminal')!
        .attempts.at(-1)?.status,
    ).toBe(200);
    const after = (await (await fetch(`${second.url}/v1/calls/${call.id}`)).json()) as {
      state: string;
      conversationSeconds: number;
    };
    expect(after).toMatchObject({ state: 'completed', conversationSeconds: 10 });
    // A visitor whose stream broke with the first process resumes where it left off.
    await stream.toEnd();
    expect(stream.states()).toEqual(['completed']);
  });

  it('settles calls left open from Call Details when it starts', async () => {
    const port = await closedPort();
    const first = await start(port);
    const call = (await (await create(first.url)).json()) as { id: string };
    await advance(5000);
    first.child.kill('SIGKILL');
    await first.exited;
    // Down long enough for Exotel to give up delivering the terminal callback.
    await advance(60_000);
    expect(sim.sim.deliveries().find((d) => d.event === 'terminal')!.attempts.length).toBe(3);
    const second = await start(port);
    expect(
      ((await (await fetch(`${second.url}/v1/calls/${call.id}`)).json()) as { state: string })
        .state,
    ).toBe('completed');
    expect(second.lines.some((l) => l.includes('"msg":"start-up reconciliation"'))).toBe(true);
  });

  it('logs one JSON line per request with secrets redacted, and stops gracefully on SIGTERM', async () => {
    const port = await closedPort();
    const server = await start(port);
    const call = (await (await create(server.url)).json()) as { id: string };
    await fetch(`${server.url}/v1/widgets/support`);
    const stream = new SseReader(await fetch(`${server.url}/v1/calls/${call.id}/events`));
    await stream.until((s) => s.events.length === 1);
    await advance(3000);

    // A create in flight when SIGTERM arrives: Exotel answers only once the clock moves.
    sim.sim.faults.next({ target: 'connect', fault: { type: 'latency', ms: 1000 }, when: 'after' });
    const inFlight = create(server.url, '+919812345679');
    await until(() => sim.sim.stats().connectsAccepted === 2);
    server.child.kill('SIGTERM');
    await until(() => server.lines.some((l) => l.includes('"msg":"shutting down"')));
    await stream.toEnd();
    await advance(1000);
    expect((await inFlight).status).toBe(202);
    expect(await server.exited).toBe(0);

    const entries = server.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === 'request');
    expect(requests.map((e) => `${e.method} ${String(e.path).split('?')[0]}`)).toEqual(
      expect.arrayContaining([
        'POST /v1/calls',
        'GET /v1/widgets/support',
        `GET /v1/calls/${call.id}/events`,
        'POST /v1/exotel/status-callback',
      ]),
    );
    for (const e of requests)
      expect(e).toMatchObject({
        level: 'info',
        status: expect.any(Number),
        durationMs: expect.any(Number),
      });
    expect(requests.find((e) => String(e.path).startsWith('/v1/exotel'))?.path).toMatch(
      /token=\[REDACTED\]$/,
    );
    expect(entries.map((e) => e.msg)).toEqual(
      expect.arrayContaining(['listening', 'shutting down', 'stopped']),
    );
    const tokens = sim.sim
      .calls()
      .map((c) => new URL(c.params.statusCallback!).searchParams.get('token')!);
    const output = server.lines.join('\n') + server.stderr.join('');
    for (const secret of [
      BIN_SECRET,
      sim.sim.credentials.apiKey,
      sim.sim.credentials.apiToken,
      ...tokens,
    ]) {
      expect(output).not.toContain(secret);
    }
  });

  it('names the Exotel it talks to at start-up', async () => {
    const server = await start(await closedPort());
    const listening = JSON.parse(server.lines.find((l) => l.includes('"msg":"listening"'))!);
    expect(listening.exotel).toBe(sim.url);
  });

  it('cuts a client that sends its headers too slowly, and caps open connections', async () => {
    const server = await start(await closedPort(), { RINGBACK_MAX_CONNECTIONS: '4' });
    const port = Number(new URL(server.url).port);
    const open = (): Promise<Socket> =>
      new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', () => {});
        // Read whatever comes (the 408), or the close is never seen.
        socket.resume();
      });
    // A slow-headers client: one byte now, the rest never.
    const slow = await open();
    slow.write('G');
    const slowClosedAt = new Promise<number>((done) => slow.once('close', () => done(Date.now())));
    const started = Date.now();
    // Three more idle connections fill the cap of 4: a fifth is closed as it arrives.
    const idle = await Promise.all([open(), open(), open()]);
    const fifth = await open();
    const fifthClosed = await new Promise<boolean>((done) => {
      fifth.once('close', () => done(true));
      setTimeout(() => done(false), 3000);
    });
    expect(fifthClosed).toBe(true);
    for (const socket of idle) socket.destroy();
    // headersTimeout is 10 s, checked every second.
    const cutAfter = (await slowClosedAt) - started;
    expect(cutAfter).toBeGreaterThan(8000);
    expect(cutAfter).toBeLessThan(13_000);
    // And the server still serves.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 30_000);

  it('names the bad field and exits 2 on an invalid configuration', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@ringback/source', 'src/bin.ts'],
      {
        cwd: PACKAGE,
        env: {
          PATH: process.env.PATH,
          RINGBACK_SECRET: 'short',
          EXOTEL_API_TOKEN: 'token-that-must-not-leak',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(stderr).toContain('secret: must be at least 32 characters');
    expect(stderr).toContain('exotel.accountSid: must be a non-empty string');
    expect(stderr).toContain('widgets: must be a non-empty list of widgets');
    expect(stderr).not.toContain('token-that-must-not-leak');
  });
});
