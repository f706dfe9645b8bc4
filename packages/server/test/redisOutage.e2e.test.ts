// Redis going away under two running instances: requests get a clear 503 at once instead
// of hanging, nothing is half-written or dialled, Exotel's callbacks are refused so that
// Exotel retries them, and when Redis is back the instances reconnect, resubscribe and
// carry on, the visitor's open stream included.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../src/domain/logger.js';
import type { Store } from '../src/domain/Store.js';
import { createRedisStore } from '../src/store/redis/createRedisStore.js';
import { newKey, ORIGIN } from './harness.js';
import { type Instance, type Instances, startInstances, until } from './instances.js';
import { lazyRedisServer, type RedisServer } from './redisServer.js';
import { SseReader } from './sse.js';

// Persistent, so a restart brings back what was stored (as a production Redis would).
const server = lazyRedisServer({ persistent: true });
afterAll(() => server.close());
let redis: RedisServer;

let h: Instances | undefined;
let stores: Store[] = [];
/** What the stores logged about their connections. */
let storeLogs: LogEntry[] = [];
afterEach(async () => {
  const current = server.current;
  current?.resume();
  if (current && current.pid === undefined) await current.start();
  await h?.close();
  await Promise.all(stores.map((s) => s.close()));
  h = undefined;
  stores = [];
  storeLogs = [];
});

let deployments = 0;
async function start() {
  redis = await server();
  const prefix = `outage${++deployments}`;
  // Short command timeout: a Redis that stops answering fails requests within a second.
  stores = await Promise.all(
    [0, 1].map((i) => {
      const log = (level: string) => (entry: LogEntry) =>
        storeLogs.push({ level, instance: i, ...entry });
      return createRedisStore({
        url: redis.url,
        prefix,
        commandTimeoutMs: 1000,
        logger: { info: log('info'), warn: log('warn'), error: log('error') },
      });
    }),
  );
  h = await startInstances({ stores });
  return h;
}

// Answers after 30 s: the agent's "answered" callback (2 s) and its retries (10 s apart)
// come well before the visitor's (32 s).
const VISITOR = '+919001300010';
const body = { widgetId: 'support', phone: VISITOR };

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { code: string; status: number };
}

const healthy = (i: Instance) => async () => (await fetch(`${i.url}/healthz`)).status === 200;

describe('Redis stopped mid-run', () => {
  it('answers service_unavailable at once, dials nothing, and resumes with the stream intact once Redis is back', async () => {
    const { instances, ...cluster } = await start();
    const [a, b] = instances as [Instance, Instance];
    const call = (await (await a.createCall(body)).json()) as {
      id: string;
      links: { events: string; self: string };
    };
    const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
    await stream.until((s) => s.events.length === 1);

    await redis.stop();

    const key = newKey();
    const refused = await b.createCall({ ...body, phone: '+919812345678' }, key);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await problem(refused)).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect((await cluster.simStats()).connectRequests).toBe(1);
    expect(await problem(await fetch(`${a.url}/v1/calls/${call.id}`))).toMatchObject({
      code: 'service_unavailable',
    });
    expect((await fetch(`${a.url}/healthz`)).status).toBe(503);

    // The agent answers; B cannot store the callback and says so, so Exotel will retry.
    await cluster.advance(3000);
    const callbacks = () =>
      b.responses.filter((r) => r.path === '/v1/exotel/status-callback').map((r) => r.status);
    expect(callbacks()).toEqual([503]);
    expect(b.logs.filter((l) => l.msg === 'store unavailable').length).toBeGreaterThan(0);
    await until(
      () => storeLogs.filter((l) => l.msg === 'redis connection lost').length === 4,
      'every connection has noticed',
    );

    await redis.start();
    await until(healthy(a), 'A is healthy again');
    await until(healthy(b), 'B is healthy again');
    // Each instance's command and event connections came back, once each.
    await until(
      () => storeLogs.filter((l) => l.msg === 'redis connection restored').length === 4,
      'every connection is restored',
    );

    // Exotel's retry reaches B, and A's resubscribed stream carries it to the visitor.
    await cluster.advance(10_000);
    expect(callbacks()).toEqual([503, 200]);
    await stream.until((s) => s.events.length === 2);
    await cluster.advance(60_000);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);

    // The refused create left nothing behind: its key is unused, and it dials once now.
    const retried = await b.createCall({ ...body, phone: '+919812345678' }, key);
    expect(retried.status).toBe(202);
    expect((await retried.json()) as { id: string }).not.toMatchObject({ id: call.id });
    expect((await cluster.simStats()).connectRequests).toBe(2);
    expect(await stores[0]!.listOpenCalls(10)).toHaveLength(1);
  });

  it('fails requests after the command timeout while Redis hangs, and recovers when it answers again', async () => {
    const { instances } = await start();
    const [a] = instances as [Instance, Instance];
    const call = (await (await a.createCall(body)).json()) as { id: string };

    redis.pause();
    expect(await problem(await fetch(`${a.url}/v1/calls/${call.id}`))).toMatchObject({
      code: 'service_unavailable',
    });
    expect((await fetch(`${a.url}/healthz`)).status).toBe(503);

    redis.resume();
    await until(healthy(a), 'A is healthy again');
    const after = (await (await fetch(`${a.url}/v1/calls/${call.id}`)).json()) as {
      id: string;
      state: string;
    };
    expect(after).toMatchObject({ id: call.id, state: 'dialing-agent' });
  });
});
