import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../config/RingbackConfig.js';
import type { ConfigIssue } from '../config/RingbackConfigError.js';
import { hoursStatus, parseBusinessHours, zonedTimeToInstant } from './businessHours.js';

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
      'widgets[0].hours.timeZone',
      'widgets[0].hours.weekly.mon[0]',
      'widgets[0].hours.weekly.mon[1]',
      'widgets[0].hours.weekly.mon[2]',
      'widgets[0].hours.weekly.funday',
      'widgets[0].hours.closedDates[0]',
      'widgets[0].hours.closedDates[1]',
      'widgets[0].hours.holidays',
    ]);
  });
});
