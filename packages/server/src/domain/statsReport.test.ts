import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memoryStore.js';
import { sampleCall } from '../testing/storeSamples.js';
import type { CallState } from './callState.js';
import { statsDeltas } from './callStats.js';
import type { StatsQuery, StatsRow, Store } from './Store.js';
import { periodStarts, readStatsReport, statsReport } from './statsReport.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('periodStarts', () => {
  it('starts days at local midnight, the first at or before `from`', () => {
    // 27 Nov 2026 12:00 UTC to 29 Nov 2026 00:00 UTC, in Kolkata (+05:30).
    const from = Date.UTC(2026, 10, 27, 12);
    const to = Date.UTC(2026, 10, 29);
    expect(periodStarts(from, to, 'day', 'Asia/Kolkata').map(iso)).toEqual([
      '2026-11-26T18:30:00.000Z',
      '2026-11-27T18:30:00.000Z',
      '2026-11-28T18:30:00.000Z',
    ]);
    expect(periodStarts(from, to, 'day', 'UTC').map(iso)).toEqual([
      '2026-11-27T00:00:00.000Z',
      '2026-11-28T00:00:00.000Z',
    ]);
  });

  it('makes the DST days 23 and 25 hours long, and starts hours on the quarter where zones do', () => {
    // New York springs forward on 8 Mar 2026 and falls back on 1 Nov 2026.
    const spring = periodStarts(
      Date.UTC(2026, 2, 8, 5),
      Date.UTC(2026, 2, 10),
      'day',
      'America/New_York',
    );
    expect(spring[1]! - spring[0]!).toBe(23 * H);
    const fall = periodStarts(
      Date.UTC(2026, 10, 1, 4),
      Date.UTC(2026, 10, 3),
      'day',
      'America/New_York',
    );
    expect(fall[1]! - fall[0]!).toBe(25 * H);
    // Nepal is 05:45 ahead: its hours start at :15 UTC.
    const hours = periodStarts(
      Date.UTC(2026, 10, 27, 0, 15),
      Date.UTC(2026, 10, 27, 3),
      'hour',
      'Asia/Kathmandu',
    );
    expect(hours.map(iso)).toEqual([
      '2026-11-27T00:15:00.000Z',
      '2026-11-27T01:15:00.000Z',
      '2026-11-27T02:15:00.000Z',
    ]);
  });
});

describe('statsReport', () => {
  const from = Date.UTC(2026, 10, 27, 0);
  const to = Date.UTC(2026, 10, 29, 0);
  const row = (
    hoursIn: number,
    counter: string,
    value: number,
    extra: Partial<StatsRow> = {},
  ): StatsRow => ({
    scale: 'quarter',
    bucket: from + hoursIn * H,
    widgetId: 'support',
    agentId: null,
    counter,
    value,
    ...extra,
  });

  it('sums totals, a series with empty days, widgets and agents with their names', () => {
    const report = statsReport({
      rows: [
        row(1, 'requests', 3),
        row(1, 'connected', 2),
        row(1, 'ttc:12', 2),
        row(2, 'missed:busy', 1),
        row(30, 'requests', 1, { widgetId: 'sales' }),
        row(1, 'requests', 2, { agentId: 'asha' }),
        row(1, 'connected', 1, { agentId: 'asha' }),
        row(1, 'requests', 1, { agentId: 'gone' }),
        // Outside the range: not counted.
        row(48, 'requests', 9),
        row(-1, 'requests', 9),
      ],
      from,
      to,
      groupBy: 'day',
      timeZone: 'UTC',
      widgetIds: ['support', 'sales', 'quiet'],
      agents: [
        { id: 'asha', name: 'Asha' },
        { id: 'ravi', name: null },
      ],
    });
    expect(report.totals).toMatchObject({
      requests: 4,
      connected: 2,
      connectRate: 0.5,
      timeToConnect: { p50: 15, p95: 15 },
      missed: { busy: 1 },
    });
    expect(report.series.map((s) => [s.start, s.requests])).toEqual([
      ['2026-11-27T00:00:00.000Z', 3],
      ['2026-11-28T00:00:00.000Z', 1],
    ]);
    expect(report.widgets.map((w) => [w.widgetId, w.requests])).toEqual([
      ['support', 3],
      ['sales', 1],
      ['quiet', 0],
    ]);
    expect(report.agents.map((a) => [a.agentId, a.agentName, a.requests, a.connected])).toEqual([
      ['asha', 'Asha', 2, 1],
      ['ravi', null, 0, 0],
      ['gone', null, 1, 0],
    ]);
    expect(report).toMatchObject({ from: iso(from), to: iso(to), groupBy: 'day', timeZone: 'UTC' });
  });

  it('counts the bucket `from` falls in, and groups by hour', () => {
    const report = statsReport({
      rows: [row(0, 'requests', 1), row(1.75, 'requests', 2)],
      from: from + 5 * 60_000,
      to: from + 3 * H,
      groupBy: 'hour',
      timeZone: 'UTC',
      widgetIds: [],
      agents: [],
    });
    expect(report.series.map((s) => s.requests)).toEqual([1, 2, 0]);
  });
});

