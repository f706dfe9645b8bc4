// The proxy under test, with every policy of a create on: the widget's allowed origins,
// number validation (libphonenumber's full metadata), business hours (open around the
// clock, but computed), every rate limit and idempotency. What differs from a
// production setup is documented in bench/README.md ("What runs").
import {
  createMemoryStore,
  createRingbackServer,
  type RingbackConfig,
  type Store,
} from '@ringback/server';
import { createNodeListener } from '@ringback/server/node';
import { createSqliteStore } from '@ringback/server/sqlite';
import {
  AGENT,
  EXOPHONE,
  indianMobile,
  LIMITED_WIDGET_ID,
  ORIGIN,
  SECRET,
  SIM_CREDENTIALS,
  WIDGET_ID,
} from '../lib/fixtures.js';
import type { ServerSpec } from '../lib/servers.js';
import type { Started } from './server.js';

/**
 * `globalLimit` cannot be configured above Exotel's 200 calls a minute (by design), so the
 * proxy under test runs on a clock this many times faster than real time: the same
 * sliding windows and the same code, but the global window then admits about 33,000
 * calls a real second.
 */
export const CLOCK_SPEED = 10_000;
const HIGH = [{ limit: 1_000_000, windowSeconds: 60 }];
const ALL_DAY = ['00:00-24:00'];

/** The widgets of the proxy under test: every create policy on, limits out of reach; and one whose limit is used up. */
export function benchWidgets(): RingbackConfig['widgets'] {
  const widget = (
    id: string,
    limits: NonNullable<RingbackConfig['widgets'][number]['limits']>,
  ) => ({
    id,
    from: AGENT,
    callerId: EXOPHONE,
    // Measured as dialled at once, as before the undo window existed.
    undoSeconds: 0,
    countries: ['IN'],
    numberTypes: ['mobile' as const],
    allowedOrigins: [ORIGIN],
    timeOut: 30,
    timeLimit: 600,
    hours: {
      timeZone: 'Asia/Kolkata',
      weekly: {
        mon: ALL_DAY,
        tue: ALL_DAY,
        wed: ALL_DAY,
        thu: ALL_DAY,
        fri: ALL_DAY,
        sat: ALL_DAY,
        sun: ALL_DAY,
      },
    },
    limits,
  });
  return [
    widget(WIDGET_ID, { ip: HIGH, number: HIGH, distinctNumbersPerIp: HIGH, widget: HIGH }),
    // One call in 31 days (about 4.5 minutes of the proxy's fast clock): its first call,
    // placed at start-up, uses it up.
    widget(LIMITED_WIDGET_ID, {
      ip: HIGH,
      number: HIGH,
      distinctNumbersPerIp: HIGH,
      widget: [{ limit: 1, windowSeconds: 31 * 86_400 }],
    }),
  ];
}

/** Uses up the limited widget's one call, so that every later create for it is `rate_limited`. */
export async function exhaustLimitedWidget(fetch: (request: Request) => Promise<Response>) {
  const response = await fetch(
    new Request('http://127.0.0.1/v1/calls', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: ORIGIN,
        'idempotency-key': `use-up-${process.pid}-${Date.now()}`,
      },
      body: JSON.stringify({ widgetId: LIMITED_WIDGET_ID, phone: indianMobile(999_999) }),
    }),
  );
  if (response.status !== 202)
    throw new Error(`the limited widget's first call was answered ${response.status}`);
}

async function openStore(spec: Extract<ServerSpec, { kind: 'ringback' }>): Promise<Store> {
  if (spec.store === 'memory') return createMemoryStore();
  if (spec.store === 'sqlite') return createSqliteStore({ path: spec.location! });
  // Loaded only when the Redis store exists (see lib/redis.ts).
  const specifier = '@ringback/server/redis';
  const redis = (await import(/* @vite-ignore */ specifier)) as {
    createRedisStore(options: { url: string; prefix?: string }): Promise<Store>;
  };
  // A prefix per process: the benchmarks' servers share one throwaway Redis.
  return redis.createRedisStore({ url: spec.location!, prefix: `bench-${process.pid}` });
}

