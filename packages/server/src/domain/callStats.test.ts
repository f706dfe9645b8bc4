import { describe, expect, it } from 'vitest';
import { sampleAttempt, sampleCall, SAMPLE_TIME as T0 } from '../testing/storeSamples.js';
import {
  type Counters,
  STATS_BUCKET_MS,
  statsBucket,
  statsDayRollups,
  statsDeltas,
  toFigures,
  ttcBin,
  ttcBinValue,
  ttcPercentile,
} from './callStats.js';
import type { CallRecord, StatsDelta } from './Store.js';

const attempt = sampleAttempt;

/** The deltas as `agent counter +by`, sorted, for readable expectations. */
const readable = (deltas: StatsDelta[]) =>
  deltas.map((d) => `${d.agentId ?? '-'} ${d.counter} +${d.by}`).sort();

/** The deltas in 15-minute buckets (each also comes rolled up by day, tested on its own). */
const quarters = (before: CallRecord | undefined, after: CallRecord) =>
  statsDeltas(before, after, 'UTC').filter((d) => d.scale === 'quarter');

const at = (call: CallRecord, changes: Partial<CallRecord>): CallRecord => ({
  ...call,
  version: call.version + 1,
  ...changes,
});

describe('statsDeltas', () => {
  it('counts a request and its first agent once, in the bucket it was made in', () => {
    const call = sampleCall({ createdAt: T0 + 7 * 60_000, attempts: [attempt(1, 'asha')] });
    const deltas = quarters(undefined, call);
    expect(readable(deltas)).toEqual(['- requests +1', 'asha requests +1']);
    for (const d of deltas) expect(d).toMatchObject({ bucket: T0, widgetId: 'support' });
  });

  it('counts connected and the time to connect once, for the call and its agent', () => {
    const call = sampleCall({ attempts: [attempt(1, 'asha')], agentId: 'asha' });
    const ringing = at(call, { state: 'dialing-you' });
    const connected = at(ringing, { state: 'connected', updatedAt: T0 + 42_500 });
    expect(readable(quarters(call, ringing))).toEqual([]);
    expect(readable(quarters(ringing, connected))).toEqual([
      '- connected +1',
      '- ttc:30 +1',
      'asha connected +1',
      'asha ttc:30 +1',
    ]);
    // A later change of a connected call (its conversation's length) counts nothing more.
    expect(quarters(connected, at(connected, { conversationSeconds: 30 }))).toEqual([]);
  });

  it('times a booked callback from its slot, not from when it was booked', () => {
    const slot = T0 + 3 * 3_600_000;
    const call = sampleCall({
      state: 'dialing-you',
      schedule: { scheduledFor: slot } as CallRecord['schedule'],
    });
    const connected = at(call, { state: 'connected', updatedAt: slot + 65_000 });
    expect(readable(quarters(call, connected))).toContain('- ttc:60 +1');
    // The bucket is still the request's (the cohort), hours before.
    expect(quarters(call, connected)[0]!.bucket).toBe(T0);
  });

  it('counts a miss when the call ends missed, by reason, and never again', () => {
    const call = sampleCall({ state: 'dialing-you', attempts: [attempt(1, 'asha')] });
    const missed = at(call, {
      state: 'not-answered',
      attempts: [attempt(1, 'asha', { outcome: 'not-answered', endedAt: T0 + 1 })],
    });
    expect(readable(quarters(call, missed))).toEqual([
      '- missed:not-answered +1',
      'asha missed:not-answered +1',
    ]);
    expect(quarters(missed, at(missed, { recordingUrl: 'https://r.example/1.mp3' }))).toEqual([]);
  });

  it('does not count a round waiting for its retry as missed, nor the retry as a request', () => {
    const call = sampleCall({ state: 'dialing-you', attempts: [attempt(1, 'asha')] });
    const waiting = at(call, {
      state: 'retry-scheduled',
      attempts: [attempt(1, 'asha', { outcome: 'busy' })],
    });
    // The call is not missed yet; the agent's attempt was.
    expect(readable(quarters(call, waiting))).toEqual(['asha missed:busy +1']);
    const retried = at(waiting, {
      state: 'requested',
      attempt: 2,
      agentId: 'ravi',
      attempts: [...waiting.attempts, attempt(2, 'ravi')],
    });
    expect(readable(quarters(waiting, retried))).toEqual(['ravi requests +1']);
    const answered = at(retried, { state: 'connected', updatedAt: T0 + 600_000 });
    expect(readable(quarters(retried, answered))).toEqual([
      '- connected +1',
      '- ttc:600 +1',
      'ravi connected +1',
      'ravi ttc:600 +1',
    ]);
  });

  it("counts each agent of a group by their own attempt's outcome", () => {
    const call = sampleCall({ state: 'dialing-agent', attempts: [attempt(1, 'asha')] });
    const next = at(call, {
      attempt: 2,
      agentId: 'ravi',
      attempts: [attempt(1, 'asha', { outcome: 'agent-unavailable' }), attempt(2, 'ravi')],
    });
    expect(readable(quarters(call, next))).toEqual([
      'asha missed:agent-unavailable +1',
      'ravi requests +1',
    ]);
  });

  it('counts a request nobody could be tried for as missed at once', () => {
    const call = sampleCall({
      state: 'agent-unavailable',
      attempt: 0,
      agentId: null,
      attempts: [],
    });
    expect(readable(quarters(undefined, call))).toEqual([
      '- missed:agent-unavailable +1',
      '- requests +1',
    ]);
  });

  it('counts neither completed, canceled nor ended as missed', () => {
    for (const state of ['completed', 'canceled', 'ended'] as const) {
      const call = sampleCall({ state: 'dialing-agent' });
      expect(quarters(call, at(call, { state }))).toEqual([]);
    }
  });
});

