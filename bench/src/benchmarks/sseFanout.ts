import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtBytes,
  type NotMeasured,
  type TargetCheck,
} from '../lib/benchmark.js';
import type { CallbackStep, CallTarget } from '../lib/callbackBody.js';
import { type Child, childScript, spawnChild } from '../lib/child.js';
import { startServer } from '../lib/servers.js';
import { latencyPercentiles, type Summary, summarize } from '../lib/stats.js';

export interface FanoutRun {
  streams: number;
  calls: number;
  openMs: number;
  rssPerStream: number;
  heapPerStream: number;
  /** ms from a callback to its last subscriber's event, one per (call, step). */
  latency: { p50: number; p90: number; p99: number; max: number };
  samples: number;
  timeouts: number;
  refusedCallbacks: number;
  /** Streams the server ended after the final state (the proxy only). */
  endedByServer: number | null;
}

export interface FanoutTarget {
  name: string;
  label: string;
  runs: FanoutRun[];
  rssPerStream: Summary;
  p50: Summary;
  p99: Summary;
}

export interface SseFanoutData {
  streams: number;
  calls: number;
  targets: FanoutTarget[];
}

const STEPS: CallbackStep[] = ['agent-answered', 'visitor-answered'];

export const sseFanout: Benchmark<SseFanoutData> = {
  id: 'sse-fanout',
  title: 'Live status fan-out (GET /v1/calls/{id}/events)',
  async run(ctx): Promise<BenchmarkResult<SseFanoutData>> {
    const streams = ctx.quick ? 300 : 10_000;
    const calls = ctx.quick ? 10 : 100;
    const runs = ctx.quick ? 1 : Math.min(ctx.runs, 3);
    const notMeasured: NotMeasured[] = Object.entries(ctx.unavailableStores).map(
      ([store, reason]) => ({ target: `Ringback, ${store} store`, reason }),
    );
    const sim = await startServer({ kind: 'sim' });
    const targets: FanoutTarget[] = [];
    try {
      const kinds = [
        { name: 'floor', label: 'bare node:http event streams (floor)' },
        ...ctx.stores.map((s) => ({
          name: `ringback-${s.kind}`,
          label: `Ringback, ${s.kind} store`,
          store: s,
        })),
      ];
      const results = new Map<string, FanoutRun[]>(kinds.map((k) => [k.name, []]));
      for (let r = 0; r < runs; r++) {
        for (const kind of kinds) {
          // A fresh server per run: the memory figure is what the streams add to it.
          const server =
            'store' in kind && kind.store
              ? await startServer(
                  {
                    kind: 'ringback',
                    simUrl: sim.ready.url,
                    store: kind.store.kind,
                    location: kind.store.location?.(`sse-${kind.store.kind}-${r}`),
                  },
                  { execArgv: ctx.serverExecArgv(`sse-fanout-${kind.store.kind}`) },
                )
              : await startServer({ kind: 'floor' });
          const client = await spawnChild<unknown>(childScript('sseClients'), {});
          try {
            const run = await fanoutRun(server, client, sim, kind.name === 'floor', streams, calls);
            results.get(kind.name)!.push(run);
            ctx.log(
              `  ${kind.name} run ${r + 1}/${runs}: ${run.streams} streams in ${fmt(run.openMs)} ms, ${fmtBytes(run.rssPerStream)} RSS/stream, fan-out p50 ${fmt(run.latency.p50)} ms p99 ${fmt(run.latency.p99)} ms`,
            );
          } finally {
            await client.close();
            await server.close();
          }
        }
      }
      for (const kind of kinds) {
        const list = results.get(kind.name)!;
        targets.push({
          name: kind.name,
          label: kind.label,
          runs: list,
          rssPerStream: summarize(list.map((r) => r.rssPerStream)),
          p50: summarize(list.map((r) => r.latency.p50)),
          p99: summarize(list.map((r) => r.latency.p99)),
        });
      }
    } finally {
      await sim.close();
    }
    return report({ streams, calls, targets }, notMeasured);
  },
};

