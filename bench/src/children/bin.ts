// "The bin as deployed": the `ringback-server` binary in its own process, with its
// defaults (SQLite store, one JSON log line per request to stdout, read here as a log
// collector would), the proxy's bench widgets in its config file, and the operator
// console when the spec asks for it. This process starts it,
// reads its CPU time from /proc, counts its answers from its request log, and seeds calls
// for the callback benchmark through a library instance on the same SQLite file (the
// bin's own clock is real, and Exotel's 200-a-minute global limit caps its creates).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@ringback/server';
import { SECRET, SIM_CREDENTIALS } from '../lib/fixtures.js';
import { CONSOLE_TIME_ZONE } from '../lib/operatorData.js';
import type { ServerSpec } from '../lib/servers.js';
import { benchWidgets, startRingback } from './ringback.js';
import type { Started } from './server.js';

const SERVER_DIR = fileURLToPath(new URL('../../../packages/server/', import.meta.url));
const CLOCK_TICKS_PER_S = 100;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** CPU time (user + system) of process `pid` so far, µs, from /proc. */
function cpuUsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); fields[0] here is field 3.
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1e6;
}

/** How many ports to try: another process may take a free port before the bin listens on it. */
const PORT_ATTEMPTS = 5;

interface Launched {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
  callbacks: Record<number, number>;
  lines: () => number;
}

/** Starts the bin on a free port; another port is tried when the one found was taken meanwhile. */
async function launchBin(spec: Extract<ServerSpec, { kind: 'bin' }>): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOn(spec, await freePort());
    } catch (error) {
      if (!(error instanceof AddressInUse) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class AddressInUse extends Error {}

async function launchOn(
  spec: Extract<ServerSpec, { kind: 'bin' }>,
  port: number,
): Promise<Launched> {
  const url = `http://127.0.0.1:${port}`;
  const configPath = `${spec.location}.json`;
  writeFileSync(
    configPath,
    JSON.stringify({
      exotel: {
        ...SIM_CREDENTIALS,
        baseUrl: spec.simUrl,
        timeoutSeconds: 10,
        statusCallbackContentType: 'multipart/form-data',
      },
      secret: SECRET,
      publicBaseUrl: url,
      widgets: benchWidgets(),
      reconcileIntervalMs: 0,
      maxStreamsPerIp: 100_000,
      ...(spec.console
        ? {
            console: {
              operators: [
                {
                  email: 'owner@shop.example.com',
                  passwordHash: await hashPassword('bench-operator-password'),
                  role: 'admin',
                },
              ],
              timeZone: CONSOLE_TIME_ZONE,
            },
          }
        : {}),
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // As deployed: plain Node running the built bin, nothing else loaded.
      ...(spec.execArgv ?? []),
      path.join(SERVER_DIR, 'dist/bin.js'),
      '--config',
      configPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: SERVER_DIR,
      env: { ...process.env, RINGBACK_DATABASE: spec.location, RINGBACK_MAX_CONNECTIONS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const callbacks: Record<number, number> = {};
  let lines = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      const message = `ringback-server exited (${code}) at start-up`;
      reject(stderr.includes('EADDRINUSE') ? new AddressInUse(message) : new Error(message));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines++;
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; path?: string; status?: number };
      if (entry.msg === 'listening') resolve();
      else if (entry.msg === 'request' && entry.path?.startsWith('/v1/exotel/status-callback'))
        callbacks[entry.status!] = (callbacks[entry.status!] ?? 0) + 1;
    });
  });
  return { child, url, exited, callbacks, lines: () => lines };
}

export async function startBin(spec: Extract<ServerSpec, { kind: 'bin' }>): Promise<Started> {
  const { child, url, exited, callbacks, lines } = await launchBin(spec);
  // The seeder: a library instance on the same file whose calls' StatusCallbacks point at the bin.
  const seeder = await startRingback({
    kind: 'ringback',
    simUrl: spec.simUrl,
    store: 'sqlite',
    location: spec.location,
  });
  await seeder.attach!(url);
  const seederCommands = seeder.commands as Record<string, (args: never) => unknown>;
  return {
    url,
    commands: {
      ...seederCommands,
      // Its connections are not counted: it is a bare `ringback-server` process.
      cpu: () => ({ cpuUs: cpuUsOf(child.pid!), connectionsOpened: null }),
      logLines: lines,
      callbacks: () => ({ ...callbacks }),
      resetCallbacks: () => {
        for (const key of Object.keys(callbacks)) delete callbacks[Number(key)];
      },
    },
    async close() {
      await seeder.close?.();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
