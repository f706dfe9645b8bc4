import { type Child, childScript, spawnChild } from './child.js';
import type { Scenario } from './scenarios.js';

export interface LoadOptions {
  url: string;
  scenario: Scenario;
  /** `autocannon`: N connections, throughput and latency under load; `sequential`: one request at a time. */
  mode?: 'autocannon' | 'sequential';
  connections: number;
  /** Runs for this long, unless `amount` (or the scenario) bounds the count. */
  durationS?: number;
  amount?: number;
  timeoutS?: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Responses per second over the run. */
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** autocannon records whole milliseconds. */
  latencyResolutionMs: number;
  statusCodes: Record<string, number>;
}

/** A load generator process; `run` may be called many times. */
export class LoadGenerator {
  private constructor(private readonly child: Child<unknown>) {}

  static async start(): Promise<LoadGenerator> {
    return new LoadGenerator(await spawnChild<unknown>(childScript('load'), {}));
  }

  async run(options: LoadOptions): Promise<LoadResult> {
    // Bounded in time whatever happens: a hung run fails instead of hanging the bench.
    const limitMs = ((options.durationS ?? 30) + (options.timeoutS ?? 10) + 60) * 1000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.child.request<LoadResult>('run', options),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('load run exceeded its time bound')), limitMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.child.close();
  }
}
