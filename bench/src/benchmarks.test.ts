// Quick mode of every benchmark, inside `pnpm test`: proves the harness still runs and
// produces numbers (and that every callback is accounted for). No timing is asserted.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackIngest } from './benchmarks/callbackIngest.js';
import { createCall } from './benchmarks/createCall.js';
import { operatorQueries } from './benchmarks/operatorQueries.js';
import { refusals } from './benchmarks/refusals.js';
import { simulator } from './benchmarks/simulator.js';
import { sseFanout } from './benchmarks/sseFanout.js';
import { CHROMIUM_PATH, widgetRender } from './benchmarks/widgetRender.js';
import { widgetSize } from './benchmarks/widgetSize.js';
import type { BenchContext } from './lib/benchmark.js';
import { type OpenContext, openContext } from './lib/context.js';
import { isFiniteNumber } from './lib/stats.js';

let open: OpenContext;
let ctx: BenchContext;
beforeAll(async () => {
  open = await openContext({ quick: true, runs: 1, durationS: 1, warmupS: 0.25 });
  ctx = open.ctx;
});
afterAll(() => open?.close());

const positive = (value: unknown) => {
  expect(isFiniteNumber(value), `${value} is a finite number`).toBe(true);
  expect(value as number).toBeGreaterThan(0);
};

describe('benchmarks, quick mode', () => {
  it('create call: every target answered, with numbers', async () => {
    const { data, tables } = await createCall.run(ctx);
    expect(data.loaded.map((t) => t.name)).toEqual(
      expect.arrayContaining(['floor', 'direct', 'express', 'ringback-memory', 'ringback-sqlite']),
    );
    for (const t of [...data.loaded, ...data.sequential]) {
      positive(t.rps.median);
      positive(t.p99.median);
      expect(t.failures, `${t.name} failures`).toBe(0);
    }
    expect(tables.length).toBeGreaterThan(0);
  });

  it('refusals: numbers, and every request refused with its code', async () => {
    const { data } = await refusals.run(ctx);
    // Forged StatusCallbacks: every one refused, each client on the one connection it opened.
    expect(data.forged.map((t) => t.name)).toEqual(data.targets.map((t) => t.name));
    for (const t of data.forged) {
      positive(t.rps.median);
      if (t.name === 'floor') continue;
      expect(Object.keys(t.statusCodes), `${t.name} statuses`).toEqual(['403']);
      for (const run of t.runs)
        if (run.serverConnections !== null)
          expect(run.serverConnections, `${t.name} connections`).toBeLessThanOrEqual(50);
    }
    expect(data.targets.map((t) => t.name)).toEqual(
      expect.arrayContaining(['floor', 'ringback-memory', 'ringback-sqlite']),
    );
    for (const t of data.targets) {
      positive(t.rps.median);
      if (t.name === 'floor') continue;
      const answered = Object.entries(t.statusCodes).filter(([, n]) => n > 0);
      expect(answered.map(([code]) => code).sort(), `${t.name} statuses`).toEqual([
        '400',
        '403',
        '422',
        '429',
      ]);
    }
  });

  it('callback ingest: numbers, and every callback accounted for', async () => {
    const { data } = await callbackIngest.run(ctx);
    expect(data.targets.map((t) => t.name)).toEqual(
      expect.arrayContaining(['floor', 'ringback-memory', 'ringback-sqlite']),
    );
    for (const t of data.targets) {
      positive(t.rps.median);
      const a = t.accounting;
      expect(a.acknowledged, `${t.name} acknowledged`).toBe(a.sent);
      expect(a.counted, `${t.name} counted by the server`).toBe(a.sent);
      expect(a.completedCalls, `${t.name} calls completed`).toBe(a.calls);
    }
  });

  it('SSE fan-out: memory per stream and notification latency', async () => {
    const { data } = await sseFanout.run(ctx);
    for (const t of data.targets) {
      expect(isFiniteNumber(t.rssPerStream.median)).toBe(true);
      positive(t.p99.median);
      for (const run of t.runs) expect(run.timeouts).toBe(0);
    }
  });

  it('widget size: every package that exists bundles to a size', async () => {
    const { data, notMeasured } = await widgetSize.run(ctx);
    expect(data.packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['react-phone-number-input', 'react-international-phone']),
    );
    for (const p of data.packages) positive(p.component.gzipped);
    // Whatever is missing says why.
    for (const n of notMeasured) expect(n.reason).not.toBe('');
  });

  it('widget render: page timings in Chromium, or the reason there are none', async () => {
    const { data, notMeasured } = await widgetRender.run(ctx);
    if (!existsSync(CHROMIUM_PATH)) {
      expect(notMeasured[0]?.reason).toContain('Chromium');
      return;
    }
    expect(data.variants.map((v) => v.name)).toContain('blank');
    for (const v of data.variants) {
      positive(v.rendered.median);
      positive(v.mainThreadMs.median);
    }
  });

  it('simulator: connect throughput and calls run to completion', async () => {
    const { data } = await simulator.run(ctx);
    for (const t of data.connect) positive(t.rps.median);
    for (const run of data.completion.runs) {
      expect(run.completed).toBe(run.calls);
      expect(run.callbacksReceived).toBe(run.callbacksExpected);
      positive(run.advanceMs);
    }
  });

  it('operator queries: every store seeded, every query timed', async () => {
    const { data } = await operatorQueries.run(ctx);
    expect(data.stores.map((s) => s.store)).toContain('sqlite');
    for (const s of data.stores) {
      expect(s.seeded, `${s.store} seeded`).toBe(s.wanted);
      for (const q of s.queries) {
        positive(q.p95);
        // Every page and stats read found something in the seeded history.
        if (!q.name.startsWith('number'))
          expect(q.returned, `${s.store}: ${q.name}`).toBeGreaterThan(0);
      }
    }
  });
});
