import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtPercent,
  fmtRatio,
  type NotMeasured,
  type TargetCheck,
} from '../lib/benchmark.js';
import type { CallbackStep, CallTarget } from '../lib/callbackBody.js';
import type { Child } from '../lib/child.js';
import { LoadGenerator } from '../lib/load.js';
import { startServer } from '../lib/servers.js';
import {
  describeRatio,
  type LoadTarget,
  measureInRounds,
  pairedRatio,
  summarizeRuns,
  type TargetRuns,
} from '../lib/targets.js';

export interface CallbackIngestData {
  concurrency: number;
  callbacksPerRun: number;
  targets: (TargetRuns & { accounting: Accounting })[];
}

export interface Accounting {
  sent: number;
  /** 2xx answers the load generator saw. */
  acknowledged: number;
  /** Callbacks the server process counted (200 for the proxy; any for the floor). */
  counted: number;
  /** Calls that ended `completed`, of the calls whose callbacks were all sent (proxy only). */
  completedCalls: number | null;
  calls: number | null;
}

const CONCURRENCY = 50;
/** A call's callbacks as Exotel sends them with `StatusCallbackEvents` answered + terminal. */
const STEPS: CallbackStep[] = ['agent-answered', 'visitor-answered', 'completed'];
/**
 * Rounds of callbacks sent before the measured runs and not reported. After the setup's
 * creates, a proxy's callback path takes about three rounds of 3,000 to reach its steady
 * cost: 440, 158, 125 and 124 µs of CPU a callback over four such rounds in a row
 * (memory store, one process). With one round, the first measured run cost about 30 %
 * more than the later ones.
 */
const WARMUP_ROUNDS = 3;

