import * as v from 'valibot';
import { toConfigIssues } from './configIssues.js';
import { businessHoursSchema, parseRange } from './hoursSchema.js';
import type { BusinessHours, Weekday } from './RingbackConfig.js';
import type { ConfigIssue } from './RingbackConfigError.js';

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;

/** Business hours, parsed: minutes since local midnight per weekday (0 = Sunday). */
export interface ResolvedHours {
  timeZone: string;
  weekly: [start: number, end: number][][];
  closedDates: Set<string>;
}

export interface HoursStatus {
  open: boolean;
  /** While closed: the next opening (ms), `null` if the schedule never opens again. */
  nextOpening: number | null;
  /** While open: when this opening ends (ms). */
  closesAt: number | null;
}

/** Parses `hours`, adding an issue per bad field under `path`; `undefined` when any is bad. */
export function parseBusinessHours(
  hours: BusinessHours,
  path: string,
  issues: ConfigIssue[],
): ResolvedHours | undefined {
  const result = v.safeParse(businessHoursSchema, hours);
  if (!result.success) {
    issues.push(...toConfigIssues(result.issues, path));
    return undefined;
  }
  const { timeZone, weekly, closedDates } = result.output;
  return {
    timeZone,
    weekly: WEEKDAYS.map((day) => (weekly[day] ?? []).map((range) => parseRange(range)!)),
    closedDates: new Set(closedDates),
  };
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading in `timeZone` at `instant` (to the second), as if it were UTC. */
function readWallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of format(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
}

const HOUR_MS = 3_600_000;
/** Hours kept at most, over every zone (well under a megabyte); then the cache starts again. */
const MAX_CACHED_HOURS = 16_384;
// Per zone: UTC hour (ms / HOUR_MS) → the zone's offset throughout it, in ms.
const offsets = new Map<string, Map<number, number>>();
let cachedHours = 0;

/**
 * The wall-clock reading in `timeZone` at `instant` (to the second), as if it were UTC.
 * `formatToParts` costs microseconds and the stats, slots and reports ask for thousands,
 * so the offset is kept per UTC hour: when it is the same at the hour's first and last
 * second, it holds for the whole hour (the tz database never changes a zone's offset
 * twice within an hour). An hour with a change in it is read each time.
 */
export function wallClock(instant: number, timeZone: string): number {
  const hour = Math.floor(instant / HOUR_MS);
  let offset = offsets.get(timeZone)?.get(hour);
  if (offset === undefined) {
    const first = hour * HOUR_MS;
    const last = first + HOUR_MS - 1000;
    offset = readWallClock(first, timeZone) - first;
    if (readWallClock(last, timeZone) - last !== offset) return readWallClock(instant, timeZone);
    if (cachedHours >= MAX_CACHED_HOURS) {
      offsets.clear();
      cachedHours = 0;
    }
    let zone = offsets.get(timeZone);
    if (!zone) {
      zone = new Map();
      offsets.set(timeZone, zone);
    }
    zone.set(hour, offset);
    cachedHours++;
  }
  return Math.floor(instant / 1000) * 1000 + offset;
}

/**
 * The instant a local wall-clock time happens in `timeZone`. In a DST gap the time
 * does not exist and the instant after the jump is used; in an overlap, the first.
 */
export function zonedTimeToInstant(localAsUtc: number, timeZone: string): number {
  // The offset is one of the zone's offsets around that time; try both candidates.
  const first = localAsUtc - (wallClock(localAsUtc, timeZone) - localAsUtc);
  const atFirst = wallClock(first, timeZone);
  const second = localAsUtc - (atFirst - first);
  // Almost always the same offset twice: no need to read the clock at `second` again.
  const atSecond = second === first ? atFirst : wallClock(second, timeZone);
  const firstExact = atFirst === localAsUtc;
  const secondExact = atSecond === localAsUtc;
  if (firstExact && secondExact) return Math.min(first, second);
  if (firstExact) return first;
  if (secondExact) return second;
  return Math.max(first, second);
}

function isoDate(localMidnight: number): string {
  return new Date(localMidnight).toISOString().slice(0, 10);
}

/** Openings as instants for the local dates `firstDay`…`firstDay + days`, sorted and merged. */
function openings(hours: ResolvedHours, firstDay: number, days: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k <= days; k++) {
    const day = firstDay + k * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    for (const [start, end] of hours.weekly[weekday]!) {
      // A range past midnight is two pieces, each closed by its own date's holiday.
      const pieces: [number, number][] =
        end > start
          ? [[start, end]]
          : [
              [start, 1440],
              [1440, 1440 + end],
            ];
      for (const [s, e] of pieces) {
        const date = isoDate(day + Math.floor(s / 1440) * DAY_MS);
        if (hours.closedDates.has(date)) continue;
        out.push([
          zonedTimeToInstant(day + s * 60_000, hours.timeZone),
          zonedTimeToInstant(day + e * 60_000, hours.timeZone),
        ]);
      }
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of out) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The local midnight (as if UTC) of the date `instant` falls on in `timeZone`. */
export function localDay(instant: number, timeZone: string): number {
  return Math.floor(wallClock(instant, timeZone) / DAY_MS) * DAY_MS;
}

/**
 * The openings of `hours` on the local dates `firstDay` (a local midnight, as if UTC)
 * through `firstDay + days`, as instants, sorted and merged; closed dates left out.
 */
export function openingRanges(
  hours: ResolvedHours,
  firstDay: number,
  days: number,
): [start: number, end: number][] {
  return openings(hours, firstDay, days);
}

interface StatusSpan {
  status: HoursStatus;
  /** `status` is the answer for every instant in [from, until). */
  from: number;
  until: number;
}

/**
 * The status at `now`, and the instants around `now` for which the same computation
 * gives the same answer: the same local date (which sets the window of openings) and
 * the same opening or gap between openings. Local dates only move forward: a fall-back
 * transition never takes the wall clock back across midnight in the tz database.
 */
function statusSpan(hours: ResolvedHours, now: number): StatusSpan {
  const { timeZone } = hours;
  const today = Math.floor(wallClock(now, timeZone) / DAY_MS) * DAY_MS;
  const dayStart = zonedTimeToInstant(today, timeZone);
  const dayEnd = zonedTimeToInstant(today + DAY_MS, timeZone);
  // A week ahead answers almost every schedule; long runs of holidays need a year.
  for (const days of [8, 400]) {
    const ranges = openings(hours, today - DAY_MS, days);
    // Only the week's answer holds before `now`: earlier, the week might answer differently.
    const earliest = (start: number) => (days === 8 ? Math.max(start, dayStart) : now);
    const current = ranges.find(([s, e]) => s <= now && now < e);
    if (current) {
      return {
        status: { open: true, nextOpening: null, closesAt: current[1] },
        from: earliest(current[0]),
        until: Math.min(current[1], dayEnd),
      };
    }
    const nextIndex = ranges.findIndex(([s]) => s > now);
    if (nextIndex !== -1) {
      const next = ranges[nextIndex]![0];
      return {
        status: { open: false, nextOpening: next, closesAt: null },
        from: earliest(nextIndex > 0 ? ranges[nextIndex - 1]![1] : dayStart),
        until: Math.min(next, dayEnd),
      };
    }
  }
  return { status: { open: false, nextOpening: null, closesAt: null }, from: now, until: dayEnd };
}

// The last answer per schedule, reused until the next opening, closing or local midnight.
const spans = new WeakMap<ResolvedHours, StatusSpan>();

/** Whether a widget is open at `now`, and when that changes. Without hours: always open. */
export function hoursStatus(hours: ResolvedHours | undefined, now: number): HoursStatus {
  if (!hours) return { open: true, nextOpening: null, closesAt: null };
  let span = spans.get(hours);
  if (!span || now < span.from || now >= span.until) {
    span = statusSpan(hours, now);
    // Only a span that contains `now` is worth keeping (always, unless the zone is odd).
    if (span.from <= now && now < span.until) spans.set(hours, span);
  }
  return { ...span.status };
}
