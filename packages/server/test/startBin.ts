// The `ringback-server` binary as a real process against the simulator, for the suites
// that kill it and start it again on the same store.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ServedSimulator } from '@ringback/exotel-sim/node';

const PACKAGE = resolve(import.meta.dirname, '..');
/** The bin's `RINGBACK_SECRET` in these suites. */
export const BIN_SECRET = 'bin-secret-value-0123456789abcdefghij';

export interface RunningBin {
  child: ChildProcess;
  /** Its stdout (the JSON log), a line each, as they come. */
  lines: string[];
  stderr: string[];
  url: string;
  exited: Promise<number | null>;
}

export interface BinOptions {
  /** A scratch folder: the config file (`ringback.json`) and the SQLite database go there. */
  dir: string;
  sim: ServedSimulator;
  port: number;
  /** The config file's content. */
  config: object;
  /** Flags after `--config`, `--port` and `--host`. */
  args?: string[];
  env?: Record<string, string>;
  /** Modules the process imports before the bin, relative to the package. */
  preload?: string[];
  /** Where the process is listed as soon as it is spawned, so `killBins` finds a bin that never listened. */
  running: RunningBin[];
}

/** Starts the bin; resolves once it listens, rejects (with its stderr) if it exits first. */
export async function startBin(options: BinOptions): Promise<RunningBin> {
  const { dir, sim, port } = options;
  const configPath = join(dir, 'ringback.json');
  await writeFile(configPath, JSON.stringify(options.config));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      ...(options.preload ?? []).flatMap((module) => ['--import', module]),
      '--conditions=@ringback/source',
      'src/bin.ts',
      '--config',
      configPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...(options.args ?? []),
    ],
    {
      cwd: PACKAGE,
      env: {
        PATH: process.env.PATH,
        EXOTEL_ACCOUNT_SID: sim.sim.credentials.accountSid,
        EXOTEL_API_KEY: sim.sim.credentials.apiKey,
        EXOTEL_API_TOKEN: sim.sim.credentials.apiToken,
        EXOTEL_BASE_URL: sim.url,
        RINGBACK_SECRET: BIN_SECRET,
        RINGBACK_PUBLIC_URL: `http://127.0.0.1:${port}`,
        RINGBACK_DATABASE: join(dir, 'ringback.db'),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffer = '';
  const listening = new Promise<void>((ready, fail) => {
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
    child.once('exit', (code) => fail(new Error(`exited with ${code}: ${stderr.join('')}`)));
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const bin = { child, lines, stderr, url: `http://127.0.0.1:${port}`, exited };
  options.running.push(bin);
  await listening;
  return bin;
}

/** SIGKILLs every bin still running and waits for each to exit. */
export async function killBins(running: RunningBin[]): Promise<void> {
  for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  await Promise.all(running.map((r) => r.exited));
  running.length = 0;
}
