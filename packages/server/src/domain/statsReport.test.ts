import { describe, expect, it } from 'vitest';
import type { StatsRow } from './Store.js';
import { periodStarts, statsReport } from './statsReport.js';

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
  const row = (hoursIn: number, counter: string, value: number, extra: Partial<StatsRow> = {}) => ({
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
      timeToConnect: { p50: 12, p95: 12 },
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
