// Several proxy instances behind a stand-in load balancer, sharing one store and one
// simulator (manual clock). The balancer is where `publicBaseUrl` points: it sends
// Exotel's StatusCallbacks to one instance and everything else to another, so a callback
// always lands on an instance other than the one streaming the call to the visitor.
import type { ExotelSimulator } from '@ringback/exotel-sim';
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import { createRingbackServer, type RingbackServer } from '../src/createRingbackServer.js';
import type { LogEntry } from '../src/domain/logger.js';
import type { RingbackConfig, WidgetConfig } from '../src/domain/RingbackConfig.js';
import { createNodeListener } from '../src/node/index.js';
import { baseWidget, listenOn, newKey, ORIGIN, SECRET, T0 } from './harness.js';

export interface Instance {
  server: RingbackServer;
  /** The instance's own address, bypassing the balancer. */
  url: string;
  logs: LogEntry[];
  /** Path and status of every response it sent. */
  responses: { method: string; path: string; status: number }[];
  createCall(body: Record<string, unknown>, key?: string): Promise<Response>;
}

export interface Instances {
  sim: ExotelSimulator;
  /** The balancer: `publicBaseUrl` of every instance. */
  url: string;
  instances: Instance[];
  simStats(): Promise<{ connectRequests: number; connectsAccepted: number }>;
  /** Moves simulated time and waits for every callback it triggers to be answered. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface InstancesOptions {
  /** One store configuration per instance (a Store object or `{ type: 'redis', … }`). */
  stores: RingbackConfig['store'][];
  widget?: Partial<WidgetConfig>;
  config?: Partial<RingbackConfig>;
  /** Which instance the balancer sends StatusCallbacks to; the rest go to instance 0. @default 1 */
  callbacksTo?: number;
  /** The simulated clock's start. @default T0 */
  startTime?: number;
}

export async function startInstances(options: InstancesOptions): Promise<Instances> {
  const served = await serveExotelSimulator({
    clock: 'manual',
    startTime: options.startTime ?? T0,
    seed: 7,
    onError: () => {},
  });
  const { sim } = served;
  const callbacksTo = options.callbacksTo ?? 1;
  const listeners: ReturnType<typeof createNodeListener>[] = [];
  const balancer = await listenOn((req, res) => {
    const target = req.url?.includes('/v1/exotel/status-callback') ? callbacksTo : 0;
    listeners[target]!(req, res);
  });
  const url = `http://127.0.0.1:${balancer.port}`;

  const instances: Instance[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const store of options.stores) {
    const logs: LogEntry[] = [];
    const push = (level: string) => (entry: LogEntry) => logs.push({ level, ...entry });
    const server = createRingbackServer({
      exotel: {
        ...sim.credentials,
        baseUrl: served.url,
        timeoutSeconds: 10,
        statusCallbackContentType: 'application/json',
      },
      secret: SECRET,
      publicBaseUrl: url,
      widgets: [{ ...baseWidget, ...options.widget }],
      now: () => sim.clock.now(),
      reconcileIntervalMs: 0,
      reconcileGraceSeconds: 30,
      upstreamRetry: { baseDelayMs: 1, maxDelayMs: 50 },
      logger: { info: push('info'), warn: push('warn'), error: push('error') },
      store,
      ...options.config,
    });
    const responses: Instance['responses'] = [];
    const listener = createNodeListener({
      async fetch(request, info) {
        const response = await server.fetch(request, info);
        responses.push({
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
        });
        return response;
      },
    });
    listeners.push(listener);
    const http = await listenOn(listener);
    const direct = `http://127.0.0.1:${http.port}`;
    closers.push(async () => {
      await server.close();
      await http.close();
    });
    instances.push({
      server,
      url: direct,
      logs,
      responses,
      createCall: (body, key = newKey()) =>
        fetch(`${direct}/v1/calls`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN, 'idempotency-key': key },
          body: JSON.stringify(body),
        }),
    });
  }
  await Promise.all(instances.map((i) => i.server.ready()));

  return {
    sim,
    url,
    instances,
    async simStats() {
      const response = await fetch(`${served.url}/_sim/stats`);
      return (await response.json()) as Awaited<ReturnType<Instances['simStats']>>;
    },
    async advance(ms) {
      await sim.clock.advance(ms);
      await sim.settle();
    },
    async close() {
      for (const close of closers) await close();
      await balancer.close();
      await served.close();
    },
  };
}

/** Waits for something that happens elsewhere (another process, a reconnection); bounded, so a failure fails. */
export async function until(condition: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting until ${what}`);
}
