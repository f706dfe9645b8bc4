import type { BusinessHours, Weekday } from './RingbackConfig.js';
import type { ConfigIssue } from './RingbackConfigError.js';

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const RANGE = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
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

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Parses `hours`, adding an issue per bad field; `undefined` when any is bad. */
export function parseBusinessHours(
  hours: BusinessHours,
  path: string,
  issues: ConfigIssue[],
): ResolvedHours | undefined {
  const before = issues.length;
  if (typeof hours.timeZone !== 'string' || !isValidTimeZone(hours.timeZone)) {
    issues.push({
      path: `${path}.timeZone`,
      message: `${JSON.stringify(hours.timeZone)} is not an IANA time zone (e.g. "Asia/Kolkata")`,
    });
  }
  const weekly: [number, number][][] = WEEKDAYS.map(() => []);
  if (!hours.weekly || typeof hours.weekly !== 'object' || Array.isArray(hours.weekly)) {
    issues.push({
      path: `${path}.weekly`,
      message: 'must be an object of weekday (mon…sun) to ranges like ["09:00-18:00"]',
    });
  } else {
    for (const [day, ranges] of Object.entries(hours.weekly)) {
      const index = WEEKDAYS.indexOf(day as Weekday);
      if (index === -1) {
        issues.push({
          path: `${path}.weekly.${day}`,
          message: `unknown weekday; use ${WEEKDAYS.join(', ')}`,
        });
        continue;
      }
      if (!Array.isArray(ranges)) {
        issues.push({
          path: `${path}.weekly.${day}`,
          message: 'must be a list of ranges like "09:00-18:00"',
        });
        continue;
      }
      ranges.forEach((range, i) => {
        const m = typeof range === 'string' ? RANGE.exec(range) : null;
        const start = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
        const end = m ? Number(m[3]) * 60 + Number(m[4]) : Number.NaN;
        if (!m || start >= 1440 || end > 1440 || start === end) {
          issues.push({
            path: `${path}.weekly.${day}[${i}]`,
            message: `${JSON.stringify(range)} is not a range like "09:00-18:00" (24:00 only as an end; an end before the start runs past midnight)`,
          });
          return;
        }
        weekly[index]!.push([start, end]);
      });
    }
  }
  const closedDates = new Set<string>();
  if (hours.closedDates !== undefined) {
    if (!Array.isArray(hours.closedDates)) {
      issues.push({
        path: `${path}.closedDates`,
        message: 'must be a list of dates like "2026-01-26"',
      });
    } else {
      hours.closedDates.forEach((date, i) => {
        const m = typeof date === 'string' ? DATE.exec(date) : null;
        const valid =
          m &&
          new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
            .toISOString()
            .startsWith(date);
        if (!valid)
          issues.push({
            path: `${path}.closedDates[${i}]`,
            message: `${JSON.stringify(date)} is not a date like "2026-01-26"`,
          });
        else closedDates.add(date);
      });
    }
  }
  for (const key of Object.keys(hours)) {
    if (!['timeZone', 'weekly', 'closedDates'].includes(key))
      issues.push({ path: `${path}.${key}`, message: 'unknown field' });
  }
  if (issues.length > before) return undefined;
  return { timeZone: hours.timeZone, weekly, closedDates };
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

/** The wall-clock reading in `timeZone` at `instant`, as if it were UTC. */
function wallClock(instant: number, timeZone: string): number {
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
