import { describe, expect, it } from 'vitest';
import { fmtPercent } from './benchmark.js';
import { describeRatio, type MeasuredRun, pairedRatio, summarizeRuns } from './targets.js';

/** A target's runs with these throughputs, one per round (only `rps` matters to a ratio). */
function runsOf(name: string, rps: number[]) {
  const runs = rps.map(
    (value) =>
      ({
        rps: value,
        latencyMs: { p50: 1, p90: 1, p99: 1, max: 1 },
        serverCpuUsPerRequest: null,
        serverConnections: null,
      }) as unknown as MeasuredRun,
  );
  return summarizeRuns(name, name, runs);
}

describe('pairedRatio', () => {
  it('divides each round by the same round of the baseline, then takes the median', () => {
    const r = pairedRatio(runsOf('proxy', [30, 10, 20]), runsOf('floor', [100, 100, 50]));
    expect(r.rounds).toEqual([0.3, 0.1, 0.4]);
    expect(r.median).toBe(0.3);
    expect([r.min, r.max]).toEqual([0.1, 0.4]);
  });

  it('is not moved by a baseline slowed in rounds its target was not', () => {
    // A refusal flood from one full run on the shared 2-core machine: the floor slowed from
    // round 3 on, the SQLite proxy in round 3 only. The ratio of the medians
    // (8,969 / 15,712) made it 57 % of the floor; its share in quiet runs is 36–39 %.
    const floor = runsOf('floor', [24_426, 24_554, 15_712, 14_241, 12_939]);
    const sqlite = runsOf('ringback-sqlite', [9_394, 9_480, 5_448, 8_969, 8_516]);
    expect(sqlite.rps.median / floor.rps.median).toBeCloseTo(0.571, 3);
    const r = pairedRatio(sqlite, floor);
    expect(r.median).toBeCloseTo(0.386, 3);
    expect(r.rounds.filter((x) => x >= 0.4)).toHaveLength(2);
  });

  it('refuses runs that do not pair up', () => {
    expect(() => pairedRatio(runsOf('proxy', [1, 2]), runsOf('floor', [1, 2, 3]))).toThrow(
      /proxy has 2 runs and floor 3/,
    );
  });
});

describe('describeRatio', () => {
  it('says the median, the spread over rounds and how many rounds reached the goal', () => {
    const r = pairedRatio(
      runsOf('proxy', [28, 21, 30, 36, 29]),
      runsOf('floor', Array(5).fill(100)),
    );
    expect(describeRatio(r, 0.35, fmtPercent)).toBe(
      '29% (21%–36% by round; 1 of 5 rounds at the goal)',
    );
  });

  it('has no spread to show for a single round', () => {
    const r = pairedRatio(runsOf('proxy', [50]), runsOf('floor', [100]));
    expect(describeRatio(r, 0.4, fmtPercent)).toBe('50% (1 of 1 rounds at the goal)');
  });
});
