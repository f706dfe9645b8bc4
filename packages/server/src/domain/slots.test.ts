import { describe, expect, it } from 'vitest';
import { parseBusinessHours } from './businessHours.js';
import type { BusinessHours } from './RingbackConfig.js';
import { computeSlots, findSlot } from './slots.js';

function hours(config: BusinessHours) {
  const parsed = parseBusinessHours(config, 'hours', []);
  if (!parsed) throw new Error('bad hours');
  return parsed;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const starts = (slots: { start: number }[]) => slots.map((s) => iso(s.start));

const kolkata = hours({
  timeZone: 'Asia/Kolkata',
  weekly: {
    mon: ['10:00-13:00', '14:00-18:00'],
    tue: ['10:00-13:00', '14:00-18:00'],
    wed: ['10:00-13:00', '14:00-18:00'],
    thu: ['10:00-13:00', '14:00-18:00'],
    fri: ['10:00-13:00', '14:00-18:00'],
    sat: ['10:00-14:00'],
  },
  closedDates: ['2026-11-28'],
});
/** Friday 27 Nov 2026, 12:10 in Kolkata. */
const FRIDAY_NOON = Date.UTC(2026, 10, 27, 6, 40);

describe('callback slots', () => {
  it('cuts the rest of today’s openings in Kolkata, skipping a closed Saturday and a closed Sunday', () => {
    const slots = computeSlots({
      hours: kolkata,
      agentHours: [undefined],
      slotMinutes: 60,
      days: 3,
      now: FRIDAY_NOON,
    });
    // 14:00…17:00 IST; the 12:00 slot has started; Saturday is a closed date; Sunday has no hours.
    expect(starts(slots)).toEqual([
      '2026-11-27T08:30',
      '2026-11-27T09:30',
      '2026-11-27T10:30',
      '2026-11-27T11:30',
    ]);
    expect(slots[0]!.end - slots[0]!.start).toBe(3_600_000);
    const withMonday = computeSlots({
      hours: kolkata,
      agentHours: [undefined],
      slotMinutes: 60,
      days: 4,
      now: FRIDAY_NOON,
    });
    expect(withMonday).toHaveLength(4 + 7);
    expect(iso(withMonday[4]!.start)).toBe('2026-11-30T04:30');
  });

  it('keeps only slots some agent’s own hours cover whole', () => {
    const mornings = hours({
      timeZone: 'Asia/Kolkata',
      weekly: { mon: ['10:00-11:30'], fri: ['10:00-12:00'] },
    });
    const slots = computeSlots({
      hours: kolkata,
      agentHours: [mornings],
      slotMinutes: 60,
      days: 4,
      now: FRIDAY_NOON,
    });
    // Friday afternoon is nobody's; on Monday 10:00–11:00 fits, 11:00–12:00 does not.
    expect(starts(slots)).toEqual(['2026-11-30T04:30']);
    // A second agent without hours of their own covers every opening.
    expect(
      computeSlots({
        hours: kolkata,
        agentHours: [mornings, undefined],
        slotMinutes: 60,
        days: 4,
        now: FRIDAY_NOON,
      }),
    ).toHaveLength(11);
  });

  it('leaves out a slot that would run past the closing', () => {
    const slots = computeSlots({
      hours: kolkata,
      agentHours: [undefined],
      slotMinutes: 90,
      days: 1,
      now: FRIDAY_NOON,
    });
    // 14:00–15:30, 15:30–17:00; 17:00–18:30 would overrun 18:00.
    expect(starts(slots)).toEqual(['2026-11-27T08:30', '2026-11-27T10:00']);
  });

  it('follows London across the autumn change, in UTC, and a closed date after it', () => {
    const london = hours({
      timeZone: 'Europe/London',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['09:00-11:00']]),
      ),
      closedDates: ['2026-10-26'],
    });
    // Saturday 24 Oct 2026, 07:00 BST; clocks go back on Sunday the 25th.
    const now = Date.UTC(2026, 9, 24, 6, 0);
    const slots = computeSlots({
      hours: london,
      agentHours: [undefined],
      slotMinutes: 60,
      days: 4,
      now,
    });
    expect(starts(slots)).toEqual([
      '2026-10-24T08:00', // 09:00 BST
      '2026-10-24T09:00',
      '2026-10-25T09:00', // 09:00 GMT
      '2026-10-25T10:00',
      // Monday the 26th is closed.
      '2026-10-27T09:00',
      '2026-10-27T10:00',
    ]);
  });

  it('holds one hour of slots in a two-hour opening across the spring-forward gap', () => {
    const london = hours({ timeZone: 'Europe/London', weekly: { sun: ['01:00-03:00'] } });
    // Saturday 28 Mar 2026; at 01:00 GMT on Sunday the clocks jump to 02:00 BST.
    const now = Date.UTC(2026, 2, 28, 12, 0);
    const slots = computeSlots({
      hours: london,
      agentHours: [undefined],
      slotMinutes: 30,
      days: 2,
      now,
    });
    expect(starts(slots)).toEqual(['2026-03-29T01:00', '2026-03-29T01:30']);
  });

  it('finds an offered slot by its exact start, and nothing else', () => {
    const options = {
      hours: kolkata,
      agentHours: [undefined],
      slotMinutes: 60,
      days: 2,
      now: FRIDAY_NOON,
    };
    expect(findSlot(options, Date.UTC(2026, 10, 27, 8, 30))).toBeDefined();
    expect(findSlot(options, Date.UTC(2026, 10, 27, 8, 31))).toBeUndefined();
    // Started already, and past `days`.
    expect(findSlot(options, Date.UTC(2026, 10, 27, 5, 30))).toBeUndefined();
    expect(findSlot(options, Date.UTC(2026, 10, 30, 4, 30))).toBeUndefined();
  });
});
