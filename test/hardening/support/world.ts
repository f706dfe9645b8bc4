// The real server and the real simulator wired together, by default in this process:
// the server reaches Exotel through `sim.asFetch()` and the simulator's StatusCallbacks
// go straight into `server.fetch`, both on the simulator's manual clock. `http: true`
// puts the server on a loopback port instead, for the cases where HTTP is the point.
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createExotelSimulator,
  type ExotelSimulator,
  type ExotelSimulatorOptions,
} from '@ringback/exotel-sim';
import {
  type CallEvent,
  type CallRecord,
  createMemoryStore,
  createRingbackServer,
  type LogEntry,
  type RingbackConfig,
  type RingbackServer,
  type Store,
  type WidgetConfig,
} from '@ringback/server';
import { createNodeListener } from '@ringback/server/node';
import { type AuditedStore, auditStore } from './auditStore.js';
import { type AgentGroup, e164, type RunRecord } from './invariants.js';
import { SEED } from './seed.js';

/** Friday 27 Nov 2026, 10:30 in Kolkata. */
export const T0 = Date.UTC(2026, 10, 27, 5, 0, 0);
export const ORIGIN = 'https://shop.example.com';
export const SECRET = 'hardening-secret-0123456789-abcdefghijkl';
/** Magic simulator number: answers after 2 s, talks 10 s. */
export const AGENT = '+919000000000';
export const EXOPHONE = '08047112400';
export const EXOTEL_BASE = 'https://exotel.test';
const IN_PROCESS_BASE = 'https://ringback.test';

export const baseWidget: WidgetConfig = {
  id: 'support',
  from: AGENT,
  callerId: EXOPHONE,
  countries: ['IN'],
  allowedOrigins: [ORIGIN],
  timeOut: 30,
  timeLimit: 120,
  // Dialled at once, as the suites' invariants count connects from the create.
  undoSeconds: 0,
};

/** Limits high enough that they never refuse: for suites that are not about limits. */
export const NO_LIMITS: NonNullable<WidgetConfig['limits']> = {
  ip: [{ limit: 1_000_000, windowSeconds: 60 }],
  number: [{ limit: 1_000_000, windowSeconds: 60 }],
  distinctNumbersPerIp: [{ limit: 1_000_000, windowSeconds: 60 }],
  widget: [{ limit: 1_000_000, windowSeconds: 60 }],
};

export interface WorldOptions {
  /** Widgets; `baseWidget` by default. */
  widgets?: WidgetConfig[];
  /** Changes to the server configuration. */
  config?: Partial<RingbackConfig>;
  sim?: ExotelSimulatorOptions;
  /**
   * Another world's simulator, for a second instance behind the same "Exotel": its
   * StatusCallbacks keep going to the first world's server, as a balancer would send them.
   */
  sharedSim?: ExotelSimulator;
  /** The store to audit; a memory store by default. */
  store?: Store;
  /** Serve the proxy on a loopback port (StatusCallbacks then travel over HTTP too). */
  http?: boolean;
  /** Seconds the server waits for `Calls/connect` (real time). @default 0.25 */
  exotelTimeoutSeconds?: number;
  /** Wraps the fetch the server reaches the simulator with (e.g. to refuse connections). */
  exotelFetch?: (simFetch: typeof fetch) => typeof fetch;
  /** How the server asks Exotel to encode StatusCallbacks. @default 'application/json' */
  callbackContentType?: 'application/json' | 'multipart/form-data';
}

export interface SimStats {
  requests: number;
  connectRequests: number;
  connectsAccepted: number;
  getCallRequests: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  /** The peer address the adapter would pass. @default '198.51.100.10' */
  ip?: string;
}

