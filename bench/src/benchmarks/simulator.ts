import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtRatio,
  type TargetCheck,
} from '../lib/benchmark.js';
import type { Child } from '../lib/child.js';
import { LoadGenerator } from '../lib/load.js';
import { startServer } from '../lib/servers.js';
import { type Summary, summarize } from '../lib/stats.js';
import { measureInRounds, pairedRatio, summarizeRuns, type TargetRuns } from '../lib/targets.js';

export interface CompletionRun {
  calls: number;
  placeMs: number;
  /** Wall time of one manual-clock advance that ends every call and delivers every callback. */
  advanceMs: number;
  completed: number;
  callbacksReceived: number;
  callbacksExpected: number;
}

export interface SimulatorData {
  concurrency: number;
  connect: TargetRuns[];
  completion: { runs: CompletionRun[]; advanceMs: Summary; placeMs: Summary };
}

const CONCURRENCY = 50;

export const simulator: Benchmark<SimulatorData> = {
  id: 'simulator',
  title: 'Simulator (@ringback/exotel-sim)',
  async run(ctx): Promise<BenchmarkResult<SimulatorData>> {
    const children: Child[] = [];
    const load = await LoadGenerator.start();
    try {
      const sim = await startServer({ kind: 'sim' });
      const floor = await startServer({ kind: 'floor' });
      children.push(sim, floor);
      ctx.log('simulator: Calls/connect throughput');
      const connect = await measureInRounds(
        load,
        [
          {
            name: 'floor',
            label: 'bare node:http, fixed answer (floor)',
            url: floor.ready.url,
            child: floor,
            scenario: () => ({ kind: 'connect' }),
          },
          {
            name: 'sim',
            label: 'simulator, Calls/connect.json',
            url: sim.ready.url,
            child: sim,
            scenario: () => ({ kind: 'connect' }),
          },
        ],
        {
          connections: CONCURRENCY,
          durationS: ctx.durationS,
          runs: ctx.runs,
          warmupS: ctx.warmupS,
        },
        ctx.log,
      );

      const calls = ctx.quick ? 100 : 1_000;
      const completion: CompletionRun[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        await sim.request('reset');
        await floor.request('resetCounts');
        // A run's own callback URL: a connect of the throughput phase still in flight when
        // the simulator was reset must not count as one of this run's calls.
        const statusCallback = `${floor.ready.url}/v1/exotel/status-callback?run=${r}`;
        const placed = await load.run({
          url: sim.ready.url,
          connections: CONCURRENCY,
          amount: calls,
          scenario: { kind: 'connect', statusCallback },
        });
        if (placed.ok !== calls) throw new Error(`only ${placed.ok} of ${calls} calls were placed`);
        // Every call answers after 2 s and talks 10 s: a minute of simulated time ends them all.
        const { elapsedMs } = await sim.request<{ elapsedMs: number }>('advance', { ms: 60_000 });
        const states = await sim.request<Record<string, number>>('callStates', { statusCallback });
        const counts = await floor.request<Record<string, number>>('counts');
        const run: CompletionRun = {
          calls,
          placeMs: placed.durationS * 1000,
          advanceMs: elapsedMs,
          completed: states.completed ?? 0,
          callbacksReceived: counts['/v1/exotel/status-callback'] ?? 0,
          callbacksExpected: calls * 3,
        };
        completion.push(run);
        ctx.log(
          `  ${calls} calls placed in ${fmt(run.placeMs)} ms, all ended in ${fmt(run.advanceMs)} ms; ${run.completed} completed, ${run.callbacksReceived}/${run.callbacksExpected} callbacks`,
        );
      }
      const data: SimulatorData = {
        concurrency: CONCURRENCY,
        connect: [
          summarizeRuns('floor', 'bare node:http, fixed answer (floor)', connect.get('floor')!),
          summarizeRuns(
            'sim',
            'simulator, Calls/connect.json (basic auth, form body, JSON answer)',
            connect.get('sim')!,
          ),
        ],
        completion: {
          runs: completion,
          advanceMs: summarize(completion.map((r) => r.advanceMs)),
          placeMs: summarize(completion.map((r) => r.placeMs)),
        },
      };
      return report(data);
    } finally {
      await load.close();
      await Promise.all(children.map((c) => c.close()));
    }
  },
};

function report(data: SimulatorData): BenchmarkResult<SimulatorData> {
  const [floor] = data.connect;
  const connectTable = {
    title: `Calls/connect at concurrency ${data.concurrency}`,
    columns: [
      'target',
      'req/s',
      'spread',
      'p50 ms',
      'p99 ms',
      'server CPU µs/req',
      'vs floor',
      'failed',
    ],
    rows: data.connect.map((t) => [
      t.label,
      fmt(t.rps.median),
      `${fmt(t.rps.min)}–${fmt(t.rps.max)}`,
      fmt(t.p50.median),
      fmt(t.p99.median),
      fmt(t.cpuUsPerRequest.median),
      fmtRatio(pairedRatio(t, floor!).median),
      String(t.failures),
    ]),
  };
  const c = data.completion;
  const n = c.runs[0]?.calls ?? 0;
  const completionTable = {
    title: `${fmt(n)} concurrent calls on the manual clock, to completion`,
    columns: ['measure', 'median', 'spread', 'per call'],
    rows: [
      [
        'place every call (Calls/connect, concurrency 50)',
        `${fmt(c.placeMs.median)} ms`,
        `${fmt(c.placeMs.min)}–${fmt(c.placeMs.max)} ms`,
        `${fmt(c.placeMs.median / n)} ms`,
      ],
      [
        'one clock advance: every leg rings, answers, talks and hangs up; every StatusCallback delivered',
        `${fmt(c.advanceMs.median)} ms`,
        `${fmt(c.advanceMs.min)}–${fmt(c.advanceMs.max)} ms`,
        `${fmt(c.advanceMs.median / n)} ms`,
      ],
      [
        'calls completed / callbacks received (last run)',
        `${fmt(c.runs.at(-1)?.completed)} / ${fmt(c.runs.at(-1)?.callbacksReceived)}`,
        '',
        `expected ${fmt(n)} / ${fmt(c.runs.at(-1)?.callbacksExpected)}`,
      ],
    ],
  };
  const targets: TargetCheck[] = [
    {
      name: `${fmt(n)} concurrent calls run to completion`,
      target: 'every call completed, every callback delivered',
      measured: c.runs
        .map(
          (r) =>
            `${r.completed}/${r.calls} completed, ${r.callbacksReceived}/${r.callbacksExpected} callbacks`,
        )
        .join('; '),
      met: c.runs.every(
        (r) => r.completed === r.calls && r.callbacksReceived === r.callbacksExpected,
      ),
    },
  ];
  return {
    id: simulator.id,
    title: simulator.title,
    description: [
      "The simulator's `Calls/connect.json` (basic auth, urlencoded body, a distinct To per request, its 200-per-minute limit off) at concurrency 50, beside the floor answering the same request without doing anything.",
      'Then calls placed on the manual clock with StatusCallbacks (answered + terminal) to a bare receiver, all run to completion by one `POST /_sim/clock/advance`-style advance: the time it takes, and every call and callback counted.',
    ].join(' '),
    command: commandFor(simulator.id),
    tables: [connectTable, completionTable],
    targets,
    notes: [],
    notMeasured: [],
    data,
  };
}
