import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply } from './childProtocol.js';

/**
 * Node flags of every child: the bench's own TypeScript through tsx, a callable GC. The
 * workspace packages are imported as built (`dist/`, what npm ships and a deployment
 * runs), untransformed: `pnpm bench` builds them first (see builtPackages.ts).
 */
export const CHILD_EXEC_ARGV = ['--import', 'tsx', '--expose-gc'];

export interface Child<Ready = { url: string }> {
  readonly pid: number;
  readonly ready: Ready;
  /** Sends a command and resolves with the child's answer. */
  request<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to stop, then kills it if it has not exited within `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** Extra Node flags, e.g. `--cpu-prof`. */
  execArgv?: string[];
  /** Kill the child if it has not said it is ready by then. @default 30000 */
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** The file of a child entry point in `src/children/`. */
export const childScript = (name: string) =>
  fileURLToPath(new URL(`../children/${name}.ts`, import.meta.url));

/**
 * Starts `script` in its own Node process and waits for its `ready` message. The child
 * gets `config` as JSON in argv[2]; commands and answers travel over the IPC channel.
 */
export async function spawnChild<Ready = { url: string }>(
  script: string,
  config: unknown,
  options: SpawnOptions = {},
): Promise<Child<Ready>> {
  const proc: ChildProcess = fork(script, [JSON.stringify(config)], {
    execArgv: [...CHILD_EXEC_ARGV, ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: options.env ?? process.env,
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exited = true;
      for (const p of pending.values())
        p.reject(new Error(`child ${script} exited (${code ?? signal}) before answering`));
      pending.clear();
      resolve();
    });
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(
        new Error(`child ${script} was not ready within ${options.readyTimeoutMs ?? 30_000} ms`),
      );
    }, options.readyTimeoutMs ?? 30_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child ${script} exited with ${code} before it was ready`));
    });
    proc.on('message', (message: Reply) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.value as Ready);
      } else if (message.type === 'reply') {
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        if (message.error !== undefined) p.reject(new Error(message.error));
        else p.resolve(message.value);
      }
    });
  });

  return {
    pid: proc.pid!,
    ready,
    request<T>(cmd: string, args?: unknown) {
      if (exited) return Promise.reject(new Error(`child ${script} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, cmd, args });
      });
    },
    async close(graceMs = 10_000) {
      if (exited) return;
      proc.send({ id: -1, cmd: 'exit' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
