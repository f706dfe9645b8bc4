// The stats endpoint's answer from the stored counters: totals, a series by local day or
// hour, and per widget and agent. Pure; the rows come from `Store.readStats`.
import type { components } from '@ringback/protocol';
import { localDay, zonedTimeToInstant } from './businessHours.js';
import {
  addRow,
  type Counters,
  STATS_BUCKET_MS,
  type StatsFigures,
  toFigures,
} from './callStats.js';
import type { StatsRow } from './Store.js';

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
    widgets: [...widgets].map(([widgetId, counters]) => ({
      widgetId,
      ...toFigures(counters),
    })),
    agents: [...agents].map(([agentId, counters]) => ({
      agentId,
      agentName: names.get(agentId) ?? null,
      ...(toFigures(counters) satisfies StatsFigures),
    })),
  };
}
