import path from 'node:path';
import {
  type CallListQuery,
  type CallRecord,
  readStatsReport,
  type StatsDelta,
  type StatsQuery,
  type Store,
} from '@ringback/server';
import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  type NotMeasured,
  type TargetCheck,
} from '../lib/benchmark.js';
import {
  AGENT_IDS,
  CONSOLE_TIME_ZONE,
  DAY_MS,
  MISSED_STATES,
  operatorHistory,
  WIDGETS,
} from '../lib/operatorData.js';
import { type RunningRedis, startRedis } from '../lib/redis.js';
import { percentile } from '../lib/stats.js';

export interface QueryTiming {
  name: string;
  samples: number;
  p50: number;
  p95: number;
  max: number;
  /** Records the last sample returned (calls), or the stats rows it read. */
  returned: number;
}

export interface StoreTimings {
  store: 'sqlite' | 'redis';
  /** Calls asked for, and stored (Redis stops at the seeding time budget). */
  wanted: number;
  seeded: number;
  seedMs: number;
  queries: QueryTiming[];
}

export interface OperatorQueriesData {
  stores: StoreTimings[];
}

/** Calls written per group commit (SQLite: one transaction) while seeding. */
const SEED_BATCH = 2_000;
/** Redis is seeded for at most this long; the count it reached is reported. */
const REDIS_SEED_BUDGET_MS = 180_000;
/** The history ends here: a fixed moment, so every run reads the same data. */
const END = Date.UTC(2026, 11, 1);

const LIST_TARGET_MS = 20;
const STATS_TARGET_MS = 100;

/**
 * Seeds `wanted` calls through the store's own createCall and addStats, a batch at a time,
 * in `passes` histories of 60 days each (so a seeding stopped by `budgetMs` still spans the
 * 60 days): a pass starts only if it is expected to end within the budget.
 */
async function seed(
  store: Store,
  wanted: number,
  passes: number,
  budgetMs: number,
  log: (message: string) => void,
): Promise<{ seeded: number; seedMs: number; cursors: { createdAt: number; id: string }[] }> {
  const started = performance.now();
  const cursors: { createdAt: number; id: string }[] = [];
  const every = Math.max(1, Math.floor(wanted / 400));
  let seeded = 0;
  let made = 0;
  let batch: { call: CallRecord; deltas: StatsDelta[] }[] = [];
  const flush = async () => {
    // Asked for in one turn: the SQLite store commits them as one transaction (group commit).
    const deltas = new Map<string, StatsDelta>();
    for (const { deltas: own } of batch)
      for (const d of own) {
        const key = `${d.scale} ${d.bucket} ${d.widgetId} ${d.agentId} ${d.counter}`;
        const sum = deltas.get(key);
        if (sum) sum.by += d.by;
        else deltas.set(key, { ...d });
      }
    await Promise.all([
      ...batch.map(({ call }) =>
        store.createCall(
          call,
          {
            key: `seed-${call.id}`,
            callId: call.id,
            fingerprint: 'seed',
            expiresAt: call.createdAt + DAY_MS,
          },
          {
            callId: call.id,
            seq: call.version,
            state: call.state,
            at: call.updatedAt,
            source: 'callback',
            conversationSeconds: call.conversationSeconds,
            attempt: call.attempt,
            agentName: call.attempts.at(-1)?.agentName ?? null,
          },
        ),
      ),
      store.addStats([...deltas.values()]),
    ]);
    seeded += batch.length;
    batch = [];
  };
  const perPass = Math.ceil(wanted / passes);
  for (let pass = 0; pass < passes && seeded < wanted; pass++) {
    const elapsed = performance.now() - started;
    if (pass > 0 && elapsed + elapsed / pass > budgetMs) break;
    for (const item of operatorHistory(Math.min(perPass, wanted - seeded), END, 42 + pass)) {
      if (made++ % every === 0) cursors.push({ createdAt: item.call.createdAt, id: item.call.id });
      batch.push(item);
      if (batch.length === SEED_BATCH) {
        await flush();
        if (seeded % 100_000 === 0)
          log(`  ${fmt(seeded)} calls in ${fmt((performance.now() - started) / 1000)} s`);
      }
    }
    if (batch.length > 0) await flush();
  }
  return { seeded, seedMs: performance.now() - started, cursors };
}

/** Runs `query` one at a time: a few unmeasured, then up to `samples` or `budgetMs`. */
async function time(
  name: string,
  samples: number,
  budgetMs: number,
  query: (i: number) => Promise<number>,
): Promise<QueryTiming> {
  for (let i = 0; i < 3; i++) await query(i);
  const times: number[] = [];
  let returned = 0;
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    returned = await query(i);
    times.push(performance.now() - t0);
    if (times.length >= 5 && performance.now() - started > budgetMs) break;
  }
  times.sort((a, b) => a - b);
  return {
    name,
    samples: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1)!,
    returned,
  };
}

