import { describe, expect, it } from 'vitest';
import { hoursStatus, parseBusinessHours, wallClock, zonedTimeToInstant } from './businessHours.js';
import type { BusinessHours } from './RingbackConfig.js';
import type { ConfigIssue } from './RingbackConfigError.js';

function parse(hours: BusinessHours) {
  const issues: ConfigIssue[] = [];
  const resolved = parseBusinessHours(hours, 'hours', issues);
  expect(issues).toEqual([]);
  return resolved!;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);

// 2026-11-27 is a Friday.
const kolkata = parse({
  timeZone: 'Asia/Kolkata',
  weekly: {
    mon: ['09:00-18:00'],
    tue: ['09:00-18:00'],
    wed: ['09:00-18:00'],
    thu: ['09:00-18:00'],
    fri: ['09:00-13:00', '14:00-18:00'],
  },
  closedDates: ['2026-11-30'],
});

describe('business hours', () => {
  it('is open inside a range and says when it closes', () => {
    // 10:00 IST = 04:30 UTC.
    expect(hoursStatus(kolkata, at('2026-11-27T04:30:00Z'))).toEqual({
      open: true,
      nextOpening: null,
      closesAt: at('2026-11-27T07:30:00Z'),
    });
  });

  it('is closed over lunch and opens again at 14:00 local', () => {
    const status = hoursStatus(kolkata, at('2026-11-27T08:00:00Z')); // 13:30 IST
    expect(status.open).toBe(false);
    expect(iso(status.nextOpening)).toBe('2026-11-27T08:30:00.000Z');
  });

  it('skips the weekend and a closed date to find the next opening', () => {
    // Friday 19:00 IST; Monday 30 Nov is a holiday, so Tuesday 09:00 IST.
    expect(iso(hoursStatus(kolkata, at('2026-11-27T13:30:00Z')).nextOpening)).toBe(
      '2026-12-01T03:30:00.000Z',
    );
  });

  it('treats the opening minute as open and the closing minute as closed', () => {
    expect(hoursStatus(kolkata, at('2026-11-27T03:30:00Z')).open).toBe(true);
    expect(hoursStatus(kolkata, at('2026-11-27T12:30:00Z')).open).toBe(false);
  });

  it('is always open without hours', () => {
    expect(hoursStatus(undefined, 0)).toEqual({ open: true, nextOpening: null, closesAt: null });
  });

  it('runs a range past midnight into the next day, merged with what follows', () => {
    const night = parse({
      timeZone: 'UTC',
      weekly: { fri: ['22:00-02:00'], sat: ['02:00-04:00'] },
    });
    expect(hoursStatus(night, at('2026-11-28T01:00:00Z'))).toEqual({
      open: true,
      nextOpening: null,
      closesAt: at('2026-11-28T04:00:00Z'),
    });
    expect(hoursStatus(night, at('2026-11-27T21:59:00Z')).nextOpening).toBe(
      at('2026-11-27T22:00:00Z'),
    );
  });

  it('closes only the holiday part of a range that crosses midnight', () => {
    const night = parse({
      timeZone: 'UTC',
      weekly: { fri: ['22:00-02:00'] },
      closedDates: ['2026-11-28'],
    });
    expect(hoursStatus(night, at('2026-11-27T23:00:00Z'))).toMatchObject({
      open: true,
      closesAt: at('2026-11-28T00:00:00Z'),
    });
    expect(hoursStatus(night, at('2026-11-28T01:00:00Z')).open).toBe(false);
  });

  it('follows daylight saving time', () => {
    const ny = parse({ timeZone: 'America/New_York', weekly: { mon: ['09:00-17:00'] } });
    // 2026-03-09 (EDT, UTC-4) and 2026-11-02 (EST, UTC-5) are Mondays.
    expect(hoursStatus(ny, at('2026-03-09T13:30:00Z')).open).toBe(true);
    expect(hoursStatus(ny, at('2026-03-09T12:30:00Z')).nextOpening).toBe(
      at('2026-03-09T13:00:00Z'),
    );
    expect(hoursStatus(ny, at('2026-11-02T13:30:00Z')).nextOpening).toBe(
      at('2026-11-02T14:00:00Z'),
    );
  });

  it('maps a wall-clock time in a DST gap to the instant after the jump', () => {
    // 2026-03-08 02:30 does not exist in New York.
    const instant = zonedTimeToInstant(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York');
    expect(new Date(instant).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('finds an opening after a long run of closed dates', () => {
    const dates = Array.from({ length: 20 }, (_, i) =>
      new Date(Date.UTC(2026, 11, 1 + i)).toISOString().slice(0, 10),
    );
    const hours = parse({
      timeZone: 'UTC',
      weekly: {
        mon: ['09:00-10:00'],
        tue: ['09:00-10:00'],
        wed: ['09:00-10:00'],
        thu: ['09:00-10:00'],
        fri: ['09:00-10:00'],
        sat: ['09:00-10:00'],
        sun: ['09:00-10:00'],
      },
      closedDates: dates,
    });
    expect(iso(hoursStatus(hours, at('2026-11-30T12:00:00Z')).nextOpening)).toBe(
      '2026-12-21T09:00:00.000Z',
    );
  });

  it('never opens with an empty week', () => {
    expect(hoursStatus(parse({ timeZone: 'UTC', weekly: {} }), 0)).toEqual({
      open: false,
      nextOpening: null,
      closesAt: null,
    });
  });

  it('names each bad field', () => {
    const issues: ConfigIssue[] = [];
    const result = parseBusinessHours(
      {
        timeZone: 'Mars/Olympus',
        weekly: {
          mon: ['9-5', '18:00-18:00', '24:00-01:00'],
          funday: ['09:00-10:00'],
        } as BusinessHours['weekly'],
        closedDates: ['2026-02-30', 'soon'],
        holidays: [],
      } as unknown as BusinessHours,
      'widgets[0].hours',
      issues,
    );
    expect(result).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual([
      'widgets[0].hours.holidays',
      'widgets[0].hours.timeZone',
      'widgets[0].hours.weekly.mon[0]',
      'widgets[0].hours.weekly.mon[1]',
      'widgets[0].hours.weekly.mon[2]',
      'widgets[0].hours.weekly.funday',
      'widgets[0].hours.closedDates[0]',
      'widgets[0].hours.closedDates[1]',
    ]);
  });
});

/** The status computed the way it was before the cache, straight from Intl, as a reference. */
function referenceStatus(hours: ReturnType<typeof parse>, now: number) {
  const DAY = 86_400_000;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const wall = (t: number) => {
    const p: Record<string, number> = {};
    for (const x of fmt.formatToParts(t)) if (x.type !== 'literal') p[x.type] = Number(x.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  };
  const instant = (local: number) => {
    const first = local - (wall(local) - local);
    const second = local - (wall(first) - first);
    const exact = [first, second].filter((t) => wall(t) === local);
    return exact.length > 0 ? Math.min(...exact) : Math.max(first, second);
  };
  const today = Math.floor(wall(now) / DAY) * DAY;
  for (const days of [8, 400]) {
    const out: [number, number][] = [];
    for (let k = 0; k <= days; k++) {
      const day = today - DAY + k * DAY;
      for (const [start, end] of hours.weekly[new Date(day).getUTCDay()]!) {
        const pieces: [number, number][] =
          end > start
            ? [[start, end]]
            : [
                [start, 1440],
                [1440, 1440 + end],
              ];
        for (const [s, e] of pieces) {
          const date = new Date(day + Math.floor(s / 1440) * DAY).toISOString().slice(0, 10);
          if (hours.closedDates.has(date)) continue;
          out.push([instant(day + s * 60_000), instant(day + e * 60_000)]);
        }
      }
    }
    out.sort((a, b) => a[0] - b[0]);
    const ranges: [number, number][] = [];
    for (const r of out) {
      const last = ranges[ranges.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else ranges.push([...r]);
    }
    const current = ranges.find(([s, e]) => s <= now && now < e);
    if (current) return { open: true, nextOpening: null, closesAt: current[1] };
    const next = ranges.find(([s]) => s > now);
    if (next) return { open: false, nextOpening: next[0], closesAt: null };
  }
  return { open: false, nextOpening: null, closesAt: null };
}

describe('business hours, cached until the next change', () => {
  it('does not serve a status computed just before closing after it', () => {
    const hours = parse({ timeZone: 'Asia/Kolkata', weekly: { fri: ['09:00-18:00'] } });
    const closing = at('2026-11-27T12:30:00Z'); // Friday 18:00 IST
    expect(hoursStatus(hours, closing - 1)).toEqual({
      open: true,
      nextOpening: null,
      closesAt: closing,
    });
    expect(hoursStatus(hours, closing)).toEqual({
      open: false,
      nextOpening: at('2026-12-04T03:30:00Z'),
      closesAt: null,
    });
    // And back again: an earlier instant is not answered from the later status.
    expect(hoursStatus(hours, closing - 1).open).toBe(true);
  });

  it('does not serve a status computed just before opening after it', () => {
    const hours = parse({ timeZone: 'Asia/Kolkata', weekly: { fri: ['09:00-18:00'] } });
    const opening = at('2026-11-27T03:30:00Z'); // Friday 09:00 IST
    expect(hoursStatus(hours, opening - 1)).toMatchObject({ open: false, nextOpening: opening });
    expect(hoursStatus(hours, opening)).toMatchObject({
      open: true,
      closesAt: opening + 9 * 3600_000,
    });
  });

  it('recomputes at local midnight, where the window of openings moves', () => {
    const allDay = ['00:00-24:00'];
    const hours = parse({
      timeZone: 'Asia/Kolkata',
      weekly: {
        mon: allDay,
        tue: allDay,
        wed: allDay,
        thu: allDay,
        fri: allDay,
        sat: allDay,
        sun: allDay,
      },
    });
    const midnight = at('2026-11-27T18:30:00Z'); // Saturday 00:00 IST
    for (const t of [midnight - 1, midnight, midnight - 1, midnight + 1]) {
      expect(hoursStatus(hours, t)).toEqual(referenceStatus(hours, t));
    }
    expect(hoursStatus(hours, midnight).closesAt).not.toBe(
      hoursStatus(hours, midnight - 1).closesAt,
    );
  });

  it('gives callers a copy they cannot change the cache through', () => {
    const hours = parse({ timeZone: 'UTC', weekly: { fri: ['09:00-18:00'] } });
    const now = at('2026-11-27T10:00:00Z');
    const status = hoursStatus(hours, now);
    status.open = false;
    status.closesAt = 0;
    expect(hoursStatus(hours, now)).toEqual({
      open: true,
      nextOpening: null,
      closesAt: at('2026-11-27T18:00:00Z'),
    });
  });

  it('answers like the uncached computation, moving forward and back through a year', () => {
    const schedules = [
      kolkata,
      parse({
        timeZone: 'America/New_York',
        weekly: { mon: ['09:00-17:00'], sun: ['01:00-03:30'] },
      }),
      parse({
        timeZone: 'UTC',
        weekly: { fri: ['22:00-02:00'], sat: ['02:00-04:00'] },
        closedDates: ['2026-12-05'],
      }),
      parse({
        timeZone: 'America/Santiago',
        weekly: { sat: ['22:00-01:00'], sun: ['00:00-02:00'] },
      }),
      parse({
        timeZone: 'Australia/Lord_Howe',
        weekly: { sun: ['01:00-03:00'], mon: ['00:00-24:00'] },
      }),
      parse({
        timeZone: 'Europe/London',
        weekly: { tue: ['00:00-24:00'], wed: ['00:00-24:00'], sun: ['00:30-02:30'] },
      }),
      parse({ timeZone: 'UTC', weekly: {} }),
    ];
    // A deterministic pseudo-random walk: steps from a second to two days, sometimes back.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (const hours of schedules) {
      let t = at('2026-01-01T00:00:00Z');
      for (let i = 0; i < 400; i++) {
        const step = Math.floor(random() ** 3 * 2 * 86_400_000);
        t += random() < 0.1 ? -step / 4 : step;
        const expected = referenceStatus(hours, t);
        expect(hoursStatus(hours, t), `${hours.timeZone} at ${new Date(t).toISOString()}`).toEqual(
          expected,
        );
        // Right at and around the boundary the status names.
        const boundary = expected.closesAt ?? expected.nextOpening;
        if (boundary !== null) {
          for (const b of [boundary - 1, boundary, boundary + 1])
            expect(hoursStatus(hours, b)).toEqual(referenceStatus(hours, b));
        }
      }
    }
  });
});

describe('wallClock', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  /** The local reading as Intl writes it out ("2026-03-29 01:59:59" in Swedish), as if it were UTC. */
  function reference(instant: number, timeZone: string): number {
    let format = formats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        dateStyle: 'short',
        timeStyle: 'medium',
      });
      formats.set(timeZone, format);
    }
    return Date.parse(`${format.format(instant).replace(' ', 'T')}Z`);
  }
  const offsetAt = (t: number, zone: string) => reference(t, zone) - Math.floor(t / 1000) * 1000;

  it.each([
    'Europe/Berlin',
    'America/New_York',
    // Half-hour summer time, and offsets of a quarter and three quarters of an hour.
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/St_Johns',
    'Asia/Kolkata',
  ])('reads what Intl reads, to the second, around every offset change of 2026 (%s)', (zone) => {
    const start = Date.UTC(2026, 0, 1);
    const step = 3 * 3_600_000 + 7_331;
    let changes = 0;
    let offset = offsetAt(start, zone);
    for (let t = start; t < start + 366 * 86_400_000; t += step) {
      expect(wallClock(t, zone)).toBe(reference(t, zone));
      if (offsetAt(t, zone) === offset) continue;
      changes++;
      // The second of the change, then every second (with milliseconds) around it.
      let [before, after] = [t - step, t];
      while (after - before > 1000) {
        const mid = Math.floor((before + after) / 2);
        if (offsetAt(mid, zone) === offset) before = mid;
        else after = mid;
      }
      for (let u = after - 90_000; u < after + 90_000; u += 997)
        expect(wallClock(u, zone)).toBe(reference(u, zone));
      offset = offsetAt(t, zone);
    }
    expect(changes).toBe(['Asia/Kathmandu', 'Asia/Kolkata'].includes(zone) ? 0 : 2);
  });
});
