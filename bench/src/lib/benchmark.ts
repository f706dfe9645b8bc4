import type { StoreKind } from './servers.js';

/** How a benchmark is run: `quick` (seconds, in `pnpm test`) or full (`pnpm bench`). */
export interface BenchContext {
  quick: boolean;
  /** Measured repetitions per target. */
  runs: number;
  /** Seconds per load run. */
  durationS: number;
  /** Seconds of load thrown away before measuring, per target. */
  warmupS: number;
  /** Stores to run the proxy with; Redis only when the store and redis-server exist. */
  stores: { kind: StoreKind; location?(name: string): string }[];
  /** Why a store could not be measured, by store. */
  unavailableStores: Partial<Record<StoreKind, string>>;
  /** Scratch directory for SQLite files and pages. */
  tmpDir: string;
  /** Extra Node flags for the proxy's process (`--cpu-prof …` when profiling). */
  serverExecArgv(target: string): string[];
  log(message: string): void;
}

/** A target that was not measured, and why. Never silently left out. */
export interface NotMeasured {
  target: string;
  reason: string;
}

export interface Table {
  title?: string;
  columns: string[];
  rows: string[][];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** `null`: could not be judged (not measured). */
  met: boolean | null;
}

export interface BenchmarkResult<Data = unknown> {
  id: string;
  title: string;
  /** One paragraph: what is measured and against what. */
  description: string;
  /** The command that reproduces this table alone. */
  command: string;
  tables: Table[];
  targets: TargetCheck[];
  notes: string[];
  notMeasured: NotMeasured[];
  /** Raw numbers (every run), for results.json and the quick-mode assertions. */
  data: Data;
}

export interface Benchmark<Data = unknown> {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchmarkResult<Data>>;
}

export const commandFor = (id: string) => `pnpm bench -- --only ${id}`;

/** Formats a number for a table: 3 significant digits, thousands separated. */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export const ratio = (value: number, baseline: number) =>
  baseline > 0 && Number.isFinite(value) ? value / baseline : Number.NaN;

export const fmtRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

/** A ratio as a whole percentage: `0.284` → `28%`. */
export const fmtPercent = (value: number) =>
  Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : '–';

export const fmtBytes = (bytes: number) =>
  Number.isNaN(bytes)
    ? '–'
    : Math.abs(bytes) >= 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${Math.round(bytes)} B`;
