import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createExotelSimulator, type ExotelSimulator, type Fate } from '@ringback/exotel-sim';
import { createNodeListener as createSimListener } from '@ringback/exotel-sim/node';
import {
  createRingbackServer,
  hashPassword,
  type RingbackServer,
  type WidgetConfig,
} from '@ringback/server';
import { createNodeListener } from '@ringback/server/node';
import { createSqliteStore } from '@ringback/server/sqlite';
import { DEMO_OPERATOR_EMAIL, loadOperatorPassword } from './loadOperator.js';
import { loadSecret } from './loadSecret.js';
import type { DemoConfig } from './readDemoConfig.js';
import { seeded, seedHistory } from './seedHistory.js';
import { serveStatic } from './serveStatic.js';

/** The zone the console's days start in (the simulated shop is in India). */
const CONSOLE_TIME_ZONE = 'Asia/Kolkata';

/** Where the proxy is mounted on the demo's origin. */
export const RINGBACK_PATH = '/ringback';
/** Where the simulator (Exotel's API and its `/_sim` control API) is mounted. */
export const SIMULATOR_PATH = '/exotel-sim';
export const WIDGET_ID = 'demo';
/** The shop's three weavers on the simulator: a call rings them in turn until one answers. */
export const SIMULATED_WEAVERS = [
  { id: 'lakshmi', number: '+919876543210', name: 'Lakshmi' },
  { id: 'ravi', number: '+919876543211', name: 'Ravi' },
  { id: 'anjali', number: '+919876543212', name: 'Anjali' },
];
/** The ExoPhone shown on simulated calls. */
export const SIMULATED_CALLER_ID = '08047112400';

/**
 * Every simulated phone rings 4 s and talks 12 s, so a call takes about 20 s: long
 * enough to follow each step in the widget, short enough to try every ending.
 */
export const DEMO_FATE: Fate = { outcome: 'answer', ringSeconds: 4, talkSeconds: 12 };

/**
 * A person trying every ending on the simulator calls more often than a visitor
 * would; real Exotel keeps the proxy's defaults.
 */
const SIMULATOR_LIMITS: WidgetConfig['limits'] = {
  ip: [{ limit: 60, windowSeconds: 600 }],
  number: [{ limit: 20, windowSeconds: 600 }],
  distinctNumbersPerIp: [{ limit: 30, windowSeconds: 600 }],
};

const SIMULATOR_CALLING_HOURS: WidgetConfig['callingHours'] = { from: '00:00', to: '24:00' };

export interface DemoOptions extends DemoConfig {
  /** The built demo website. */
  siteDir: string;
  /** The rendered API reference. */
  docsDir: string;
  /** Simulated time runs this many times faster (tests). @default 1 */
  simulatorSpeed?: number;
  /** With the simulator, a new data folder starts with three weeks of made-up calls. @default true */
  history?: boolean;
  env?: Record<string, string | undefined>;
}

export interface RunningDemo {
  url: string;
  upstream: DemoConfig['upstream']['kind'];
  /** The in-process Exotel, when the demo uses it. */
  simulator: ExotelSimulator | undefined;
  ringback: RingbackServer;
  /** The console's log-in: an admin whose password was generated on the first run. */
  operator: { email: string; password: string };
  close(): Promise<void>;
}