async function measure(
  store: Store,
  kind: StoreTimings['store'],
  wanted: number,
  quick: boolean,
  log: (message: string) => void,
): Promise<StoreTimings> {
  log(`operator queries, ${kind}: seeding ${fmt(wanted)} calls`);
  // Redis in ten passes of 60 days each, as many as fit in its budget; SQLite in time order.
  const redisPasses = quick ? 1 : 10;
  const { seeded, seedMs, cursors } = await seed(
    store,
    wanted,
    kind === 'redis' ? redisPasses : 1,
    kind === 'redis' ? REDIS_SEED_BUDGET_MS : Number.POSITIVE_INFINITY,
    log,
  );
  log(`  ${fmt(seeded)} calls in ${fmt(seedMs / 1000)} s`);
  // Deep pages start in the older half of the history.
  const deep = cursors.filter((c) => c.createdAt < END - 30 * DAY_MS);
  const samples = quick ? 20 : 300;
  const budgetMs = quick ? 1_000 : 30_000;
  const list = async (query: CallListQuery) => (await store.listCalls(query)).length;
  const from30 = END - 30 * DAY_MS;
  /**
   * The endpoint's report over the store (readStatsReport), by day in `timeZone`: the console's
   * reads day roll-ups, another zone 15-minute buckets. Returns the stats rows it read.
   */
  const report = async (timeZone: string, widgetId?: string) => {
    let read = 0;
    const readStats = async (query: StatsQuery) => {
      const rows = await store.readStats(query);
      read += rows.length;
      return rows;
    };
    await readStatsReport(
      { readStats },
      {
        from: from30,
        to: END,
        groupBy: 'day',
        timeZone,
        rollupTimeZone: CONSOLE_TIME_ZONE,
        ...(widgetId ? { widgetId } : {}),
        widgetIds: widgetId ? [widgetId] : WIDGETS,
        agents: AGENT_IDS.map((id) => ({ id, name: null })),
      },
    );
    return read;
  };
  const queries = [
    await time('first page (50, newest, no filter)', samples, budgetMs, () => list({ limit: 50 })),
    await time(
      'missed leads of a widget (5 missed states + widget, newest)',
      samples,
      budgetMs,
      (i) => list({ limit: 50, states: MISSED_STATES, widgetId: WIDGETS[i % WIDGETS.length] }),
    ),
    await time('deep page (cursor 30–60 days back, newest)', samples, budgetMs, (i) =>
      list({ limit: 50, after: deep[i % deep.length] }),
    ),
    await time("an agent's calls, oldest first from 45 days back", samples, budgetMs, (i) =>
      list({
        limit: 50,
        agentId: ['priya', 'vikram', 'sanjay', 'farah'][i % 4],
        from: END - 45 * DAY_MS,
        order: 'oldest',
      }),
    ),
    await time('stats report, 30 days by day, all widgets', samples, budgetMs, () =>
      report(CONSOLE_TIME_ZONE),
    ),
    await time('stats report, 30 days by day, one widget', samples, budgetMs, (i) =>
      report(CONSOLE_TIME_ZONE, WIDGETS[i % WIDGETS.length]),
    ),
    // Another zone than the console's has no roll-ups: every 15-minute bucket. Shown, not a target.
    await time(
      'stats report, 30 days by day in another zone (15-minute buckets)',
      quick ? 5 : 20,
      budgetMs,
      () => report('Europe/London'),
    ),
  ];
  // A number search scans its range (no index can serve "contains"): shown, not a target.
  if (kind === 'sqlite')
    queries.push(
      await time('number search, 6 digits, whole history', quick ? 5 : 20, budgetMs, (i) =>
        list({ limit: 50, phoneDigits: String(123456 + i * 7919).slice(0, 6) }),
      ),
    );
  for (const q of queries)
    log(
      `  ${q.name}: p50 ${fmt(q.p50)} ms, p95 ${fmt(q.p95)} ms (${q.samples} samples, ${q.returned} returned)`,
    );
  return { store: kind, wanted, seeded, seedMs, queries };
}