describe('time to connect', () => {
  it('bins by the edges 0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300 and 600 seconds', () => {
    expect(
      [0, 4.9, 5, 14, 15, 29, 30, 59, 60, 119.9, 120, 179, 180, 299, 300, 599, 600, 86_400, -3].map(
        ttcBin,
      ),
    ).toEqual([0, 0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 120, 180, 180, 300, 300, 600, 600, 0]);
    expect([0, 5, 20, 45, 90, 120, 300, 600].map(ttcBinValue)).toEqual([
      5, 10, 30, 60, 120, 180, 600, 600,
    ]);
  });

  it('reads percentiles by nearest rank, each bin at its upper edge', () => {
    const counters: Counters = new Map([
      ['ttc:10', 3],
      ['ttc:20', 1],
      ['ttc:120', 1],
    ]);
    expect(ttcPercentile(counters, 50)).toBe(15);
    expect(ttcPercentile(counters, 80)).toBe(30);
    expect(ttcPercentile(counters, 95)).toBe(180);
    expect(ttcPercentile(new Map([['ttc:600', 2]]), 50)).toBe(600);
    expect(ttcPercentile(new Map([['requests', 4]]), 50)).toBeNull();
  });

  it('turns counters into figures: rates, misses by reason, nulls without data', () => {
    expect(toFigures(new Map())).toEqual({
      requests: 0,
      connected: 0,
      connectRate: null,
      timeToConnect: { p50: null, p95: null },
      missed: { 'agent-unavailable': 0, 'not-answered': 0, busy: 0, failed: 0, expired: 0 },
    });
    const figures = toFigures(
      new Map([
        ['requests', 4],
        ['connected', 1],
        ['ttc:30', 1],
        ['missed:busy', 2],
      ]),
    );
    expect(figures).toMatchObject({
      connectRate: 0.25,
      timeToConnect: { p50: 45, p95: 45 },
      missed: { busy: 2 },
    });
  });

  it('buckets by 15 minutes of UTC', () => {
    expect(STATS_BUCKET_MS).toBe(900_000);
    expect(statsBucket(T0 + 899_999)).toBe(T0);
    expect(statsBucket(T0 + 900_000)).toBe(T0 + 900_000);
  });
});

describe('statsDayRollups', () => {
  it('counts each delta again in the local day of the console, named by its start', () => {
    const call = sampleCall({ state: 'requested', attempts: [] });
    const all = statsDeltas(undefined, call, 'Asia/Kolkata');
    const days = all.filter((d) => d.scale === 'day');
    expect(days.map((d) => d.counter)).toEqual(
      all.filter((d) => d.scale === 'quarter').map((d) => d.counter),
    );
    // 18:30 UTC is midnight in India (+05:30).
    const day = Date.UTC(2026, 0, 1, 18, 30);
    const late = {
      scale: 'quarter',
      bucket: day + 15 * 60_000,
      widgetId: 'w',
      agentId: null,
      counter: 'requests',
      by: 2,
    } as const;
    const early = { ...late, bucket: day - 15 * 60_000 };
    expect(statsDayRollups([late, early], 'Asia/Kolkata')).toEqual([
      { ...late, scale: 'day', bucket: day },
      { ...early, scale: 'day', bucket: day - 86_400_000 },
    ]);
    expect(statsDayRollups([late], 'UTC')[0]!.bucket).toBe(Date.UTC(2026, 0, 1));
  });
});