export interface World {
  sim: ExotelSimulator;
  /** The widgets the server was configured with. */
  widgets: WidgetConfig[];
  server: RingbackServer;
  store: AuditedStore;
  /** `publicBaseUrl`: the loopback URL with `http`, a placeholder host otherwise. */
  url: string;
  logs: (LogEntry & { level: string })[];
  /** Every status the proxy answered with, in order. */
  statuses: number[];
  /** Requests the HTTP listener has started handling (`http: true`). */
  started(): number;
  /** A request to the proxy, in process (or over HTTP with `http: true`). */
  request(path: string, options?: RequestOptions): Promise<Response>;
  /** `POST /v1/calls` from the widget's page, with a fresh Idempotency-Key unless given. */
  createCall(
    body: Record<string, unknown>,
    options?: {
      key?: string;
      origin?: string | null;
      ip?: string;
      headers?: Record<string, string>;
    },
  ): Promise<Response>;
  /** The simulator's counters, read through its control API. */
  simStats(): Promise<SimStats>;
  /**
   * Moves simulated time and waits for every callback it triggers, and for the server's
   * background work those callbacks started (an agent group's next attempt is dialled
   * in the background: with the manual clock nothing else would give it a turn).
   */
  advance(ms: number): Promise<void>;
  /** Advances in steps, reconciling after each, until every stored call is final. */
  settle(options?: { stepMs?: number; maxSteps?: number }): Promise<void>;
  /** Server errors logged so far ("request failed", …): a crash the server survived. */
  crashes(): (LogEntry & { level: string })[];
  close(): Promise<void>;
}

let keyCounter = 0;
/** A fresh, valid Idempotency-Key. */
export const newKey = (prefix = 'hk') => `${prefix}-${SEED}-${++keyCounter}-abcdef`;

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  let server: RingbackServer | undefined;
  let http: { server: Server; url: string } | undefined;
  if (options.http) {
    const node = createServer((req, res) => {
      if (!listener) return void res.writeHead(503).end();
      started++;
      listener(req, res);
    });
    await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
    http = { server: node, url: `http://127.0.0.1:${(node.address() as AddressInfo).port}` };
  }
  let listener: ReturnType<typeof createNodeListener> | undefined;
  let started = 0;
  const url = http?.url ?? IN_PROCESS_BASE;

  const sim =
    options.sharedSim ??
    createExotelSimulator({
      clock: 'manual',
      startTime: T0,
      seed: SEED,
      onError: () => {},
      // In process, Exotel's callbacks go straight to the handler, as the load balancer would.
      ...(http
        ? {}
        : {
            fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
              server!.fetch(new Request(input, init), {
                clientIp: '192.0.2.1',
              })) as typeof fetch,
          }),
      ...options.sim,
    });
  const store = auditStore(options.store ?? createMemoryStore(), () => sim.clock.now());
  // `sim.asFetch()` answers on the simulator's clock; like a real fetch, give up when the
  // client's signal (the server's Exotel timeout) fires, whatever the simulator is doing.
  const simFetch = sim.asFetch();
  const exotelFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { signal } = request;
    return new Promise<Response>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      simFetch(request)
        .then(resolve, reject)
        .finally(() => {
          signal.removeEventListener('abort', onAbort);
          // Held until the answer: a Request's signal stops following its parent (the
          // server's timeout) once the Request is garbage collected (Node 20's undici).
          void request;
        });
    });
  }) as typeof fetch;
  const logs: World['logs'] = [];
  const statuses: number[] = [];
  const push = (level: string) => (entry: LogEntry) => logs.push({ level, ...entry });
  server = createRingbackServer({
    exotel: {
      ...sim.credentials,
      baseUrl: EXOTEL_BASE,
      fetch: options.exotelFetch ? options.exotelFetch(exotelFetch) : exotelFetch,
      timeoutSeconds: options.exotelTimeoutSeconds ?? 0.25,
      statusCallbackContentType: options.callbackContentType ?? 'application/json',
    },
    secret: SECRET,
    publicBaseUrl: url,
    widgets: options.widgets ?? [baseWidget],
    store,
    now: () => sim.clock.now(),
    reconcileIntervalMs: 0,
    reconcileGraceSeconds: 30,
    heartbeatMs: 300_000,
    upstreamRetry: { baseDelayMs: 1, maxDelayMs: 50 },
    logger: { info: push('info'), warn: push('warn'), error: push('error') },
    ...options.config,
  });
  const ringback = server;
  if (http)
    listener = createNodeListener({
      async fetch(request, info) {
        const response = await ringback.fetch(request, info);
        statuses.push(response.status);
        return response;
      },
    });
  await server.ready();

  const world: World = {
    sim,
    widgets: options.widgets ?? [baseWidget],
    server,
    store,
    url,
    logs,
    statuses,
    started: () => started,
    async request(path, init = {}) {
      const requestInit: RequestInit & { duplex?: 'half' } = {
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        ...(init.body !== undefined && init.body !== null
          ? { body: init.body, duplex: 'half' }
          : {}),
      };
      if (http) return fetch(`${url}${path}`, requestInit);
      const response = await ringback.fetch(new Request(`${url}${path}`, requestInit), {
        clientIp: init.ip ?? '198.51.100.10',
      });
      statuses.push(response.status);
      return response;
    },
    createCall(body, init = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': init.key ?? newKey(),
        ...init.headers,
      };
      if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
      return world.request('/v1/calls', {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        ...(init.ip ? { ip: init.ip } : {}),
      });
    },
    async simStats() {
      const response = await sim.fetch(new Request(`${EXOTEL_BASE}/_sim/stats`));
      return (await response.json()) as SimStats;
    },
    async advance(ms) {
      await sim.clock.advance(ms);
      await sim.settle();
      await ringback.idle();
    },
    async settle({ stepMs = 30_000, maxSteps = 400 } = {}) {
      for (let step = 0; step < maxSteps; step++) {
        await world.advance(stepMs);
        await ringback.reconcile();
        await ringback.idle();
        if ((await store.openCallIds()).length === 0) return;
      }
    },
    crashes: () =>
      logs.filter(
        (entry) =>
          entry.level === 'error' &&
          // Exotel refusing a call is logged as an error for the operator; not a crash.
          entry.msg !== 'exotel refused the call',
      ),
    async close() {
      await ringback.close();
      if (!options.sharedSim) await sim.close();
      if (http) {
        const node = http.server;
        await new Promise<void>((resolve) => {
          node.close(() => resolve());
          node.closeAllConnections();
        });
      }
    },
  };
  return world;
}

