import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtPercent,
  fmtRatio,
  type NotMeasured,
  type Table,
  type TargetCheck,
} from '../lib/benchmark.js';
import type { Child } from '../lib/child.js';
import { REFUSALS } from '../lib/fixtures.js';
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

/** A target's runs, with the statuses it answered over all of them. */
export type RefusedRuns = TargetRuns & { statusCodes: Record<string, number> };

export interface RefusalsData {
  concurrency: number;
  /** The refused creates. */
  targets: RefusedRuns[];
  /** The same servers, flooded with forged StatusCallbacks. */
  forged: RefusedRuns[];
}

const CONCURRENCY = 50;
/** Issue 20: a flood of refused creates costs little. */
const GOAL = 0.4;
const EXPECTED = new Set<string>(REFUSALS.map((r) => String(r.status)));
/** A forged StatusCallback's answer: 403 `callback_forbidden`. */
const FORGED_STATUS = '403';

export const refusals: Benchmark<RefusalsData> = {
  id: 'refusals',
  title: 'Refusals (refused creates, forged StatusCallbacks)',
  async run(ctx): Promise<BenchmarkResult<RefusalsData>> {
    const children: Child[] = [];
    const notMeasured: NotMeasured[] = Object.entries(ctx.unavailableStores).map(
      ([store, reason]) => ({ target: `Ringback, ${store} store`, reason }),
    );
    const [load, sim] = await Promise.all([LoadGenerator.start(), startServer({ kind: 'sim' })]);
    children.push(sim);
    try {
      const sqlite = ctx.stores.find((s) => s.kind === 'sqlite');
      const [floor, bin, ...proxies] = await Promise.all([
        startServer({ kind: 'floor' }),
        // The bin as deployed: default SQLite store, request log on.
        sqlite
          ? startServer({
              kind: 'bin',
              simUrl: sim.ready.url,
              location: sqlite.location!('refusals-bin'),
              execArgv: ctx.serverExecArgv('refusals-bin'),
            })
          : undefined,
        ...ctx.stores.map((store) =>
          startServer(
            {
              kind: 'ringback',
              simUrl: sim.ready.url,
              store: store.kind,
              location: store.location?.(`refusals-${store.kind}`),
            },
            { execArgv: ctx.serverExecArgv(`refusals-${store.kind}`) },
          ),
        ),
      ]);
      children.push(floor!, ...(proxies as Child[]), ...(bin ? [bin] : []));
      const servers = [
        { name: 'floor', label: 'bare node:http, fixed answer (floor)', child: floor! },
        ...ctx.stores.map((store, i) => ({
          name: `ringback-${store.kind}`,
          label: `Ringback, ${store.kind} store, every policy on`,
          child: proxies[i]!,
        })),
        ...(bin
          ? [
              {
                name: 'ringback-bin',
                label: 'ringback-server bin as deployed, SQLite, request log on',
                child: bin,
              },
            ]
          : []),
      ];
      /** Every server under one flood, in rounds; each target's runs with the statuses it answered. */
      const flood = async (scenario: LoadTarget['scenario']): Promise<RefusedRuns[]> => {
        const targets: LoadTarget[] = servers.map((s) => ({
          ...s,
          url: s.child.ready.url,
          scenario,
        }));
        const runs = await measureInRounds(
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
        return targets.map((t) => {
          const measured = runs.get(t.name)!;
          const statusCodes: Record<string, number> = {};
          for (const run of measured)
            for (const [code, n] of Object.entries(run.statusCodes))
              statusCodes[code] = (statusCodes[code] ?? 0) + n;
          return { ...summarizeRuns(t.name, t.label, measured), statusCodes };
        });
      };
      ctx.log(`refusals: ${servers.length} targets at concurrency ${CONCURRENCY}`);
      const refused = await flood((run) => ({ kind: 'refused-create', runId: run }));
      ctx.log('refusals: forged StatusCallbacks');
      const forged = await flood(() => ({ kind: 'forged-callback' }));
      const data: RefusalsData = { concurrency: CONCURRENCY, targets: refused, forged };
      return report(data, notMeasured);
    } finally {
      await load.close();
      await Promise.all(children.map((c) => c.close()));
    }
  },
};

/** The answers of `t` with a status outside `expected`, errors and timeouts included (none counted for the floor). */
const unexpected = (t: RefusedRuns, expected: ReadonlySet<string> = EXPECTED) =>
  t.name === 'floor'
    ? 0
    : Object.entries(t.statusCodes).reduce(
        (n, [code, count]) => n + (expected.has(code) ? 0 : count),
        0,
      ) + t.runs.reduce((n, r) => n + r.errors + r.timeouts, 0);

/** The most connections the server accepted in one run, or `undefined` when it does not count them. */
function mostConnections(t: RefusedRuns): number | undefined {
  const counted = t.runs.flatMap((r) => r.serverConnections ?? []);
  return counted.length > 0 ? Math.max(...counted) : undefined;
}

/** The forged StatusCallbacks' table and checks: each refused with 403, on the connections it came on. */
function reportForged(data: RefusalsData): { table: Table; targets: TargetCheck[] } {
  const floor = data.forged.find((t) => t.name === 'floor')!;
  const expected = new Set([FORGED_STATUS]);
  const table: Table = {
    title: `Concurrency ${data.concurrency}, forged StatusCallbacks`,
    columns: [
      ...FLOOD_COLUMNS,
      'connections accepted, most in a run',
      `${FORGED_STATUS} callback_forbidden`,
      'anything else',
    ],
    rows: data.forged.map((t) => [
      ...floodCells(t, floor),
      fmt(mostConnections(t)),
      t.name === 'floor' ? '' : fmt(t.statusCodes[FORGED_STATUS] ?? 0),
      t.name === 'floor' ? '' : fmt(unexpected(t, expected)),
    ]),
  };
  const targets = data.forged
    .filter((t) => t.name !== 'floor')
    .map((t): TargetCheck => {
      const off = unexpected(t, expected);
      const connections = mostConnections(t);
      return {
        name: `${nameOf(t)}: forged StatusCallbacks refused, connections kept`,
        target: `every one ${FORGED_STATUS}; at most ${data.concurrency} connections a run (one per client)`,
        measured: `${fmt(t.statusCodes[FORGED_STATUS] ?? 0)} refused, ${fmt(off)} otherwise; ${connections === undefined ? 'connections not counted' : `at most ${fmt(connections)} connections a run`}`,
        met: off === 0 && (connections === undefined || connections <= data.concurrency),
      };
    });
  return { table, targets };
}

/** The columns both floods' tables start with, and a target's cells in them. */
const FLOOD_COLUMNS = [
  'target',
  'req/s',
  'req/s spread',
  'p50 ms',
  'p99 ms',
  'vs floor',
  'server CPU µs/req',
];
const floodCells = (t: RefusedRuns, floor: RefusedRuns) => [
  t.label,
  fmt(t.rps.median),
  `${fmt(t.rps.min)}–${fmt(t.rps.max)}`,
  fmt(t.p50.median),
  fmt(t.p99.median),
  fmtRatio(pairedRatio(t, floor).median),
  fmt(t.cpuUsPerRequest.median),
];

/** How the targets list names a target: its store, or the bin. */
const nameOf = (t: RefusedRuns) =>
  t.name === 'ringback-bin' ? 'the bin as deployed' : (t.label.split(', ')[1] ?? t.label);

function report(data: RefusalsData, notMeasured: NotMeasured[]): BenchmarkResult<RefusalsData> {
  const floor = data.targets.find((t) => t.name === 'floor')!;
  const forged = reportForged(data);
  const table = {
    title: `Concurrency ${data.concurrency}, the four refusals in turn`,
    columns: [...FLOOD_COLUMNS, ...REFUSALS.map((r) => `${r.status} ${r.code}`), 'anything else'],
    rows: data.targets.map((t) => [
      ...floodCells(t, floor),
      ...REFUSALS.map((r) => (t.name === 'floor' ? '' : fmt(t.statusCodes[r.status] ?? 0))),
      t.name === 'floor' ? '' : fmt(unexpected(t)),
    ]),
  };
  const targets: TargetCheck[] = [];
  for (const t of data.targets) {
    if (t.name === 'floor') continue;
    const r = pairedRatio(t, floor);
    const off = unexpected(t);
    targets.push({
      name: `${nameOf(t)}: refusals/s vs floor`,
      target: `≥ ${GOAL * 100}% of the floor, every request refused with its code`,
      measured: `${describeRatio(r, GOAL, fmtPercent)}${off > 0 ? `; ${fmt(off)} answered otherwise` : ''}`,
      met: r.median >= GOAL && off === 0,
    });
  }
  return {
    id: refusals.id,
    title: refusals.title,
    description: [
      'A flood of creates the proxy must refuse, at concurrency 50, the four refusals in turn: a foreign `Origin` (`origin_not_allowed`, 403),',
      'an invalid number (`invalid_phone`, 422), a widget whose limit is used up (`rate_limited`, 429; its one call is placed at start-up) and a body that is not JSON (`invalid_body`, 400).',
      'Same proxy set-up as the create benchmark (every policy on). The floor is node:http reading the same requests and answering a fixed JSON body.',
      'Then the same servers under a flood of forged StatusCallbacks: Exotel’s multipart body, to a well-formed call id with a well-formed token that was never signed (`callback_forbidden`, 403), which the proxy refuses before reading the body.',
    ].join(' '),
    command: commandFor(refusals.id),
    tables: [table, forged.table],
    targets: [...targets, ...forged.targets],
    notes: [
      'Every answer is checked: the columns per refusal count the statuses the proxy answered, and "anything else" must be 0.',
      "The limited widget's window is 31 days of the proxy's clock, which runs 10,000× faster than real time: about 4.5 real minutes, longer than the benchmark.",
      'Connections accepted are counted by each server process, for a run of 50 clients: 50 means every answer kept its connection. The bin is a bare `ringback-server` process and does not count them.',
    ],
    notMeasured,
    data,
  };
}
