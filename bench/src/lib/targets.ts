import type { Child } from './child.js';
import type { LoadGenerator, LoadOptions, LoadResult } from './load.js';
import type { Scenario } from './scenarios.js';
import { type Summary, summarize } from './stats.js';

/** One thing under load: its server process, the URL and what to send it. */
export interface LoadTarget {
  name: string;
  label: string;
  url: string;
  scenario(run: string): Scenario;
  child?: Child;
  /** Requests per run when bounded by count (default: the scenario's own count, or the duration). */
  amount?: number;
}

/** A run's load result, plus what the server process spent on it. */
export interface MeasuredRun extends LoadResult {
  /** CPU time of the server process per response, µs (user + system). */
  serverCpuUsPerRequest: number | null;
  /** Connections the server process accepted during the run (`null`: not counted). */
  serverConnections: number | null;
}

export interface TargetRuns {
  name: string;
  label: string;
  runs: MeasuredRun[];
  rps: Summary;
  cpuUsPerRequest: Summary;
  p50: Summary;
  p99: Summary;
  failures: number;
}

export function summarizeRuns(name: string, label: string, runs: MeasuredRun[]): TargetRuns {
  return {
    name,
    label,
    runs,
    rps: summarize(runs.map((r) => r.rps)),
    cpuUsPerRequest: summarize(runs.flatMap((r) => r.serverCpuUsPerRequest ?? [])),
    p50: summarize(runs.map((r) => r.latencyMs.p50)),
    p99: summarize(runs.map((r) => r.latencyMs.p99)),
    failures: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
}

/** A ratio of throughputs, round by round, and its summary over the rounds. */
export interface PairedRatio extends Summary {
  /** Round r's ratio: run r of the target over run r of the baseline. */
  rounds: number[];
}

/**
 * `target`'s throughput over `baseline`'s, round by round: run r of each was measured in
 * the same round, seconds apart. The median of these pairs is the ratio the page reports;
 * a minute the machine spends elsewhere spoils one round's pair instead of moving one
 * side's median, and the spread over rounds shows how firmly one run decides a goal.
 */
export function pairedRatio(target: TargetRuns, baseline: TargetRuns): PairedRatio {
  if (target.runs.length !== baseline.runs.length)
    throw new Error(
      `${target.name} has ${target.runs.length} runs and ${baseline.name} ${baseline.runs.length}: a ratio pairs runs of the same rounds`,
    );
  const rounds = target.runs.map((run, r) => run.rps / baseline.runs[r]!.rps);
  return { ...summarize(rounds), rounds };
}

/**
 * A ratio target's measured cell: the median, the spread over rounds and how many rounds
 * reached the goal, e.g. `28% (21%–30% by round; 0 of 5 rounds at the goal)`.
 */
export function describeRatio(
  ratio: PairedRatio,
  goal: number,
  format: (value: number) => string,
): string {
  const reached = ratio.rounds.filter((r) => r >= goal).length;
  const spread =
    ratio.rounds.length > 1 ? `${format(ratio.min)}–${format(ratio.max)} by round; ` : '';
  return `${format(ratio.median)} (${spread}${reached} of ${ratio.rounds.length} rounds at the goal)`;
}

/**
 * Warms every target up, then measures them in rounds (round r runs every target once),
 * so a noisy minute on a shared machine hits all targets alike instead of one.
 */
export async function measureInRounds(
  load: LoadGenerator,
  targets: LoadTarget[],
  options: Omit<LoadOptions, 'url' | 'scenario'> & {
    runs: number;
    warmupS: number;
    /** Sees each warm-up result (they are not measured, but may need checking). */
    onWarmup?: (target: string, result: LoadResult) => void;
  },
  log: (message: string) => void,
): Promise<Map<string, MeasuredRun[]>> {
  const results = new Map<string, MeasuredRun[]>(targets.map((t) => [t.name, []]));
  const { runs, warmupS, onWarmup, ...rest } = options;
  for (const target of targets) {
    if (warmupS > 0) {
      const warm = await load.run({
        ...rest,
        durationS: warmupS,
        url: target.url,
        scenario: target.scenario('warmup'),
        ...(target.amount ? { amount: target.amount } : {}),
      });
      onWarmup?.(target.name, warm);
    }
  }
  for (let r = 0; r < runs; r++) {
    for (const target of targets) {
      const before = await serverCpu(target);
      const loadResult = await load.run({
        ...rest,
        url: target.url,
        scenario: target.scenario(`r${r}`),
        ...(target.amount ? { amount: target.amount } : {}),
      });
      const after = await serverCpu(target);
      const result: MeasuredRun = {
        ...loadResult,
        serverCpuUsPerRequest:
          before && after ? (after.cpuUs - before.cpuUs) / Math.max(1, loadResult.requests) : null,
        serverConnections:
          before?.connectionsOpened != null && after?.connectionsOpened != null
            ? after.connectionsOpened - before.connectionsOpened
            : null,
      };
      results.get(target.name)!.push(result);
      log(
        `  ${target.name} ${rest.mode ?? 'c='}${rest.mode ? '' : rest.connections} run ${r + 1}/${runs}: ${result.rps.toFixed(0)} req/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms${result.serverCpuUsPerRequest !== null ? `, server CPU ${result.serverCpuUsPerRequest.toFixed(0)} µs/req` : ''}${result.non2xx + result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
      );
    }
  }
  return results;
}

const serverCpu = (target: LoadTarget) =>
  target.child?.request<{ cpuUs: number; connectionsOpened: number | null }>('cpu') ??
  Promise.resolve(undefined);
