import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER_PACKAGE = fileURLToPath(
  new URL('../../../packages/server/package.json', import.meta.url),
);
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** Why the Redis store cannot be measured here, or `undefined` when it can. */
export function redisUnavailable(): string | undefined {
  const pkg = JSON.parse(readFileSync(SERVER_PACKAGE, 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  if (!pkg.exports?.['./redis'])
    return '`@ringback/server/redis` does not exist yet (no `./redis` export in packages/server/package.json).';
  if (!process.env.REDIS_URL && !existsSync(REDIS_SERVER))
    return `no redis-server at ${REDIS_SERVER} (set REDIS_SERVER_PATH, or REDIS_URL for a running server).`;
  return undefined;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * `REDIS_URL` when set; otherwise a throwaway redis-server on a free loopback port,
 * nothing persisted, stopped by its pid.
 */
export async function startRedis(): Promise<RunningRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const proc: ChildProcess = spawn(
    REDIS_SERVER,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxclients',
      '20000',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await ping(port))) {
    if (proc.pid) process.kill(proc.pid, 'SIGKILL');
    throw new Error(`redis-server did not start on port ${port}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null && proc.pid) process.kill(proc.pid, 'SIGTERM');
      await exited;
    },
  };
}
