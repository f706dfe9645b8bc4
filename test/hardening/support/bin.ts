// `ringback-server` as a real process, spawned from the sources the way the server's
// own bin tests do, so it can be SIGKILLed and restarted on the same store.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const SERVER_PACKAGE = resolve(import.meta.dirname, '../../../packages/server');

export interface BinProcess {
  child: ChildProcess;
  url: string;
  /** stdout lines (JSON log) and stderr text. */
  lines: string[];
  stderr: string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const running = new Set<ChildProcess>();
// A crashed run must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startBin(options: {
  port: number;
  configPath: string;
  env: Record<string, string>;
  args?: string[];
}): Promise<BinProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@ringback/source',
      'src/bin.ts',
      '--config',
      options.configPath,
      '--port',
      String(options.port),
      '--host',
      '127.0.0.1',
      ...(options.args ?? []),
    ],
    {
      cwd: SERVER_PACKAGE,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  const lines: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      done(code);
    }),
  );
  let buffer = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"msg":"listening"')) ready();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    void exited.then((code) =>
      fail(new Error(`ringback-server exited with ${code}: ${stderr.join('')}${lines.join('\n')}`)),
    );
  });
  return {
    child,
    url: `http://127.0.0.1:${options.port}`,
    lines,
    stderr,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Waits for something another process does; bounded, so a failure fails the test. */
export async function until(condition: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}