export const operatorQueries: Benchmark<OperatorQueriesData> = {
  id: 'operator-queries',
  title: 'Operator queries (store)',
  async run(ctx): Promise<BenchmarkResult<OperatorQueriesData>> {
    const wanted = ctx.quick ? 2_000 : 1_000_000;
    const notMeasured: NotMeasured[] = [];
    const stores: StoreTimings[] = [];
    if (ctx.stores.some((s) => s.kind === 'sqlite')) {
      const { createSqliteStore } = await import('@ringback/server/sqlite');
      const store = await createSqliteStore({
        path: path.join(ctx.tmpDir, `operator-${Date.now()}.db`),
      });
      try {
        stores.push(await measure(store, 'sqlite', wanted, ctx.quick, ctx.log));
      } finally {
        await store.close();
      }
    }
    if (ctx.stores.some((s) => s.kind === 'redis')) {
      // A server of its own: a million calls are gigabytes the other benchmarks should not share.
      let redis: RunningRedis | undefined;
      try {
        redis = await startRedis();
        const { createRedisStore } = await import('@ringback/server/redis');
        const store = await createRedisStore({
          url: redis.url,
          prefix: `operator-bench-${Date.now()}`,
          commandTimeoutMs: 30_000,
        });
        try {
          stores.push(await measure(store, 'redis', wanted, ctx.quick, ctx.log));
        } finally {
          await store.close();
        }
      } finally {
        await redis?.stop();
      }
    } else if (ctx.unavailableStores.redis)
      notMeasured.push({ target: 'redis', reason: ctx.unavailableStores.redis });
    return report({ stores }, notMeasured);
  },
};

function report(
  data: OperatorQueriesData,
  notMeasured: NotMeasured[],
): BenchmarkResult<OperatorQueriesData> {
  const tables = data.stores.map((s) => ({
    title: `${s.store}: ${fmt(s.seeded)} calls${s.seeded < s.wanted ? ` (of ${fmt(s.wanted)} asked: as many 60-day passes of ${fmt(s.wanted / 10)} as fit in ${REDIS_SEED_BUDGET_MS / 60_000} minutes)` : ''}, seeded in ${fmt(s.seedMs / 1000)} s (${fmt(s.seeded / (s.seedMs / 1000))} calls/s)`,
    columns: ['query', 'p50 ms', 'p95 ms', 'max ms', 'samples', 'returned'],
    rows: s.queries.map((q) => [
      q.name,
      fmt(q.p50),
      fmt(q.p95),
      fmt(q.max),
      String(q.samples),
      fmt(q.returned),
    ]),
  }));
  const targets: TargetCheck[] = [];
  for (const s of data.stores) {
    const lists = s.queries.filter(
      (q) => !q.name.startsWith('stats') && !q.name.startsWith('number'),
    );
    const worstList = Math.max(...lists.map((q) => q.p95));
    if (s.store === 'sqlite')
      targets.push({
        name: `sqlite, ${fmt(s.seeded)} calls: a page of listCalls (first, filtered, deep, by agent)`,
        target: `p95 ≤ ${LIST_TARGET_MS} ms`,
        measured: `worst p95 ${fmt(worstList)} ms`,
        met: worstList <= LIST_TARGET_MS,
      });
    const stats = s.queries.find((q) => q.name.startsWith('stats report, 30 days by day, all'))!;
    targets.push({
      name: `${s.store}, ${fmt(s.seeded)} calls: the stats report of 30 days, all widgets`,
      target: `p95 ≤ ${STATS_TARGET_MS} ms`,
      measured: `p95 ${fmt(stats.p95)} ms (${fmt(stats.returned)} rows)`,
      met: stats.p95 <= STATS_TARGET_MS,
    });
  }
  return {
    id: operatorQueries.id,
    title: operatorQueries.title,
    description: [
      'The operator console’s store queries on a realistic history: N finished calls over 60 days (six widgets, 15 agents, 1–3 attempts each, the outcomes of a real queue, busy hours in India), seeded through the store’s own `createCall` and `addStats` in batches of 2,000 (one group-commit transaction each in SQLite), with the statistics counters each call adds (per widget and per agent: requests, connected, missed by reason, time to connect in 13 bins; in 15-minute buckets and rolled up by day in the console’s zone, Asia/Kolkata).',
      'A stats report is what `GET /v1/admin/stats` builds (`readStatsReport`); "returned" is the stats rows it read.',
      'Each query runs one at a time in the benchmark’s process against the store (SQLite file in WAL mode; Redis on loopback), a few unmeasured first. Stored calls carry one event each, not their whole timeline.',
    ].join(' '),
    command: commandFor(operatorQueries.id),
    tables,
    targets,
    notes: [
      'A number search (`phoneDigits`) filters the range the other filters select: alone, it reads the whole history (in SQLite from the index alone). Redis is not timed on it: it reads every record in the range.',
    ],
    notMeasured,
    data,
  };
}