describe('readStatsReport', () => {
  /** A store holding the counters of a call every 37 minutes over 20 days, rolled up by day in `zone`. */
  async function history(zone: string, start: number): Promise<Store> {
    const store = createMemoryStore();
    const outcomes: CallState[] = ['connected', 'busy', 'not-answered', 'connected', 'failed'];
    for (let i = 0; i < (20 * 24 * 60) / 37; i++) {
      const createdAt = start + i * 37 * 60_000;
      const agentId = ['asha', 'ravi', 'meera'][i % 3]!;
      const call = sampleCall({
        createdAt,
        updatedAt: createdAt,
        widgetId: i % 4 === 0 ? 'sales' : 'support',
        agentId,
        attempts: [{ ...sampleCall().attempts[0]!, agentId }],
      });
      const state = outcomes[i % outcomes.length]!;
      const ended = { ...call, version: 2, state, updatedAt: createdAt + (i % 97) * 4_000 };
      await store.addStats([
        ...statsDeltas(undefined, call, zone),
        ...statsDeltas(call, ended, zone),
      ]);
    }
    return store;
  }

  /** The store, counting the rows each scale's reads return. */
  function counting(store: Store) {
    const read = { quarter: 0, day: 0 };
    const readStats = async (query: StatsQuery) => {
      const rows = await store.readStats(query);
      read[query.scale] += rows.length;
      return rows;
    };
    return { store: { ...store, readStats }, read };
  }

  it('reads 15-minute buckets where the days were rolled up in another zone', async () => {
    const start = Date.UTC(2026, 10, 1);
    // Rolled up by UTC days, then `console.timeZone` changed to India's.
    const store = await history('UTC', start);
    const query = {
      from: start + 2 * 86_400_000,
      to: start + 9 * 86_400_000,
      groupBy: 'day' as const,
      timeZone: 'Asia/Kolkata',
      widgetIds: ['support', 'sales'],
      agents: [],
    };
    expect(await readStatsReport(store, { ...query, rollupTimeZone: 'Asia/Kolkata' })).toEqual(
      await readStatsReport(store, { ...query, rollupTimeZone: 'UTC' }),
    );
  });

  it.each([
    ['Asia/Kolkata', Date.UTC(2026, 10, 1)],
    // Across the end of summer time (25 October): a day of 25 hours.
    ['Europe/Berlin', Date.UTC(2026, 9, 15)],
  ])(
    'gives the same figures from day roll-ups as from 15-minute buckets (%s)',
    async (zone, start) => {
      const store = await history(zone, start);
      const ranges = [
        // Whole local days, then edges in the middle of days, and mid-bucket.
        [start + 2 * 86_400_000 - 330 * 60_000, start + 12 * 86_400_000 - 330 * 60_000],
        [start + 1.3 * 86_400_000, start + 15.7 * 86_400_000],
        [start + 3 * 86_400_000 + 7 * 60_000, start + 9 * 86_400_000 + 1],
        [start + 4.2 * 86_400_000, start + 4.6 * 86_400_000],
      ];
      for (const [from, to] of ranges)
        for (const widgetId of [undefined, 'sales'])
          for (const groupBy of ['day', 'hour'] as const) {
            const query = {
              from: from!,
              to: to!,
              groupBy,
              timeZone: zone,
              ...(widgetId ? { widgetId } : {}),
              widgetIds: ['support', 'sales'],
              agents: [{ id: 'asha', name: 'Asha' }],
            };
            const rolled = counting(store);
            const quarters = counting(store);
            const withRollups = await readStatsReport(rolled.store, {
              ...query,
              rollupTimeZone: zone,
            });
            // Roll-ups kept in another zone cannot serve these days: 15-minute buckets only.
            const without = await readStatsReport(quarters.store, {
              ...query,
              rollupTimeZone: 'UTC',
            });
            expect(withRollups).toEqual(without);
            expect(quarters.read.day).toBe(0);
            if (groupBy === 'hour') expect(rolled.read.day).toBe(0);
            if (groupBy === 'day' && to! - from! > 2 * 86_400_000) {
              expect(rolled.read.day).toBeGreaterThan(0);
              expect(rolled.read.quarter + rolled.read.day).toBeLessThan(quarters.read.quarter);
            }
          }
    },
  );

  it('rejects with the first failing read, and leaves no other read unheard', async () => {
    const start = Date.UTC(2026, 10, 1);
    const store = await history('Asia/Kolkata', start);
    const query = {
      // Edges in the middle of local days: days and both edges are read at once.
      from: start + 1.3 * 86_400_000,
      to: start + 9.7 * 86_400_000,
      groupBy: 'day' as const,
      timeZone: 'Asia/Kolkata',
      rollupTimeZone: 'Asia/Kolkata',
      widgetIds: ['support', 'sales'],
      agents: [],
    };
    const unheard: unknown[] = [];
    const onUnhandled = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const failing of ['day', 'quarter'] as const) {
        const readStats = async (q: StatsQuery) => {
          if (q.scale === failing) throw new Error(`${failing} read failed`);
          return store.readStats(q);
        };
        await expect(readStatsReport({ readStats }, query)).rejects.toThrow(
          `${failing} read failed`,
        );
      }
      // Every read fails: the days' failure is the answer, the edges' are heard too.
      const failAll = async (q: StatsQuery): Promise<StatsRow[]> => {
        await new Promise((resolve) => setTimeout(resolve, q.scale === 'day' ? 0 : 5));
        throw new Error(`${q.scale} read failed`);
      };
      await expect(readStatsReport({ readStats: failAll }, query)).rejects.toThrow(
        'day read failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unheard).toEqual([]);
  });
});