export const callbackIngest: Benchmark<CallbackIngestData> = {
  id: 'callback-ingest',
  title: 'Callback ingest (POST /v1/exotel/status-callback)',
  async run(ctx): Promise<BenchmarkResult<CallbackIngestData>> {
    const notMeasured: NotMeasured[] = Object.entries(ctx.unavailableStores).map(
      ([store, reason]) => ({ target: `Ringback, ${store} store`, reason }),
    );
    // Runs are bounded by count, not time: every callback sent must be answered before
    // the server's own count and the stored states are compared with it.
    const children: Child[] = [];
    const [load, sim, floor] = await Promise.all([
      LoadGenerator.start(),
      startServer({ kind: 'sim' }),
      startServer({ kind: 'floor' }),
    ]);
    children.push(sim, floor);
    try {
      const sqlite = ctx.stores.find((s) => s.kind === 'sqlite');
      // The bin as deployed (default SQLite store, request log on), without and with the
      // operator console, whose statistics move on every call change.
      const startBin = (name: string, withConsole: boolean) =>
        sqlite
          ? startServer({
              kind: 'bin',
              simUrl: sim.ready.url,
              location: sqlite.location!(`callback-${name}`),
              execArgv: ctx.serverExecArgv(`callback-ingest-${name}`),
              console: withConsole,
            })
          : undefined;
      const [binChild, consoleBinChild, ...proxyChildren] = await Promise.all([
        startBin('bin', false),
        startBin('bin-console', true),
        ...ctx.stores.map((store) =>
          startServer(
            {
              kind: 'ringback',
              simUrl: sim.ready.url,
              store: store.kind,
              location: store.location?.(`callback-${store.kind}`),
            },
            { execArgv: ctx.serverExecArgv(`callback-ingest-${store.kind}`) },
          ),
        ),
      ]);
      children.push(
        ...(proxyChildren as Child[]),
        ...[binChild, consoleBinChild].filter((c): c is Child => c !== undefined),
      );
      const proxies = ctx.stores.map((store, i) => ({
        name: `ringback-${store.kind}`,
        label: `Ringback, ${store.kind} store`,
        child: proxyChildren[i]!,
      }));
      if (binChild)
        proxies.push({
          name: 'ringback-bin',
          label: 'ringback-server bin as deployed (SQLite, request log on)',
          child: binChild,
        });
      if (consoleBinChild)
        proxies.push({
          name: 'ringback-bin-console',
          label: 'ringback-server bin as deployed, with the console (its statistics on)',
          child: consoleBinChild,
        });

      const callsPerRun = ctx.quick ? 100 : 1_000;
      const callbacksPerRun = callsPerRun * STEPS.length;
      const rounds = WARMUP_ROUNDS + ctx.runs;
      // Setup: real calls through each proxy (the simulator records each StatusCallback URL and token).
      const callsOf = new Map<string, CallTarget[][]>();
      for (const proxy of proxies) {
        ctx.log(`callback-ingest: placing ${callsPerRun * rounds} calls through ${proxy.name}`);
        await sim.request('reset');
        const ids = await proxy.child.request<string[]>('createCalls', {
          count: callsPerRun * rounds,
          offset: 0,
        });
        const byId = new Map(
          (await sim.request<CallTarget[]>('targets')).map((t) => [t.callId, t]),
        );
        const all = ids.map((id) => byId.get(id)!);
        if (all.some((t) => !t))
          throw new Error('a call placed in setup is missing from the simulator');
        callsOf.set(
          proxy.name,
          Array.from({ length: rounds }, (_, r) =>
            all.slice(r * callsPerRun, (r + 1) * callsPerRun),
          ),
        );
      }
      await sim.request('reset');
      const floorCalls = proxies.length > 0 ? callsOf.get(proxies[0]!.name)! : [];

      // The floor is an order of magnitude faster: it gets the same callbacks several
      // times over, so that its runs last about as long as the proxy's.
      const floorRepeat = ctx.quick ? 3 : 10;
      const targetFor = (
        name: string,
        label: string,
        url: string,
        child: Child,
        calls: CallTarget[][],
      ): LoadTarget => {
        let round = 0;
        return {
          name,
          label,
          url,
          child,
          ...(name === 'floor' ? { amount: callbacksPerRun * floorRepeat } : {}),
          scenario: (label) => {
            if (label === 'warmup') {
              round = WARMUP_ROUNDS;
              return {
                kind: 'callbacks',
                targets: calls.slice(0, WARMUP_ROUNDS).flat(),
                steps: STEPS,
              };
            }
            return { kind: 'callbacks', targets: calls[round++ % rounds]!, steps: STEPS };
          },
        };
      };
      const targets: LoadTarget[] = [];
      if (floorCalls.length > 0)
        targets.push(
          targetFor(
            'floor',
            'bare node:http, fixed 200 (floor)',
            floor.ready.url,
            floor,
            floorCalls,
          ),
        );
      for (const p of proxies)
        targets.push(targetFor(p.name, p.label, p.child.ready.url, p.child, callsOf.get(p.name)!));

      const warmupOk = new Map<string, number>();
      const runs = await measureInRounds(
        load,
        targets,
        // warmupS > 0 sends the warm-up rounds (the floor: its amount of them).
        {
          connections: CONCURRENCY,
          runs: ctx.runs,
          warmupS: 1,
          timeoutS: 30,
          onWarmup: (name, result) => warmupOk.set(name, result.ok),
        },
        ctx.log,
      );

      // Accounting: every callback sent was answered 2xx, counted by the server, and stored.
      const results: CallbackIngestData['targets'] = [];
      for (const t of targets) {
        const measured = runs.get(t.name)!;
        const sent =
          (t.amount ?? callbacksPerRun * WARMUP_ROUNDS) + (t.amount ?? callbacksPerRun) * ctx.runs;
        const acknowledged = (warmupOk.get(t.name) ?? 0) + measured.reduce((n, r) => n + r.ok, 0);
        let counted: number;
        let completedCalls: number | null = null;
        let calls: number | null = null;
        if (t.name === 'floor') {
          const counts = await floor.request<Record<string, number>>('counts');
          counted = counts['/v1/exotel/status-callback'] ?? 0;
        } else {
          const child = t.child!;
          const answered = await child.request<Record<string, number>>('callbacks');
          counted = answered[200] ?? 0;
          const ids = callsOf
            .get(t.name)!
            .flat()
            .map((c) => c.callId);
          const states = await child.request<Record<string, number>>('states', { ids });
          completedCalls = states.completed ?? 0;
          calls = ids.length;
        }
        results.push({
          ...summarizeRuns(t.name, t.label, measured),
          accounting: { sent, acknowledged, counted, completedCalls, calls },
        });
      }
      return report({ concurrency: CONCURRENCY, callbacksPerRun, targets: results }, notMeasured);
    } finally {
      await load.close();
      await Promise.all(children.map((c) => c.close()));
    }
  },
};

