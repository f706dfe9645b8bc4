import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtRatio,
  type NotMeasured,
  ratio,
  type TargetCheck,
} from '../lib/benchmark.js';
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

export interface CreateCallData {
  concurrency: number;
  /** At concurrency 50 (autocannon). */
  loaded: TargetRuns[];
  /** One request at a time, timed to the microsecond. */
  sequential: TargetRuns[];
}

const CONCURRENCY = 50;

export const createCall: Benchmark<CreateCallData> = {
  id: 'create-call',
  title: 'Create call (POST /v1/calls)',
  async run(ctx): Promise<BenchmarkResult<CreateCallData>> {
    const children: Child[] = [];
    const notMeasured: NotMeasured[] = Object.entries(ctx.unavailableStores).map(
      ([store, reason]) => ({ target: `Ringback, ${store} store`, reason }),
    );
    notMeasured.push({
      target: 'ringback-server bin as deployed',
      reason:
        "its clock is real, so Exotel's 200 calls a minute (globalLimit, which cannot be raised) refuses a flood of creates by design; the bin is measured in the refusal and callback benchmarks",
    });
    const [load, sim] = await Promise.all([LoadGenerator.start(), startServer({ kind: 'sim' })]);
    children.push(sim);
    try {
      const simUrl = sim.ready.url;
      // Started together: each child spends a second or so loading TypeScript.
      const [floor, express, ...proxies] = await Promise.all([
        startServer({ kind: 'floor' }),
        startServer({ kind: 'express', simUrl }),
        ...ctx.stores.map((store) =>
          startServer(
            {
              kind: 'ringback',
              simUrl,
              store: store.kind,
              location: store.location?.(`create-call-${store.kind}`),
            },
            { execArgv: ctx.serverExecArgv(`create-call-${store.kind}`) },
          ),
        ),
      ]);
      children.push(floor!, express!, ...proxies);
      const createCall = (run: string) => ({ kind: 'create-call' as const, runId: run });
      const targets: LoadTarget[] = [
        {
          name: 'floor',
          label: 'bare node:http, fixed 202 (floor)',
          url: floor!.ready.url,
          scenario: createCall,
          child: floor,
        },
        {
          name: 'direct',
          label: 'direct upstream call (simulator)',
          url: simUrl,
          scenario: () => ({ kind: 'connect' }),
          child: sim,
        },
        {
          name: 'express',
          label: 'Express + fetch, no policies (baseline)',
          url: express!.ready.url,
          scenario: createCall,
          child: express,
        },
        ...ctx.stores.map((store, i) => ({
          name: `ringback-${store.kind}`,
          label: `Ringback, ${store.kind} store, every policy on`,
          url: proxies[i]!.ready.url,
          scenario: createCall,
          child: proxies[i],
        })),
      ];

      ctx.log(`create-call: ${targets.length} targets at concurrency ${CONCURRENCY}`);
      const loaded = await measureInRounds(
        load,
        targets,
        {
          connections: CONCURRENCY,
          durationS: ctx.durationS,
          runs: ctx.runs,
          warmupS: ctx.warmupS,
        },
        ctx.log,
      );
      ctx.log('create-call: one request at a time');
      const seqTargets = targets.filter((t) => t.name !== 'floor');
      const sequential = await measureInRounds(
        load,
        seqTargets,
        {
          mode: 'sequential',
          connections: 1,
          durationS: Math.max(0.5, ctx.durationS / 2),
          runs: Math.max(1, Math.min(3, ctx.runs)),
          warmupS: 0,
        },
        ctx.log,
      );

      const data: CreateCallData = {
        concurrency: CONCURRENCY,
        loaded: targets.map((t) => summarizeRuns(t.name, t.label, loaded.get(t.name)!)),
        sequential: seqTargets.map((t) => summarizeRuns(t.name, t.label, sequential.get(t.name)!)),
      };
      return report(data, notMeasured);
    } finally {
      await load.close();
      await Promise.all(children.map((c) => c.close()));
    }
  },
};

