// One server under test, in its own process: the floor, the Express baseline, the
// Ringback proxy (memory / SQLite / Redis store) or the Exotel simulator. It listens on
// a free loopback port, says `ready` with its URL, and answers the orchestrator's
// commands (counters, memory, setup) over IPC.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { childConfig, memory, serveCommands } from '../lib/childProtocol.js';
import type { ServerSpec } from '../lib/servers.js';
import { startBin } from './bin.js';
import { startExpressBaseline } from './expressBaseline.js';
import { startFloor } from './floor.js';
import { startPageServer } from './pageServer.js';
import { startRingback } from './ringback.js';
import { startSim } from './sim.js';

export interface Started {
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Runs once the port is known (the proxy needs its own URL). */
  attach?: (url: string) => Promise<void> | void;
  commands?: Record<string, (args: never) => unknown>;
  close?: () => Promise<void> | void;
  /** A server that listens by itself (the simulator), and its URL. */
  url?: string;
  server?: import('node:http').Server;
}

const spec = childConfig<ServerSpec>();

async function start(): Promise<Started> {
  switch (spec.kind) {
    case 'floor':
      return startFloor();
    case 'express':
      return startExpressBaseline(spec);
    case 'ringback':
      return startRingback(spec);
    case 'bin':
      return startBin(spec);
    case 'sim':
      return startSim();
    case 'page':
      return startPageServer(spec);
  }
}

const started = await start();
let url = started.url;
let server: ReturnType<typeof createServer> | undefined;
if (started.handler) {
  const handler = started.handler;
  server = createServer({ keepAliveTimeout: 60_000 }, handler);
  // Room for 10,000 event streams and bursts of connections.
  server.maxConnections = 50_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', 4096, resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
let connectionsOpened = 0;
(server ?? started.server)?.on('connection', () => connectionsOpened++);
await started.attach?.(url!);

serveCommands(
  { url },
  {
    memory: () => memory(),
    /** CPU time this process has used, µs (user + system), and its connections so far. */
    cpu: () => {
      const { user, system } = process.cpuUsage();
      return { cpuUs: user + system, connectionsOpened };
    },
    connections: () =>
      new Promise((resolve) =>
        server ? server.getConnections((_e, n) => resolve(n)) : resolve(0),
      ),
    ...started.commands,
  },
  async () => {
    server?.closeAllConnections();
    await started.close?.();
  },
);
