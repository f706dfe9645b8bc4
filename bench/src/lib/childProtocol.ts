/** Messages between the orchestrator and its children (over Node's IPC channel). */
export type Reply =
  | { type: 'ready'; value: unknown }
  | { type: 'reply'; id: number; value?: unknown; error?: string };

export interface Command {
  id: number;
  cmd: string;
  args?: unknown;
}

type Handlers = Record<string, (args: never) => unknown>;

/** The child's config, passed by `spawnChild` as JSON in argv[2]. */
export function childConfig<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/**
 * Child side: announces `ready` and answers commands with `handlers`. `exit` runs
 * `onExit` (closing servers, flushing a CPU profile) and ends the process.
 */
export function serveCommands(
  ready: unknown,
  handlers: Handlers,
  onExit: () => Promise<void> | void = () => {},
): void {
  const send = (message: Reply) => process.send?.(message);
  process.on('message', async (message: Command) => {
    if (message.cmd === 'exit') {
      try {
        await onExit();
      } finally {
        // process.exit() (not a signal) so that --cpu-prof writes its profile.
        process.exit(0);
      }
    }
    const handler = handlers[message.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${message.cmd}`);
      const value = await handler(message.args as never);
      send({ type: 'reply', id: message.id, value });
    } catch (error) {
      send({
        type: 'reply',
        id: message.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  // The orchestrator went away: do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', value: ready });
}

/** RSS and heap after a full GC (children run with --expose-gc). */
export function memory(): { rss: number; heapUsed: number; external: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}
