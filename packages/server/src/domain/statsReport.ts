// The stats endpoint's answer from the stored counters: totals, a series by local day or
// hour, and per widget and agent. Pure; the rows come from `Store.readStats`.
import type { components } from '@ringback/protocol';
import { localDay, zonedTimeToInstant } from './businessHours.js';
import {
  addRow,
  type Counters,
  STATS_BUCKET_MS,
  type StatsFigures,
  statsBucket,
  toFigures,
} from './callStats.js';
import type { StatsRow, Store } from './Store.js';

export type AdminStats = components['schemas']['AdminStats'];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface StatsReportInput {
  rows: readonly StatsRow[];
  /** ms; rows are counted by the bucket their requests were made in: each bucket overlapping `[from, to)`. */
  from: number;
  to: number;
  groupBy: 'day' | 'hour';
  /** IANA zone days and hours start in. */
  timeZone: string;
  /** The widgets to list even without numbers (the configured ones), in order. */
  widgetIds: readonly string[];
  /** The configured agents, in order: listed even without numbers, and where names come from. */
  agents: readonly { id: string; name: string | null }[];
}

/**
 * The starts of the local days (or hours) in `timeZone` that overlap `[from, to)`, the
 * first at or before `from`. A zone's days and hours start on a 15-minute boundary (every
 * real offset is a multiple of 15 minutes), so each bucket falls in exactly one. A DST jump
 * makes a day 23 or 25 hours long, and an hour that happens twice one entry.
 */
export function periodStarts(
  from: number,
  to: number,
  groupBy: 'day' | 'hour',
  timeZone: string,
): number[] {
  const candidates: number[] = [];
  const lastDay = localDay(to - 1, timeZone);
  for (let day = localDay(from, timeZone); day <= lastDay; day += DAY_MS) {
    if (groupBy === 'day') candidates.push(zonedTimeToInstant(day, timeZone));
    else
      for (let hour = 0; hour < 24; hour++)
        candidates.push(zonedTimeToInstant(day + hour * HOUR_MS, timeZone));
  }
  const sorted = [...new Set(candidates)].sort((a, b) => a - b);
  const first = Math.max(
    0,
    sorted.findLastIndex((start) => start <= from),
  );
  return sorted.slice(first).filter((start, i) => i === 0 || start < to);
}

/** The index of the last start at or before `at` (binary search). */
function periodOf(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The configured entries (the first `configured`) in order, then those only the counters
 * name, by id: an order that does not depend on which rows the counts were read from.
 */
function listed(entries: Map<string, Counters>, configured: number): [string, Counters][] {
  const all = [...entries];
  const others = all.slice(configured).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [...all.slice(0, configured), ...others];
}

export function statsReport(input: StatsReportInput): AdminStats {
  const { rows, from, to, groupBy, timeZone } = input;
  const starts = periodStarts(from, to, groupBy, timeZone);
  const totals: Counters = new Map();
  const series: Counters[] = starts.map(() => new Map());
  const widgets = new Map<string, Counters>(input.widgetIds.map((id) => [id, new Map()]));
  const agents = new Map<string, Counters>(input.agents.map((a) => [a.id, new Map()]));
  for (const row of rows) {
    if (row.bucket + STATS_BUCKET_MS <= from || row.bucket >= to) continue;
    if (row.agentId !== null) {
      const counters = agents.get(row.agentId) ?? new Map();
      agents.set(row.agentId, counters);
      addRow(counters, row);
      continue;
    }
    addRow(totals, row);
    addRow(series[periodOf(starts, row.bucket)]!, row);
    const counters = widgets.get(row.widgetId) ?? new Map();
    widgets.set(row.widgetId, counters);
    addRow(counters, row);
  }
  const names = new Map(input.agents.map((a) => [a.id, a.name]));
  return {
    from: iso(from),
    to: iso(to),
    groupBy,
    timeZone,
    totals: toFigures(totals),
    series: starts.map((start, i) => ({ start: iso(start), ...toFigures(series[i]!) })),
    widgets: listed(widgets, input.widgetIds.length).map(([widgetId, counters]) => ({
      widgetId,
      ...toFigures(counters),
    })),
    agents: listed(agents, input.agents.length).map(([agentId, counters]) => ({
      agentId,
      agentName: names.get(agentId) ?? null,
      ...(toFigures(counters) satisfies StatsFigures),
    })),
  };
}

/** The local day in `timeZone` that `at` falls in starts here. */
const dayStart = (at: number, timeZone: string) =>
  zonedTimeToInstant(localDay(at, timeZone), timeZone);

export interface StatsRowsQuery {
  from: number;
  to: number;
  groupBy: 'day' | 'hour';
  timeZone: string;
  widgetId?: string;
  /** The zone the store's day roll-ups are kept in (`console.timeZone`). */
  rollupTimeZone: string;
}

/**
 * The rows a report of `[from, to)` sums, the fewest the store has: by day in the console's
 * zone, the roll-up of each whole local day in the range and 15-minute buckets only for the
 * partial days at its edges; by hour or in another zone, 15-minute buckets throughout. Both
 * hold the same counts, so the figures are the same either way.
 */
export async function readStatsRows(
  store: Pick<Store, 'readStats'>,
  query: StatsRowsQuery,
): Promise<StatsRow[]> {
  const { to, timeZone } = query;
  const from = statsBucket(query.from);
  const widget = query.widgetId === undefined ? {} : { widgetId: query.widgetId };
  const quarters = (start: number, end: number) =>
    start < end ? store.readStats({ scale: 'quarter', from: start, to: end, ...widget }) : [];
  if (query.groupBy !== 'day' || timeZone !== query.rollupTimeZone) return quarters(from, to);
  // The whole days: from the first day start at or after `from` to the last before the
  // end of the last bucket counted.
  const end = statsBucket(to - 1) + STATS_BUCKET_MS;
  const first = periodStarts(from, end, 'day', timeZone).find((start) => start >= from);
  const last = dayStart(end, timeZone);
  if (first === undefined || first >= last) return quarters(from, to);
  // The edges are read while the days are: they are needed unless the days cannot be used.
  const edges = Promise.all([quarters(from, first), quarters(last, to)]);
  let days: StatsRow[];
  try {
    days = await store.readStats({ scale: 'day', from: first, to: last, ...widget });
  } catch (error) {
    edges.catch(() => {});
    throw error;
  }
  // Days rolled up in another zone (`console.timeZone` was changed since) start elsewhere:
  // they cannot be split, so the range is read from its 15-minute buckets instead.
  const starts = new Set(periodStarts(first, last, 'day', timeZone));
  if (days.some((row) => !starts.has(row.bucket))) {
    edges.catch(() => {});
    return quarters(from, to);
  }
  const [before, after] = await edges;
  return [...before, ...days, ...after];
}

export type StatsReportQuery = StatsRowsQuery & Omit<StatsReportInput, 'rows'>;

/** The report of `statsReport`, read from the store's counters (`readStatsRows`). */
export async function readStatsReport(
  store: Pick<Store, 'readStats'>,
  query: StatsReportQuery,
): Promise<AdminStats> {
  return statsReport({ ...query, rows: await readStatsRows(store, query) });
}