async function fanoutRun(
  server: Child,
  client: Child<unknown>,
  sim: Child,
  floor: boolean,
  streams: number,
  calls: number,
): Promise<FanoutRun> {
  const url = server.ready.url;
  let targets: CallTarget[];
  if (floor) {
    targets = Array.from({ length: calls }, (_, i) => ({
      callId: `call_floor${String(i).padStart(16, '0')}`,
      sid: `sid${i}`,
      callbackPath: `/v1/exotel/status-callback?call=call_floor${String(i).padStart(16, '0')}`,
      to: '+919812000000',
    }));
  } else {
    await sim.request('reset');
    const ids = await server.request<string[]>('createCalls', { count: calls, offset: 0 });
    const byId = new Map((await sim.request<CallTarget[]>('targets')).map((t) => [t.callId, t]));
    targets = ids.map((id) => byId.get(id)!);
  }
  const before = await server.request<{ rss: number; heapUsed: number }>('memory');
  const opened = await client.request<{ opened: number; withFirstEvent: number; openMs: number }>(
    'open',
    {
      url,
      callIds: targets.map((t) => t.callId),
      count: streams,
      parallel: 100,
    },
  );
  if (opened.withFirstEvent !== streams)
    throw new Error(`${streams - opened.withFirstEvent} streams got no first event`);
  const after = await server.request<{ rss: number; heapUsed: number }>('memory');
  const fan = await client.request<{ samples: number[]; timeouts: number; refused: number }>(
    'fanout',
    {
      url,
      targets,
      steps: STEPS,
      floor,
    },
  );
  const finished = await client.request<{ endedByServer: number }>('finish', {
    url,
    targets,
    floor,
  });
  return {
    streams,
    calls,
    openMs: opened.openMs,
    rssPerStream: (after.rss - before.rss) / streams,
    heapPerStream: (after.heapUsed - before.heapUsed) / streams,
    latency: latencyPercentiles(fan.samples),
    samples: fan.samples.length,
    timeouts: fan.timeouts,
    refusedCallbacks: fan.refused,
    endedByServer: floor ? null : finished.endedByServer,
  };
}

function report(data: SseFanoutData, notMeasured: NotMeasured[]): BenchmarkResult<SseFanoutData> {
  const perCall = data.streams / data.calls;
  const table = {
    title: `${fmt(data.streams)} concurrent streams on one server process, ${fmt(perCall)} per call, ${data.calls} calls`,
    columns: [
      'target',
      'RSS per stream',
      'spread',
      'heap per stream',
      'fan-out p50 ms',
      'fan-out p99 ms',
      'p99 spread',
      'time to open all streams',
      'timeouts',
      'streams ended by the server',
    ],
    rows: data.targets.map((t) => {
      const last = t.runs.at(-1);
      return [
        t.label,
        fmtBytes(t.rssPerStream.median),
        `${fmtBytes(t.rssPerStream.min)}–${fmtBytes(t.rssPerStream.max)}`,
        fmtBytes(summarize(t.runs.map((r) => r.heapPerStream)).median),
        fmt(t.p50.median),
        fmt(t.p99.median),
        `${fmt(t.p99.min)}–${fmt(t.p99.max)}`,
        `${fmt(summarize(t.runs.map((r) => r.openMs)).median)} ms`,
        String(t.runs.reduce((n, r) => n + r.timeouts, 0)),
        last?.endedByServer === null || !last
          ? ''
          : `${fmt(last.endedByServer)} / ${fmt(last.streams)}`,
      ];
    }),
  };
  const full = data.streams >= 10_000;
  const targets: TargetCheck[] = data.targets
    .filter((t) => t.name.startsWith('ringback-'))
    .flatMap((t) => [
      {
        name: `${t.label.split(',')[1]!.trim()}: RSS per stream`,
        target: '≤ 20 kB',
        measured: fmtBytes(t.rssPerStream.median),
        met: t.rssPerStream.median <= 20 * 1024,
      },
      {
        name: `${t.label.split(',')[1]!.trim()}: callback → all ${fmt(perCall)} subscribers notified, p99`,
        target: full
          ? '≤ 200 ms (10,000 streams of 100 calls)'
          : '≤ 200 ms (measured at 10,000 streams in the full run only)',
        measured: `${fmt(t.p99.median)} ms`,
        met: full ? t.p99.median <= 200 : null,
      },
    ]);
  return {
    id: sseFanout.id,
    title: sseFanout.title,
    description: [
      `${fmt(data.streams)} Server-Sent Events streams held open on one server process by a client process, spread over ${data.calls} calls.`,
      "Memory per stream is the server's RSS (after a full GC) with every stream open and past its first event, minus its RSS before, divided by the streams.",
      'Fan-out latency is the time from just before a StatusCallback is sent (multipart, valid token) to the moment the last subscriber of that call has the new state;',
      `each call gets two such callbacks (agent answered, visitor answered), one at a time, so ${data.calls * 2} samples per run.`,
      'The floor is node:http holding the same streams and writing the event to each subscriber of a call.',
    ].join(' '),
    command: commandFor(sseFanout.id),
    tables: [table],
    targets,
    notes: [
      'Sender and subscribers share one client process and clock; the client has to read every stream, so the figure includes its own share of the two cores.',
      'The proxy runs with its default 15 s keep-alive comment per stream.',
    ],
    notMeasured,
    data,
  };
}
