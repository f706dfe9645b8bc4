// The outbox survives crashes and is shared safely: the `ringback-server` bin SIGKILLed
// with deliveries pending (SQLite, then Redis) delivers them after a restart, once each,
// with the same webhook-ids; and two instances on one Redis send each delivery once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseWidget, closedPort, ORIGIN } from './harness.js';
import { startInstances, until } from './instances.js';
import { lazyRedisServer } from './redisServer.js';
import { killBins, type RunningBin, startBin } from './startBin.js';
import { type Receiver, startReceiver, WEBHOOK_SECRET } from './webhookReceiver.js';

const redis = lazyRedisServer();
afterAll(() => redis.close());

let dir: string;
let sim: ServedSimulator;
let receiver: Receiver;
let healthy = false;
const running: RunningBin[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-webhooks-'));
  // The real time, so the receiver accepts the signed timestamps.
  sim = await serveExotelSimulator({ clock: 'manual', startTime: Date.now(), onError: () => {} });
  healthy = false;
  receiver = await startReceiver(() => (healthy ? 204 : 503));
});

afterEach(async () => {
  await killBins(running);
  await receiver.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts the bin on `port` with `store` (`sqlite` or a redis:// URL); resolves once it listens. */
function start(port: number, store: string): Promise<RunningBin> {
  const config = {
    widgets: [baseWidget],
    webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET, allowPrivateNetwork: true }],
  };
  return startBin({ dir, sim, port, config, args: ['--store', store], running });
}

async function crashWithPendingDeliveries(store: () => Promise<string>) {
  const port = await closedPort();
  const first = await start(port, await store());
  const created = await fetch(`${first.url}/v1/calls`, {
    method: 'POST',
    headers: {
      origin: ORIGIN,
      'content-type': 'application/json',
      'idempotency-key': `webhooks-${Date.now()}-${Math.random()}`,
    },
    body: JSON.stringify({ widgetId: 'support', phone: '+919812345678' }),
  });
  expect(created.status).toBe(202);
  await sim.sim.clock.advance(60_000);
  await sim.sim.settle();
  // requested, connected, completed: each tried once and refused by the endpoint.
  const ids = () => new Set(receiver.received.map((r) => r.id));
  // Killed once every failed attempt is stored: none is in flight (that one would wait for its lease).
  await until(
    () =>
      first.lines.filter((line) => line.includes('"msg":"webhook delivery failed"')).length >= 3,
    'three deliveries were tried',
  );
  expect(ids().size).toBe(3);
  const pending = [...ids()];
  first.child.kill('SIGKILL');
  await first.exited;

  healthy = true;
  await start(port, await store());
  // The first retry is due 4 to 6 s after the failed attempt.
  for (let i = 0; i < 40 && receiver.deliveredIds().length < 3; i++)
    await new Promise((done) => setTimeout(done, 250));
  expect(receiver.deliveredIds().sort()).toEqual(pending.sort());
  const delivered = receiver.received.filter((r) => r.status === 204);
  // Once each: nothing was in flight when the first process died.
  expect(delivered).toHaveLength(3);
  expect(receiver.received.every((r) => r.verifyError === null)).toBe(true);
  expect(delivered.map((r) => r.payload.type).sort()).toEqual([
    'call.completed',
    'call.connected',
    'call.requested',
  ]);
}

describe('the webhook outbox', () => {
  it('delivers what was pending when the bin was SIGKILLed, after a restart (SQLite)', async () => {
    await crashWithPendingDeliveries(async () => 'sqlite');
  });

  it('delivers what was pending when the bin was SIGKILLed, after a restart (Redis)', async () => {
    const url = (await redis()).url;
    await crashWithPendingDeliveries(async () => url);
  });

  it('sends each delivery once from two instances on one Redis', async () => {
    const { url } = await redis();
    const store = { type: 'redis' as const, url, prefix: `claims${Date.now()}` };
    const instances = await startInstances({
      stores: [store, store],
      startTime: Date.now() - 120_000,
      config: {
        webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET, allowPrivateNetwork: true }],
      },
    });
    try {
      const [a, b] = instances.instances;
      // Three numbers: the distinct-numbers limit of one address.
      for (let i = 0; i < 3; i++) {
        const created = await a!.createCall({ widgetId: 'support', phone: `+91981234567${i}` });
        expect(created.status).toBe(202);
      }
      await instances.advance(60_000);
      await Promise.all([a!.server.idle(), b!.server.idle()]);
      // A pass on each now, so every delivery has been tried whatever the timers did.
      await Promise.all([a!.server.deliverWebhooks(), b!.server.deliverWebhooks()]);
      // 3 calls × (requested, connected, completed), each refused (some retried already).
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(9);
      const refused = receiver.received.length;

      healthy = true;
      // Past every retry scheduled so far: at most three failures each in that minute, so
      // due by 60 + 96 s. (Signed timestamps stay within the receiver's 5 minutes.)
      await instances.sim.clock.advance(100_000);
      // Both instances race for every retry, several passes each.
      await Promise.all([a, b, a, b, a, b].map((instance) => instance!.server.deliverWebhooks()));
      await Promise.all([a!.server.idle(), b!.server.idle()]);
      expect(receiver.deliveredIds()).toHaveLength(9);
      expect(receiver.received.filter((r) => r.status === 204)).toHaveLength(9);
      // Exactly one more request per delivery: nobody sent one twice.
      expect(receiver.received).toHaveLength(refused + 9);
      expect(receiver.received.every((r) => r.verifyError === null)).toBe(true);
      const sentBy = (i: number) =>
        instances.instances[i]!.logs.filter((l) => l.msg === 'webhook delivered').length;
      expect(sentBy(0) + sentBy(1)).toBe(9);
    } finally {
      await instances.close();
    }
  });
});
