// A real redis-server on a free loopback port, started for the suite and stopped by its
// pid (Debian's /usr/bin/redis-server, or REDIS_SERVER_PATH).
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './bin.js';

export interface RedisServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function redisBinary(): string {
  const path = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    throw new Error(
      `${path} is not an executable redis-server: install it (apt-get install -y redis-server) or set REDIS_SERVER_PATH.`,
    );
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisBinary();
  const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child: ChildProcess = spawn(
      binary,
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      await new Promise<void>((ready, fail) => {
        let output = '';
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) ready();
        };
        child.stdout!.on('data', read);
        child.stderr!.on('data', read);
        void exited.then(() => fail(new Error(`redis-server exited on port ${port}:\n${output}`)));
      });
    } catch (error) {
      if (attempt >= 4) throw error;
      continue;
    }
    child.stdout!.resume();
    child.stderr!.resume();
    process.once('exit', () => child.kill('SIGKILL'));
    return {
      url: `redis://127.0.0.1:${port}`,
      pid: child.pid!,
      async stop() {
        child.kill('SIGTERM');
        await exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