function report(data: CreateCallData, notMeasured: NotMeasured[]): BenchmarkResult<CreateCallData> {
  const by = (list: TargetRuns[], name: string) => list.find((t) => t.name === name);
  const floor = by(data.loaded, 'floor')!;
  const express = by(data.loaded, 'express')!;
  const direct = by(data.loaded, 'direct')!;
  const directSeq = by(data.sequential, 'direct')!;
  const ringbacks = data.loaded.filter((t) => t.name.startsWith('ringback-'));

  const loadedTable = {
    title: `Concurrency ${data.concurrency} (autocannon, latency in whole ms)`,
    columns: [
      'target',
      'req/s',
      'req/s spread',
      'p50 ms',
      'p99 ms',
      'p99 spread',
      'vs floor',
      'vs Express',
      'p99 added over direct',
      'server CPU µs/req',
      'failed',
    ],
    rows: data.loaded.map((t) => [
      t.label,
      fmt(t.rps.median),
      `${fmt(t.rps.min)}–${fmt(t.rps.max)}`,
      fmt(t.p50.median),
      fmt(t.p99.median),
      `${fmt(t.p99.min)}–${fmt(t.p99.max)}`,
      fmtRatio(pairedRatio(t, floor).median),
      fmtRatio(pairedRatio(t, express).median),
      t.name === 'direct' || t.name === 'floor'
        ? ''
        : `${fmt(t.p99.median - direct.p99.median)} ms`,
      fmt(t.cpuUsPerRequest.median),
      String(t.failures),
    ]),
  };
  const seqTable = {
    title: 'One request at a time (latency each request sees, timed to the µs)',
    columns: [
      'target',
      'p50 ms',
      'p99 ms',
      'p99 spread',
      'p50 added over direct',
      'p99 added over direct',
      'failed',
    ],
    rows: data.sequential.map((t) => [
      t.label,
      fmt(t.p50.median),
      fmt(t.p99.median),
      `${fmt(t.p99.min)}–${fmt(t.p99.max)}`,
      t.name === 'direct' ? '' : `${fmt(t.p50.median - directSeq.p50.median)} ms`,
      t.name === 'direct' ? '' : `${fmt(t.p99.median - directSeq.p99.median)} ms`,
      String(t.failures),
    ]),
  };

  // Issue 20's goals: throughput against the Express forwarder per store, and the memory
  // store at no more CPU per request than Express.
  const goals: Record<string, number> = {
    'ringback-memory': 1,
    'ringback-redis': 0.9,
    'ringback-sqlite': 0.8,
  };
  const memory = by(data.loaded, 'ringback-memory');
  const targets: TargetCheck[] = [];
  for (const t of ringbacks) {
    const store = t.label.split(', ')[1] ?? t.label;
    const r = pairedRatio(t, express);
    const goal = goals[t.name] ?? 1;
    targets.push({
      name: `${store}: throughput vs Express`,
      target: `≥ ${goal.toFixed(2)}× Express`,
      measured: describeRatio(r, goal, fmtRatio),
      met: r.median >= goal,
    });
    if (t.name === 'ringback-memory') {
      const cpu = t.cpuUsPerRequest.median;
      const expressCpu = express.cpuUsPerRequest.median;
      targets.push({
        name: `${store}: server CPU per request vs Express`,
        target: "≤ Express's",
        measured: `${fmt(cpu)} µs vs ${fmt(expressCpu)} µs (${fmtRatio(ratio(cpu, expressCpu))})`,
        met: cpu <= expressCpu,
      });
    }
    if (t.name === 'ringback-sqlite' && memory) {
      const r99 = ratio(t.p99.median, memory.p99.median);
      targets.push({
        name: `${store}: p99 at c=${data.concurrency} vs the memory store's`,
        target: '≤ 2× the memory store',
        measured: `${fmt(t.p99.median)} ms vs ${fmt(memory.p99.median)} ms (${fmtRatio(r99)})`,
        met: r99 <= 2,
      });
    }
    const added = t.p99.median - direct.p99.median;
    const seq = by(data.sequential, t.name);
    const addedSeq = seq ? seq.p99.median - directSeq.p99.median : Number.NaN;
    targets.push({
      name: `${store}: p99 added over a direct upstream call`,
      target: '≤ 2 ms',
      measured: `${fmt(added)} ms at c=${data.concurrency}; ${fmt(addedSeq)} ms one at a time`,
      met: added <= 2,
    });
  }
  return {
    id: createCall.id,
    title: createCall.title,
    description: [
      'Requests per second and latency of `POST /v1/calls` at concurrency 50, Ringback with every create policy on',
      '(allowed origin, number validation with full metadata, business hours, every rate limit, idempotency key stored before going upstream)',
      'and the upstream being `@ringback/exotel-sim` on its own port. Beside it: the floor (node:http answering the same 202 without doing anything),',
      "the direct upstream call (the simulator's `Calls/connect` itself), and the integration people write today (Express + `express.json()` + fetch to the same upstream, no policies).",
      'Each request carries a distinct valid Indian mobile and a fresh Idempotency-Key.',
    ].join(' '),
    command: commandFor(createCall.id),
    tables: [loadedTable, seqTable],
    targets,
    notes: [
      "Rate limits are on but cannot refuse during a run: every per-widget window is set to 1,000,000 calls a minute, and the proxy runs on a clock 10,000× faster than real time, because `globalLimit` cannot be set above Exotel's 200 calls a minute (by design). The limit checks run in full on every request.",
      'The simulator runs on a manual clock, so no call progresses and no StatusCallback competes with the creates; its 200-per-minute limit is off. The reconciler timer is off for the same reason. Human verification is off: it is a call to Turnstile/hCaptcha/reCAPTCHA, whose latency is theirs.',
      '"p99 added over direct" is the proxy\'s p99 minus the direct upstream call\'s p99 measured in the same rounds.',
    ],
    notMeasured,
    data,
  };
}
