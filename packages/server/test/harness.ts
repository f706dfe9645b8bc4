// Test harness: the real simulator and the real server, each on a loopback port,
// with the simulator's manual clock as the server's clock, so whole calls run in
// milliseconds and deterministically. Callbacks travel over HTTP like Exotel's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExotelSimulator, ExotelSimulatorOptions } from '@ringback/exotel-sim';
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import { createRingbackServer, type RingbackServer } from '../src/createRingbackServer.js';
import type { CallSnapshot } from '../src/domain/hooks.js';
import type { LogEntry } from '../src/domain/logger.js';
import type { RingbackConfig, WidgetConfig } from '../src/domain/RingbackConfig.js';
import type { CallEvent } from '../src/domain/Store.js';
import { createNodeListener } from '../src/node/index.js';

/** Friday 27 Nov 2026, 10:30 in Kolkata. */
export const T0 = Date.UTC(2026, 10, 27, 5, 0, 0);
export const ORIGIN = 'https://shop.example.com';
export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
export const AGENT = '+919000000000';
export const EXOPHONE = '08047112400';

export const baseWidget: WidgetConfig = {
  id: 'support',
  from: AGENT,
  callerId: EXOPHONE,
  countries: ['IN'],
  allowedOrigins: [ORIGIN],
  timeOut: 30,
  timeLimit: 600,
  // Dialled at once: the undo window has tests of its own (undo.e2e.test.ts).
  undoSeconds: 0,
};

export interface HarnessOptions {
  sim?: ExotelSimulatorOptions;
  /** Changes to the server configuration (widgets, limits, store, …). */
  config?: Partial<RingbackConfig>;
  widget?: Partial<WidgetConfig>;
  /** How the server asks Exotel to encode callbacks. @default 'application/json' */
  callbackContentType?: 'application/json' | 'multipart/form-data';
  /** @default 2 */
  exotelTimeoutSeconds?: number;
  /** Overrides the API token the server sends (to test refusals). */
  exotelApiToken?: string;
  /** Wraps the fetch the server uses to reach the simulator (e.g. to refuse connections). */
  exotelFetch?: (simUrl: string) => typeof fetch;
}

export interface Harness {
  sim: ExotelSimulator;
  simUrl: string;
  server: RingbackServer;
  /** Where the proxy listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  logs: LogEntry[];
  /** Every response the proxy sent: status, headers and body text (streams once they end). */
  responses: { status: number; headers: [string, string][]; body: Promise<string> }[];
  /** Counters of the simulator, read through its HTTP control API. */
  simStats(): Promise<{
    connectRequests: number;
    connectsAccepted: number;
    getCallRequests: number;
  }>;
  hookCalls: { call: CallSnapshot; event: CallEvent }[];
  /** `POST /v1/calls` with sensible defaults (origin, fresh idempotency key). */
  createCall(
    body: Record<string, unknown>,
    init?: { key?: string; origin?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  getCall(id: string): Promise<{ state: string; [k: string]: unknown }>;
  /** Moves simulated time forward and waits for every callback it triggers to be delivered and stored. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

let keys = 0;
export const newKey = () => `test-key-${Date.now()}-${++keys}`;

export async function listenOn(
  handler: Parameters<typeof createServer>[1],
  port = 0,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port nothing listens on: connecting to it is refused (ECONNREFUSED). */
export async function closedPort(): Promise<number> {
  const probe = await listenOn(() => {});
  await probe.close();
  return probe.port;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const served = await serveExotelSimulator({
    clock: 'manual',
    startTime: T0,
    seed: 7,
    onError: () => {},
    ...options.sim,
  });
  const { sim } = served;
  let handler: ReturnType<typeof createNodeListener> = (_req, res) => res.writeHead(503).end();
  const http = await listenOn((req, res) => handler(req, res));
  const url = `http://127.0.0.1:${http.port}`;
  const logs: LogEntry[] = [];
  const hookCalls: Harness['hookCalls'] = [];
  const push = (level: string) => (entry: LogEntry) => logs.push({ level, ...entry });
  const server = createRingbackServer({
    exotel: {
      ...sim.credentials,
      baseUrl: served.url,
      timeoutSeconds: options.exotelTimeoutSeconds ?? 2,
      ...(options.exotelApiToken ? { apiToken: options.exotelApiToken } : {}),
      statusCallbackContentType: options.callbackContentType ?? 'application/json',
      ...(options.exotelFetch ? { fetch: options.exotelFetch(served.url) } : {}),
    },
    secret: SECRET,
    publicBaseUrl: url,
    widgets: [{ ...baseWidget, ...options.widget }],
    now: () => sim.clock.now(),
    reconcileIntervalMs: 0,
    reconcileGraceSeconds: 30,
    upstreamRetry: { baseDelayMs: 1, maxDelayMs: 50 },
    logger: { info: push('info'), warn: push('warn'), error: push('error') },
    onCallEvent: (call, event) => {
      hookCalls.push({ call, event });
    },
    ...options.config,
  });
  const responses: Harness['responses'] = [];
  handler = createNodeListener({
    async fetch(request, info) {
      const response = await server.fetch(request, info);
      const copy = response.clone();
      const body = copy.text().catch(() => '');
      responses.push({ status: response.status, headers: [...response.headers], body });
      return response;
    },
  });
  await server.ready();

  return {
    sim,
    simUrl: served.url,
    server,
    url,
    logs,
    responses,
    hookCalls,
    async simStats() {
      const response = await fetch(`${served.url}/_sim/stats`);
      return (await response.json()) as Awaited<ReturnType<Harness['simStats']>>;
    },
    createCall(body, init = {}) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': init.key ?? newKey(),
        ...init.headers,
      };
      if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
      return fetch(`${url}/v1/calls`, { method: 'POST', headers, body: JSON.stringify(body) });
    },
    async getCall(id) {
      const response = await fetch(`${url}/v1/calls/${id}`);
      return (await response.json()) as { state: string };
    },
    async advance(ms) {
      await sim.clock.advance(ms);
      await sim.settle();
    },
    async close() {
      await server.close();
      await http.close();
      await served.close();
    },
  };
}