/**
 * The proxy purges expired idempotency keys and rate-limit entries on its maintenance
 * timer, which also runs the reconciler and is therefore off here: the bench purges on
 * the same schedule itself (every 10 minutes of the proxy's clock, checked each second).
 */
const PURGE_EVERY_MS = 10 * 60 * 1000;
const RETENTION_MS = 7 * 86_400_000;

export async function startRingback(
  spec: Extract<ServerSpec, { kind: 'ringback' }>,
): Promise<Started> {
  const store = await openStore(spec);
  const wallStart = Date.now();
  const monoStart = performance.now();
  const now = () => Math.floor(wallStart + (performance.now() - monoStart) * CLOCK_SPEED);
  let lastPurge = now();
  const purger = setInterval(() => {
    if (now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now();
    // Expired keys and rate entries go; calls stay. Seven days of retention pass in a
    // minute of this clock, and the callback benchmark reads every call at its end.
    store.purge(lastPurge, wallStart - RETENTION_MS).catch(() => {});
  }, 1000);
  purger.unref();
  let server: ReturnType<typeof createRingbackServer> | undefined;
  let listener: ReturnType<typeof createNodeListener> | undefined;
  const callbacks: Record<number, number> = {};

  return {
    handler(req, res) {
      if (!listener) return res.writeHead(503).end();
      if (req.url?.startsWith('/v1/exotel/status-callback'))
        res.once('finish', () => {
          callbacks[res.statusCode] = (callbacks[res.statusCode] ?? 0) + 1;
        });
      listener(req, res);
    },
    async attach(url) {
      const config: RingbackConfig = {
        exotel: {
          ...SIM_CREDENTIALS,
          baseUrl: spec.simUrl,
          timeoutSeconds: 10,
          statusCallbackContentType: 'multipart/form-data',
        },
        secret: SECRET,
        publicBaseUrl: url,
        store,
        widgets: benchWidgets(),
        globalLimit: { limit: 200, windowSeconds: 60 },
        now,
        // The simulator's clock is manual: no call would ever be settled, and the
        // reconciler would only add Call Details traffic to the runs.
        reconcileIntervalMs: 0,
        // Every subscriber of the fan-out benchmark connects from 127.0.0.1.
        maxStreamsPerIp: 100_000,
      };
      server = createRingbackServer(config);
      await server.ready();
      await exhaustLimitedWidget((request) => server!.fetch(request));
      listener = createNodeListener(server);
    },
    commands: {
      callbacks: () => ({ ...callbacks }),
      resetCallbacks: () => {
        for (const key of Object.keys(callbacks)) delete callbacks[Number(key)];
      },
      /** Places `count` calls through the proxy itself (setup for callbacks and streams). */
      createCalls: async ({ count, offset }: { count: number; offset: number }) => {
        const ids: string[] = [];
        let next = 0;
        const worker = async () => {
          while (next < count) {
            const n = offset + next++;
            const response = await server!.fetch(
              new Request('http://127.0.0.1/v1/calls', {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  origin: ORIGIN,
                  'idempotency-key': `setup-${process.pid}-${n}`,
                },
                body: JSON.stringify({ widgetId: WIDGET_ID, phone: indianMobile(n) }),
              }),
              { clientIp: '127.0.0.1' },
            );
            const body = (await response.json()) as { id?: string; code?: string };
            if (response.status !== 202 || !body.id)
              throw new Error(`setup create answered ${response.status} ${body.code}`);
            ids.push(body.id);
          }
        };
        await Promise.all(Array.from({ length: 50 }, worker));
        return ids;
      },
      /** How many of `ids` are in each state. */
      states: async ({ ids }: { ids: string[] }) => {
        const counts: Record<string, number> = {};
        for (const id of ids) {
          const response = await server!.fetch(new Request(`http://127.0.0.1/v1/calls/${id}`));
          const { state } = (await response.json()) as { state: string };
          counts[state] = (counts[state] ?? 0) + 1;
        }
        return counts;
      },
    },
    async close() {
      clearInterval(purger);
      await server?.close();
      await store.close();
    },
  };
}
