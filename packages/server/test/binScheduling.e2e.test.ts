// A booked callback survives the `ringback-server` binary being killed: restarted on
// its SQLite file before the slot, it places the call on time (a timer, not the
// periodic pass) exactly once; restarted long after, it marks the callback `expired`.
// The binary's clock is set per start (test/fixtures/fixedClock.ts); the simulator's is manual.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWidget, closedPort, ORIGIN, T0 } from './harness.js';
import { killBins, type RunningBin, startBin } from './startBin.js';

/** T0 is Friday 10:30 in Kolkata; the shop opens at 14:00 (08:30 UTC). */
const TWO_PM = Date.UTC(2026, 10, 27, 8, 30);

let dir: string;
let sim: ServedSimulator;
const running: RunningBin[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-bin-sched-'));
  sim = await serveExotelSimulator({ clock: 'manual', startTime: T0, onError: () => {} });
});

afterEach(async () => {
  await killBins(running);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function start(port: number, clock: number): Promise<RunningBin> {
  const widget = {
    ...baseWidget,
    hours: { timeZone: 'Asia/Kolkata', weekly: { fri: ['14:00-18:00'] } },
    schedule: { slotMinutes: 30 },
  };
  // The periodic pass is far apart: placing on time is the timer's job.
  const config = {
    widgets: [widget],
    reconcileIntervalMs: 60_000,
    reconcileGraceSeconds: 0,
    callbackStaleSeconds: 60,
  };
  return startBin({
    dir,
    sim,
    port,
    config,
    preload: ['./test/fixtures/fixedClock.ts'],
    env: { RINGBACK_TEST_CLOCK: String(clock) },
    running,
  });
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