function report(
  data: CallbackIngestData,
  notMeasured: NotMeasured[],
): BenchmarkResult<CallbackIngestData> {
  const floor = data.targets.find((t) => t.name === 'floor');
  const table = {
    title: `Concurrency ${data.concurrency}, ${fmt(data.callbacksPerRun)} multipart callbacks per run (the floor: the same, repeated)`,
    columns: [
      'target',
      'callbacks/s',
      'spread',
      'p50 ms',
      'p99 ms',
      'vs floor',
      'server CPU µs/callback',
      'sent',
      'counted by the server',
      'calls completed',
    ],
    rows: data.targets.map((t) => [
      t.label,
      fmt(t.rps.median),
      `${fmt(t.rps.min)}–${fmt(t.rps.max)}`,
      fmt(t.p50.median),
      fmt(t.p99.median),
      floor ? fmtRatio(pairedRatio(t, floor).median) : '–',
      fmt(t.cpuUsPerRequest.median),
      fmt(t.accounting.sent),
      fmt(t.accounting.counted),
      t.accounting.calls === null
        ? ''
        : `${fmt(t.accounting.completedCalls)} / ${fmt(t.accounting.calls)}`,
    ]),
  };
  // Issue 20's goals.
  const goals: Record<string, number> = {
    'ringback-memory': 0.35,
    'ringback-redis': 0.3,
    'ringback-sqlite': 0.2,
    'ringback-bin': 0.2,
  };
  const targets: TargetCheck[] = data.targets
    .filter((t) => goals[t.name] !== undefined)
    .map((t) => {
      const name = `${t.name === 'ringback-bin' ? 'the bin as deployed' : (t.label.split(', ')[1] ?? t.label)}: callbacks/s vs floor`;
      const goal = goals[t.name]!;
      const target = `≥ ${goal * 100}% of the floor`;
      if (!floor) return { name, target, measured: 'floor not measured', met: null };
      const r = pairedRatio(t, floor);
      return { name, target, measured: describeRatio(r, goal, fmtPercent), met: r.median >= goal };
    });
  for (const t of data.targets) {
    const a = t.accounting;
    targets.push({
      name: `${t.label}: every callback accounted for`,
      target: `sent = acknowledged = counted${a.calls === null ? '' : '; every call completed'}`,
      measured: `${fmt(a.sent)} sent, ${fmt(a.acknowledged)} acknowledged, ${fmt(a.counted)} counted${a.calls === null ? '' : `, ${fmt(a.completedCalls)}/${fmt(a.calls)} completed`}`,
      met: a.sent === a.acknowledged && a.sent === a.counted && a.completedCalls === a.calls,
    });
  }
  return {
    id: callbackIngest.id,
    title: callbackIngest.title,
    description: [
      "Exotel's StatusCallbacks as it sends them by default (multipart/form-data with bracketed `Legs[n][…]` keys), each with its call's valid token,",
      'at concurrency 50. Each call gets its three callbacks in order (agent answered, visitor answered, completed), calls interleaved, so every callback is a real state change that is stored before the 200.',
      'The calls were placed through the proxy beforehand (not timed). The floor is node:http answering the same 200 without reading anything.',
      "Runs are bounded by count: every callback must be answered, then the server's own count and the stored states are checked.",
    ].join(' '),
    command: commandFor(callbackIngest.id),
    tables: [table],
    targets,
    notes: [
      `The first ${WARMUP_ROUNDS} rounds of callbacks (the floor: one) warm each server up and are not reported, but they are included in the accounting. After the setup's creates, the callback path takes about that many to reach its steady cost.`,
    ],
    notMeasured,
    data,
  };
}