/** Starts the proxy, its upstream and the demo website on one port. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  mkdirSync(options.dataDir, { recursive: true });
  const secret = loadSecret(options.dataDir, options.env?.RINGBACK_SECRET);
  const operator = { email: DEMO_OPERATOR_EMAIL, password: loadOperatorPassword(options.dataDir) };

  // Listen first: the proxy's public URL needs the port.
  let route: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${host}:${port}`;

  const { upstream } = options;
  const simulator =
    upstream.kind === 'simulator'
      ? createExotelSimulator({
          clock: 'real',
          speed: options.simulatorSpeed ?? 1,
          defaultFate: DEMO_FATE,
          publicUrl: `${origin}${SIMULATOR_PATH}`,
          onError: (error) => console.error('[simulator]', error),
        })
      : undefined;
  const publicOrigin = upstream.kind === 'exotel' ? upstream.publicUrl : origin;
  // The demo opens its store itself, to give the console some history on the first run.
  const store = await createSqliteStore({ path: join(options.dataDir, 'ringback.db') });
  if (
    simulator &&
    options.history !== false &&
    (await store.listCalls({ limit: 1 })).length === 0
  ) {
    // Made-up weeks, so only ever beside the simulator: never in a store that rang real phones.
    await seedHistory(store, {
      widgetId: WIDGET_ID,
      agents: SIMULATED_WEAVERS,
      now: Date.now(),
      timeZone: CONSOLE_TIME_ZONE,
      random: seeded(2026),
    });
  }
  const ringback = createRingbackServer({
    exotel: simulator
      ? { ...simulator.credentials, baseUrl: `${origin}${SIMULATOR_PATH}` }
      : {
          accountSid: upstream.kind === 'exotel' ? upstream.accountSid : '',
          apiKey: upstream.kind === 'exotel' ? upstream.apiKey : '',
          apiToken: upstream.kind === 'exotel' ? upstream.apiToken : '',
          region: upstream.kind === 'exotel' ? upstream.region : 'singapore',
        },
    secret,
    publicBaseUrl: `${publicOrigin}${RINGBACK_PATH}`,
    store,
    console: {
      operators: [
        {
          email: operator.email,
          passwordHash: await hashPassword(operator.password),
          role: 'admin',
        },
      ],
      timeZone: CONSOLE_TIME_ZONE,
    },
    widgets: [
      {
        id: WIDGET_ID,
        ...(upstream.kind === 'exotel'
          ? { from: upstream.agentNumber }
          : { agents: SIMULATED_WEAVERS, routing: { strategy: 'round-robin' as const } }),
        callerId: upstream.kind === 'exotel' ? upstream.callerId : SIMULATED_CALLER_ID,
        countries: ['IN'],
        allowedOrigins: [...new Set([origin, publicOrigin])],
        // Calling hours keep real people from being rung at night; the simulator's phones
        // are no one's, so the console's "call back now" works at any hour here.
        ...(simulator ? { limits: SIMULATOR_LIMITS, callingHours: SIMULATOR_CALLING_HOURS } : {}),
      },
    ],
  });
  await ringback.ready();

  const proxy = createNodeListener(ringback);
  const exotel = simulator ? createSimListener(simulator) : undefined;
  const settings = JSON.stringify({
    upstream: upstream.kind,
    endpoint: RINGBACK_PATH,
    widgetId: WIDGET_ID,
    simulator: simulator ? SIMULATOR_PATH : null,
    agents: simulator ? SIMULATED_WEAVERS.map(({ number, name }) => ({ number, name })) : [],
  });

  route = async (req, res) => {
    const pathname = new URL(req.url ?? '/', origin).pathname;
    if (pathname === RINGBACK_PATH || pathname.startsWith(`${RINGBACK_PATH}/`)) {
      proxy(req, res);
      return;
    }
    if (exotel && pathname.startsWith(`${SIMULATOR_PATH}/`)) {
      req.url = req.url!.slice(SIMULATOR_PATH.length);
      exotel(req, res);
      return;
    }
    if (pathname === '/demo.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(settings);
      return;
    }
    if (pathname === '/docs' || pathname.startsWith('/docs/')) {
      const inside = pathname === '/docs' ? '/' : pathname.slice('/docs'.length);
      if (await serveStatic(options.docsDir, inside, req, res)) return;
    } else if (await serveStatic(options.siteDir, pathname, req, res)) {
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  };

  return {
    url: origin,
    upstream: upstream.kind,
    simulator,
    ringback,
    operator,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ringback.close();
      await store.close();
      await simulator?.close();
    },
  };
}