/** Reads a problem body, whatever the response. */
export async function problemOf(response: Response): Promise<{ code?: string; status?: number }> {
  const text = await response.text();
  try {
    return JSON.parse(text) as { code?: string; status?: number };
  } catch {
    return {};
  }
}

/** Everything the invariants need from an in-process run. */
export async function recordRun(world: World): Promise<RunRecord> {
  const ids = world.store.callIds();
  const calls: CallRecord[] = [];
  const events = new Map<string, CallEvent[]>();
  const history = new Map<string, CallRecord[]>();
  for (const id of ids) {
    const call = await world.store.getCall(id);
    if (call) calls.push(call);
    events.set(id, await world.store.listEvents(id, 0));
    history.set(
      id,
      world.store.writes(id).map((w) => w.call),
    );
  }
  return {
    sim: world.sim,
    groups: agentGroups(world.widgets),
    calls,
    events,
    keys: world.store.keys(),
    history,
  };
}

/** The widgets configured with `agents`, as the invariants read them. */
export function agentGroups(widgets: readonly WidgetConfig[]): Map<string, AgentGroup> {
  const groups = new Map<string, AgentGroup>();
  for (const widget of widgets)
    if (widget.agents)
      groups.set(widget.id, {
        agents: widget.agents.map((a) => ({ id: a.id, number: e164(a.number) })),
        maxAttempts: widget.routing?.maxAttempts ?? 3,
      });
  return groups;
}
