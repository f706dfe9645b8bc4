// Two proxy instances on one Redis, behind a balancer that sends Exotel's callbacks to
// instance B and everything else to instance A: live status, idempotency and rate
// limits must hold across them as if they were one.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newKey, ORIGIN } from './harness.js';
import { type Instance, type Instances, startInstances, until } from './instances.js';
import { lazyRedisServer } from './redisServer.js';
import { SseReader } from './sse.js';

const redis = lazyRedisServer();
afterAll(() => redis.close());

let h: Instances | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

let deployments = 0;
async function start(widget: Parameters<typeof startInstances>[0]['widget'] = {}) {
  // Both instances configured as the bin would be: `{ type: 'redis', url }`, one prefix.
  const { url } = await redis();
  const store = { type: 'redis' as const, url, prefix: `e2e${++deployments}` };
  h = await startInstances({ stores: [store, store], widget });
  return h;
}

const body = (phone = '+919812345678') => ({ widgetId: 'support', phone });

describe('several instances on one Redis', () => {
  it('streams to a visitor on A the callbacks that B receives, in order, to the final state', async () => {
    const { instances, ...cluster } = await start();
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const created = await a.createCall(body());
    expect(created.status).toBe(202);
    const call = (await created.json()) as { id: string; links: { events: string } };
    // The call's links point at the balancer, which sends the visitor to A.
    expect(call.links.events.startsWith(cluster.url)).toBe(true);
    const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
    await stream.until((s) => s.events.length === 1);

    await cluster.advance(5 * 60_000);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);
    expect(stream.events.map((e) => e.id)).toEqual(['2', '3', '4', '5']);

    const callbacks = (i: typeof a) =>
      i.responses.filter((r) => r.path === '/v1/exotel/status-callback');
    expect(callbacks(b).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(callbacks(a)).toEqual([]);
    expect(a.responses.some((r) => r.path.endsWith('/events'))).toBe(true);
    expect(b.responses.some((r) => r.path.endsWith('/events'))).toBe(false);
  });

  it('places exactly one upstream call for one Idempotency-Key sent to A and B at once', async () => {
    const { instances, ...cluster } = await start();
    const key = newKey();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => instances[i % 2]!.createCall(body(), key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
    const ids = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { id: string }).id),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await cluster.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('answers B with the call A is still placing, without dialling it again', async () => {
    const { instances, sim, ...cluster } = await start();
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    // Exotel places A's call but answers only once the clock moves: A is mid-create.
    sim.faults.next({ target: 'connect', fault: { type: 'latency', ms: 1000 }, when: 'after' });
    const key = newKey();
    const fromA = a.createCall(body(), key);
    await until(() => sim.stats().connectsAccepted === 1, 'Exotel has accepted the call from A');

    const fromB = await b.createCall(body(), key);
    expect(fromB.status).toBe(202);
    const seenByB = (await fromB.json()) as { id: string; state: string };
    expect(seenByB.state).toBe('requested');

    await cluster.advance(1000);
    const answeredA = await fromA;
    expect(answeredA.status).toBe(202);
    expect((await answeredA.json()) as { id: string; state: string }).toMatchObject({
      id: seenByB.id,
      state: 'dialing-agent',
    });
    expect(await cluster.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('counts per-IP limits across both instances: N in total, not N each', async () => {
    const { instances } = await start({
      limits: {
        ip: [{ limit: 3, windowSeconds: 600 }],
        number: [{ limit: 10, windowSeconds: 3600 }],
        distinctNumbersPerIp: [{ limit: 10, windowSeconds: 3600 }],
      },
    });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        instances[i % 2]!.createCall(body(`+9198123456${String(10 + i)}`)),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(((await refused.json()) as { limit: string }).limit).toBe('ip');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('counts per-number limits across both instances', async () => {
    const { instances, ...cluster } = await start({
      limits: { number: [{ limit: 2, windowSeconds: 3600 }] },
    });
    // One call at a time to the number, alternating instances, each ending before the next.
    for (const i of [0, 1]) {
      expect((await instances[i]!.createCall(body())).status).toBe(202);
      await cluster.advance(60_000);
    }
    const refused = await instances[0]!.createCall(body());
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { limit: string }).limit).toBe('number');
    expect((await cluster.simStats()).connectRequests).toBe(2);
  });

  it('lets one number have one live call across both instances, whatever the keys', async () => {
    const { instances, ...cluster } = await start();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => instances[i % 2]!.createCall(body())),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    // The rest are refused: `call_in_progress`, or the number's limit when several raced
    // past the check before the first stored its hold.
    expect(statuses.filter((s) => s !== 202).every((s) => s === 409 || s === 429)).toBe(true);
    expect(statuses).toContain(409);
    expect((await cluster.simStats()).connectRequests).toBe(1);
  });

  describe('agent groups', () => {
    const PRIYA = '+919000000011';
    const ARJUN = '+919000000012';
    const MEERA = '+919000000013';
    const group = (strategy: 'sequential' | 'round-robin') => ({
      from: undefined,
      agents: [
        { id: 'priya', number: PRIYA },
        { id: 'arjun', number: ARJUN },
        { id: 'meera', number: MEERA },
      ],
      routing: { strategy },
      limits: {
        ip: [{ limit: 1000, windowSeconds: 60 }],
        number: [{ limit: 1000, windowSeconds: 60 }],
        distinctNumbersPerIp: [{ limit: 1000, windowSeconds: 60 }],
      },
    });
    const from = (c: { params: { from: string } }) => `+91${c.params.from.replace(/^0/, '')}`;
    const settle = async (cluster: Instances) => {
      await cluster.advance(60_000);
      await Promise.all(cluster.instances.map((i) => i.server.idle()));
    };

    it('round-robin spreads 30 calls over 3 agents 10 / 10 / 10 across two instances', async () => {
      const cluster = await start(group('round-robin'));
      for (let i = 0; i < 30; i++) {
        const created = await cluster.instances[i % 2]!.createCall(body(`+9198123${40000 + i}`));
        expect(created.status).toBe(202);
        await settle(cluster);
      }
      const counts = new Map<string, number>();
      for (const call of cluster.sim.calls())
        counts.set(from(call), (counts.get(from(call)) ?? 0) + 1);
      expect(Object.fromEntries(counts)).toEqual({ [PRIYA]: 10, [ARJUN]: 10, [MEERA]: 10 });
    });

    it('skips on instance B an agent on a call through instance A, and one marked away on A', async () => {
      const cluster = await start(group('sequential'));
      const [a, b] = cluster.instances as [Instance, Instance];
      cluster.sim.script(PRIYA, { outcome: 'answer', ringSeconds: 1, talkSeconds: 600 });
      expect((await a.createCall(body('+919812340001'))).status).toBe(202);
      await a.server.setAgentAvailability('arjun', 'away');
      const second = (await (await b.createCall(body('+919812340002'))).json()) as {
        attempt: number;
      };
      expect(second.attempt).toBe(1);
      expect(cluster.sim.calls().map(from)).toEqual([PRIYA, MEERA]);
      expect((await b.server.agents()).map((x) => [x.id, x.onCall, x.availability])).toEqual([
        ['priya', true, 'available'],
        ['arjun', false, 'away'],
        ['meera', true, 'available'],
      ]);
    });
  });
});
