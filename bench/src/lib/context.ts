import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './benchmark.js';
import { unbuiltPackages } from './builtPackages.js';
import { type RunningRedis, redisUnavailable, startRedis } from './redis.js';
import type { StoreKind } from './servers.js';

export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface ContextOptions {
  quick: boolean;
  runs?: number;
  durationS?: number;
  warmupS?: number;
  /** Write CPU profiles of the proxy's processes to bench/profiles/. */
  profile?: boolean;
  /** Limit the stores (e.g. `memory`). */
  stores?: StoreKind[];
  log?: (message: string) => void;
}

export interface OpenContext {
  ctx: BenchContext;
  close(): Promise<void>;
}

/** Settings of a mode, scratch space, and a Redis server when the Redis store exists. */
export async function openContext(options: ContextOptions): Promise<OpenContext> {
  const quick = options.quick;
  const unbuilt = unbuiltPackages();
  if (unbuilt) throw new Error(`The servers under test run the built packages. ${unbuilt}`);
  const tmpRoot = path.join(BENCH_DIR, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const tmpDir = mkdtempSync(path.join(tmpRoot, 'run-'));
  const wanted = options.stores ?? ['memory', 'sqlite', 'redis'];
  const unavailableStores: BenchContext['unavailableStores'] = {};
  let redis: RunningRedis | undefined;
  if (wanted.includes('redis')) {
    const reason = redisUnavailable();
    if (reason) unavailableStores.redis = reason;
    else {
      try {
        redis = await startRedis();
      } catch (error) {
        unavailableStores.redis = `redis-server could not be started: ${(error as Error).message}`;
      }
    }
  }
  const stores: BenchContext['stores'] = [];
  if (wanted.includes('memory')) stores.push({ kind: 'memory' });
  if (wanted.includes('sqlite'))
    stores.push({
      kind: 'sqlite',
      location: (name) => path.join(tmpDir, `${name}-${Date.now()}.db`),
    });
  if (redis) stores.push({ kind: 'redis', location: () => redis.url });

  const profileDir = path.join(BENCH_DIR, 'profiles');
  const ctx: BenchContext = {
    quick,
    runs: options.runs ?? (quick ? 1 : 5),
    durationS: options.durationS ?? (quick ? 1 : 5),
    warmupS: options.warmupS ?? (quick ? 0.5 : 2),
    stores,
    unavailableStores,
    tmpDir,
    serverExecArgv: (target) =>
      options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, target)}`] : [],
    log: options.log ?? (() => {}),
  };
  return {
    ctx,
    async close() {
      await redis?.stop();
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
