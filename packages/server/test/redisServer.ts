// A real redis-server for tests: started as a child process on a free loopback port and
// stopped by its pid. Debian's `redis-server` package (7.0) is what CI installs; another
// binary can be named with REDIS_SERVER_PATH. Missing, it fails the tests loudly: the
// Redis store is not tested against a mock.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { closedPort } from './harness.js';

export interface RedisServerOptions {
  /** Keep data across `stop()` / `start()` (append-only file, fsync on every write). */
  persistent?: boolean;
  /** Run as a one-node Redis Cluster owning every slot: cross-slot commands fail as in a real Cluster. */
  cluster?: boolean;
  /** Require this password (`requirepass`); `url` then carries it. */
  password?: string;
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, with the password if there is one. */
  url: string;
  port: number;
  /** The running process's pid, `undefined` while stopped. */
  readonly pid: number | undefined;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (and, if persistent, with the same data). */
  start(): Promise<void>;
  /** SIGSTOP: the connection stays open but nothing is answered. */
  pause(): void;
  resume(): void;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

function findRedisServer(): string {
  const explicit = process.env.REDIS_SERVER_PATH;
  const candidates = explicit
    ? [explicit]
    : [
        ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')),
        '/usr/bin/redis-server',
        '/usr/sbin/redis-server',
      ];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error(
    explicit
      ? `REDIS_SERVER_PATH=${explicit} is not an executable redis-server.`
      : 'redis-server was not found: the Redis store tests need a real Redis 7. Install it (`apt-get install -y redis-server`; .ci/run does) or set REDIS_SERVER_PATH.',
  );
}

const live = new Set<ChildProcess>();
// A crashed test run must not leave servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'ringback-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--save',
      '',
      '--appendonly',
      options.persistent ? 'yes' : 'no',
      ...(options.persistent ? ['--appendfsync', 'always'] : []),
      ...(options.cluster
        ? ['--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1']
        : []),
      ...(options.password ? ['--requirepass', options.password] : []),
    ];
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code} on port ${port}:\n${output}`)),
      );
    });
    proc.stdout!.removeAllListeners('data');
    proc.stderr!.removeAllListeners('data');
    proc.stdout!.resume();
    proc.stderr!.resume();
    child = proc;
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
  };

  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await closedPort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  if (options.cluster) await assignAllSlots(port);

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    await exited;
  };

  return {
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    stop,
    start: launch,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function assignAllSlots(port: number): Promise<void> {
  const admin = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await admin.connect();
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    // The node takes a moment to declare the cluster healthy; bounded, so a failure fails.
    for (let i = 0; i < 200; i++) {
      const info = String(await admin.call('CLUSTER', 'INFO'));
      if (info.includes('cluster_state:ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The one-node Redis Cluster never reached cluster_state:ok.');
  } finally {
    admin.disconnect();
  }
}

export interface LazyRedisServer {
  /** Starts the server on first use; every later call gets the same one (or the same failure). */
  (): Promise<RedisServer>;
  /** The server, once started. */
  readonly current: RedisServer | undefined;
  close(): Promise<void>;
}

/**
 * One server for a test file, started by the first test that needs it rather than in
 * `beforeAll`: without redis-server every test then fails with the reason, instead of
 * being reported as skipped.
 */
export function lazyRedisServer(options: RedisServerOptions = {}): LazyRedisServer {
  let started: Promise<RedisServer> | undefined;
  let current: RedisServer | undefined;
  const get = () =>
    (started ??= startRedisServer(options).then((server) => {
      current = server;
      return server;
    }));
  return Object.defineProperties(get as LazyRedisServer, {
    current: { get: () => current },
    close: { value: async () => current?.close() },
  });
}
