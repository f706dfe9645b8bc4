// Faults: Exotel failing on create (5xx, 429, latency past the timeout, connection reset
// before or after the call was placed) and its StatusCallbacks dropped, duplicated,
// delayed past reconciliation and reordered, with visitors double-submitting. After
// every generated run: at most one upstream connect per idempotency key, every call in
// exactly one final state (the one Exotel reported), every acknowledged callback stored,
// no call moving backwards, and each visitor's event stream telling the same story.
//
// The same faults against a widget with an agent group of 1, 2 or 3 agents (each agent's
// fate drawn per run: busy, no answer, answers), where every Exotel connect is one
// attempt with one agent and its own callback token, and the faults are drawn per
// attempt: at most one connect per attempt, at most `maxAttempts` per call, only the
// widget's agents and each at most once per call, the final state the one Exotel
// reported for the call's last attempt, and the attempt never going back in the stream.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultConfig, FaultTiming, HttpFault } from '@ringback/exotel-sim';
import { createMemoryStore, type Store } from '@ringback/server';
import { createRedisStore } from '@ringback/server/redis';
import { createSqliteStore } from '@ringback/server/sqlite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from './support/bin.js';
import { isFinalState, rank } from './support/callStates.js';
import { checkInvariants, describeRun, e164, gaveUpUnconfirmed } from './support/invariants.js';
import { startRedisServer } from './support/redisServer.js';
import { announceSeed, runs, SEED } from './support/seed.js';
import { readSse, type SseReading } from './support/sse.js';
import {
  baseWidget,
  createWorld,
  NO_LIMITS,
  newKey,
  ORIGIN,
  recordRun,
  type World,
} from './support/world.js';

announceSeed('faults');

type Fate = Parameters<World['sim']['script']>[1];
/** A fault queued for one `Calls/connect`. */
interface ConnectFault {
  fault: HttpFault;
  when?: FaultTiming;
  times?: number;
}

/** The agent of the second widget: its fate is drawn per run (the first always answers). */
const SALES_AGENT = '+919111100000';

const visitorFateArb: fc.Arbitrary<Fate> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      outcome: fc.constant('answer' as const),
      ringSeconds: fc.integer({ min: 0, max: 35 }),
      talkSeconds: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(null)),
    }),
  },
  fc.record({
    outcome: fc.constant('busy' as const),
    ringSeconds: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({
    outcome: fc.constant('failed' as const),
    ringSeconds: fc.integer({ min: 0, max: 20 }),
  }),
  fc.constant({ outcome: 'no-answer' as const }),
);

const agentFateArb: fc.Arbitrary<Fate> = fc.oneof(
  fc.record({
    outcome: fc.constant('answer' as const),
    ringSeconds: fc.integer({ min: 0, max: 20 }),
    talkSeconds: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(null)),
    patienceSeconds: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    outcome: fc.constant('busy' as const),
    ringSeconds: fc.integer({ min: 0, max: 20 }),
  }),
  fc.constant({ outcome: 'no-answer' as const }),
);

/** What goes wrong with `Calls/connect` (queued for one visit's create). */
const connectFaultArb: fc.Arbitrary<ConnectFault | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  fc.record({
    fault: fc.constantFrom<HttpFault>(
      { type: 'error', status: 500 },
      { type: 'error', status: 502 },
      { type: 'error', status: 503 },
      { type: 'error', status: 504 },
    ),
    // A 5xx refuses the request; Exotel answering 5xx after placing a call is out of scope.
    when: fc.constant('before' as const),
  }),
  fc.record({
    fault: fc.constant<HttpFault>({ type: 'rate-limit' }),
    when: fc.constant('before' as const),
    times: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    fault: fc.integer({ min: 1000, max: 30_000 }).map<HttpFault>((ms) => ({ type: 'latency', ms })),
    when: fc.constantFrom('before' as const, 'after' as const),
  }),
  fc.record({
    fault: fc.constant<HttpFault>({ type: 'reset' }),
    when: fc.constantFrom('before' as const, 'after' as const),
  }),
);

const visitArb = fc.record({
  widget: fc.constantFrom('support', 'sales'),
  fate: visitorFateArb,
  connectFault: connectFaultArb,
  /** The same request sent 1–3 times under one key (a double click, a retry). */
  submits: fc.integer({ min: 1, max: 3 }),
  concurrent: fc.boolean(),
  /** Simulated ms before this visit. */
  waitMs: fc.integer({ min: 0, max: 40_000 }),
  /** Watch the call over SSE. */
  watch: fc.boolean(),
});

const probability = fc.constantFrom(0, 0, 0.2, 0.5);
const callbackFaultsArb: fc.Arbitrary<NonNullable<FaultConfig['callbacks']>> = fc.record({
  drop: probability,
  duplicate: probability,
  delay: probability,
  // Past the reconciler's check (one ring timeout or the time limit, plus grace).
  delayMs: fc.constantFrom(5_000, 45_000, 200_000),
  reorder: probability,
});

/** Call Details (the reconciler's reads) failing too. */
const callDetailsFaultsArb: fc.Arbitrary<NonNullable<FaultConfig['http']>> = fc.record({
  routes: fc.constant(['getCall' as const]),
  error: probability,
  rateLimit: probability,
  reset: probability,
  latency: probability,
  latencyMs: fc.constant(5000),
});

const scenarioArb = fc.record({
  simSeed: fc.nat(),
  agentFate: agentFateArb,
  callbacks: callbackFaultsArb,
  callDetails: callDetailsFaultsArb,
  contentType: fc.constantFrom('application/json' as const, 'multipart/form-data' as const),
  visits: fc.array(visitArb, { minLength: 1, maxLength: 5 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const totals = {
  runs: 0,
  creates: 0,
  calls: 0,
  placed: 0,
  refused: 0,
  unknown: 0,
  /** Unknown-outcome calls failed by the reconciler for want of any word from Exotel… */
  gaveUp: 0,
  /** …of which Exotel had in fact placed (the README's documented limit; see the report). */
  gaveUpButPlaced: 0,
  /** Calls Exotel never reported on within their longest possible life: settled `ended`. */
  ended: 0,
};

async function runScenario(scenario: Scenario, store?: Store) {
  const world = await createWorld({
    widgets: [
      { ...baseWidget, limits: NO_LIMITS },
      { ...baseWidget, id: 'sales', from: SALES_AGENT, limits: NO_LIMITS },
    ],
    sim: {
      seed: scenario.simSeed,
      faults: { callbacks: scenario.callbacks, http: scenario.callDetails },
    },
    ...(store ? { store } : {}),
    exotelTimeoutSeconds: 0.1,
    callbackContentType: scenario.contentType,
  });
  const streams: SseReading[] = [];
  try {
    world.sim.script(SALES_AGENT, scenario.agentFate);
    for (const [index, visit] of scenario.visits.entries()) {
      if (visit.waitMs > 0) await world.advance(visit.waitMs);
      const phone = `+9198${String(7_000_000 + index).padStart(8, '0')}`;
      world.sim.script(phone, visit.fate);
      if (visit.connectFault) world.sim.faults.next({ target: 'connect', ...visit.connectFault });
      const key = newKey('fault');
      const submit = () => world.createCall({ widgetId: visit.widget, phone }, { key });
      const responses = visit.concurrent
        ? await Promise.all(Array.from({ length: visit.submits }, submit))
        : await (async () => {
            const out: Response[] = [];
            for (let i = 0; i < visit.submits; i++) out.push(await submit());
            return out;
          })();
      totals.creates += responses.length;
      // Every submit under one key gets the same answer: the same call, or the same refusal.
      const answers = await Promise.all(
        responses.map(async (r) => ({
          status: r.status,
          body: (await r.json()) as Record<string, unknown>,
        })),
      );
      const first = answers[0]!;
      for (const answer of answers) {
        expect(answer.status).toBe(first.status);
        if (first.status === 202) expect(answer.body.id).toBe(first.body.id);
        else expect(answer.body.code).toBe(first.body.code);
      }
      expect([202, 502, 503]).toContain(first.status);
      if (first.status !== 202) {
        totals.refused++;
        expect(first.body.code).toBe('upstream_unavailable');
      } else {
        if (first.body.state === 'unknown') totals.unknown++;
        if (visit.watch) {
          const response = await world.request(`/v1/calls/${first.body.id}/events`, {
            headers: { origin: ORIGIN },
          });
          streams.push(readSse(response.body!));
        }
      }
    }
    await world.settle();
    // Callbacks delayed past the end still arrive; they must change nothing.
    await world.advance(400_000);
    await world.server.reconcile();

    const run = await recordRun(world);
    const problems = checkInvariants(run);
    expect(problems, JSON.stringify(scenario)).toEqual([]);
    expect(world.crashes()).toEqual([]);
    totals.runs++;
    totals.calls += run.calls.length;
    totals.placed += world.sim.stats().connectsAccepted;
    const gaveUp = run.calls.filter((c) => gaveUpUnconfirmed(run.history?.get(c.id)));
    totals.gaveUp += gaveUp.length;
    totals.ended += run.calls.filter((c) => c.state === 'ended').length;
    totals.gaveUpButPlaced += gaveUp.filter((c) =>
      world.sim.calls().some((placed) => placed.params.customField === c.id),
    ).length;

    // What each watching visitor saw: forward only, one ending, then the end of the stream.
    for (const stream of streams) {
      await stream.ended;
      const states = stream.states.map((s) => s.state);
      expect(stream.closedByServer(), states.join(' → ')).toBe(true);
      expect(states.filter(isFinalState)).toHaveLength(1);
      expect(isFinalState(states.at(-1)!)).toBe(true);
      for (let i = 1; i < states.length; i++)
        expect(rank(states[i]!)).toBeGreaterThan(rank(states[i - 1]!));
    }
  } finally {
    for (const stream of streams) await stream.stop();
    await world.close();
    // A store handed in stays open with its owner.
    await store?.close();
  }
}

afterAll(() => {
  console.log(`[hardening:faults] ${JSON.stringify(totals)}`);
});

// --- Agent groups ------------------------------------------------------------------------

/** The `team` widget's agents (the first `size` of them), numbers no other widget uses. */
const TEAM = [
  { id: 'asha', number: '+919111100011', name: 'Asha' },
  { id: 'bala', number: '+919111100012', name: 'Bala' },
  { id: 'chitra', number: '+919111100013' },
] as const;

/** What goes wrong with one attempt's connect: nothing, a little more often than for a visit. */
const attemptConnectFaultArb = fc.oneof(fc.constant(null), connectFaultArb);

const groupVisitArb = fc.record({
  widget: fc.constantFrom('team', 'team', 'team', 'support'),
  fate: visitorFateArb,
  /** What goes wrong with the connect of attempt 1, 2 and 3 of this visit's call. */
  connectFaults: fc.tuple(attemptConnectFaultArb, attemptConnectFaultArb, attemptConnectFaultArb),
  submits: fc.integer({ min: 1, max: 3 }),
  concurrent: fc.boolean(),
  waitMs: fc.integer({ min: 0, max: 40_000 }),
  watch: fc.boolean(),
});

const groupScenarioArb = (size: fc.Arbitrary<number>) =>
  size.chain((agents) =>
    fc.record({
      simSeed: fc.nat(),
      /** Each agent's fate for the whole run. */
      agentFates: fc.array(agentFateArb, { minLength: agents, maxLength: agents }),
      strategy: fc.constantFrom('sequential' as const, 'round-robin' as const),
      /** `undefined`: the default (3); capped by the number of agents. */
      maxAttempts: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      ringSeconds: fc.option(fc.constantFrom(10, 20, 45), { nil: undefined }),
      callbacks: callbackFaultsArb,
      callDetails: callDetailsFaultsArb,
      contentType: fc.constantFrom('application/json' as const, 'multipart/form-data' as const),
      visits: fc.array(groupVisitArb, { minLength: 1, maxLength: 4 }),
    }),
  );
type GroupScenario = typeof groupScenarioArb extends (...args: never[]) => fc.Arbitrary<infer T>
  ? T
  : never;

/** Whether a request to Exotel is a `Calls/connect`. */
function isConnect(input: RequestInfo | URL, init?: RequestInit): boolean {
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return method.toUpperCase() === 'POST' && url.includes('/Calls/connect');
}

/** Holds its arguments until it is called: see the connect fault planner. */
function keepAlive(..._objects: unknown[]): void {}

const groupTotals = {
  runs: 0,
  calls: 0,
  connects: 0,
  /** Calls by how many attempts they made (0: every agent was on another call). */
  byAttempts: [0, 0, 0, 0] as number[],
  /** Calls that went on to a further agent after one missed. */
  advanced: 0,
  /** Calls whose final state is a later attempt's, not the first's. */
  endedOnLaterAttempt: 0,
};

async function runGroupScenario(scenario: GroupScenario, store?: Store) {
  const agents = TEAM.slice(0, scenario.agentFates.length);
  // Faults per attempt: a connect's attempt is read from its StatusCallback URL, its
  // visit from its `To`; each planned fault is queued for that one connect only.
  const plan = new Map<string, (ConnectFault | null)[]>();
  let faults: World['sim']['faults'] | undefined;
  const world = await createWorld({
    widgets: [
      { ...baseWidget, limits: NO_LIMITS },
      {
        ...baseWidget,
        id: 'team',
        from: undefined,
        agents: agents.map((a) => ({ ...a })),
        routing: {
          strategy: scenario.strategy,
          ...(scenario.maxAttempts !== undefined ? { maxAttempts: scenario.maxAttempts } : {}),
          ...(scenario.ringSeconds !== undefined ? { ringSeconds: scenario.ringSeconds } : {}),
        },
        limits: NO_LIMITS,
      },
    ],
    sim: {
      seed: scenario.simSeed,
      faults: { callbacks: scenario.callbacks, http: scenario.callDetails },
    },
    ...(store ? { store } : {}),
    exotelTimeoutSeconds: 0.1,
    callbackContentType: scenario.contentType,
    exotelFetch: (simFetch) => async (input, init) => {
      if (!isConnect(input, init)) return simFetch(input, init);
      // The form is read from a copy; the original request stays referenced until the
      // answer, because a Request's signal stops following its parent once the Request
      // is garbage collected (Node 20's undici): the server's timeout would never fire.
      const original = new Request(input, init);
      const form = new URLSearchParams(await original.clone().text());
      const callback = form.get('StatusCallback');
      const attempt = callback ? Number(new URL(callback).searchParams.get('attempt') ?? 1) : 1;
      const planned = plan.get(e164(form.get('To') ?? ''));
      const fault = planned?.[attempt - 1];
      if (fault) {
        // Once: a retry of the same connect (after a 429) is not a new attempt.
        planned[attempt - 1] = null;
        faults!.next({ target: 'connect', ...fault });
      }
      // Synchronously from here to the simulator taking the queued fault.
      const answer = simFetch(original);
      return answer.finally(() => keepAlive(original, input));
    },
  });
  faults = world.sim.faults;
  const streams: SseReading[] = [];
  try {
    for (const [i, agent] of agents.entries())
      world.sim.script(agent.number, scenario.agentFates[i]!);
    for (const [index, visit] of scenario.visits.entries()) {
      if (visit.waitMs > 0) await world.advance(visit.waitMs);
      // Next attempts started by callbacks are placed in the background: let them land.
      await world.server.idle();
      const phone = `+9198${String(7_100_000 + index).padStart(8, '0')}`;
      world.sim.script(phone, visit.fate);
      plan.set(phone, [...visit.connectFaults]);
      const key = newKey('group');
      const submit = () => world.createCall({ widgetId: visit.widget, phone }, { key });
      const responses = visit.concurrent
        ? await Promise.all(Array.from({ length: visit.submits }, submit))
        : await (async () => {
            const out: Response[] = [];
            for (let i = 0; i < visit.submits; i++) out.push(await submit());
            return out;
          })();
      const answers = await Promise.all(
        responses.map(async (r) => ({
          status: r.status,
          body: (await r.json()) as Record<string, unknown>,
        })),
      );
      const first = answers[0]!;
      for (const answer of answers) {
        expect(answer.status).toBe(first.status);
        if (first.status === 202) expect(answer.body.id).toBe(first.body.id);
        else expect(answer.body.code).toBe(first.body.code);
      }
      expect([202, 502, 503]).toContain(first.status);
      if (first.status !== 202) expect(first.body.code).toBe('upstream_unavailable');
      else {
        // What the visitor is told about attempts: within the widget's routing.
        const { attempt, maxAttempts } = first.body as { attempt: number; maxAttempts: number };
        expect(attempt).toBeGreaterThanOrEqual(0);
        expect(attempt).toBeLessThanOrEqual(maxAttempts);
        if (visit.watch) {
          const response = await world.request(`/v1/calls/${first.body.id}/events`, {
            headers: { origin: ORIGIN },
          });
          streams.push(readSse(response.body!));
        }
      }
    }
    await world.settle();
    await world.server.idle();
    // Callbacks delayed past the end still arrive; they must change nothing.
    await world.advance(400_000);
    await world.server.reconcile();
    await world.server.idle();

    const run = await recordRun(world);
    const problems = checkInvariants(run);
    expect(problems, `${JSON.stringify(scenario)}\n${describeRun(run)}`).toEqual([]);
    expect(world.crashes(), JSON.stringify(scenario)).toEqual([]);
    groupTotals.runs++;
    groupTotals.calls += run.calls.length;
    groupTotals.connects += world.sim.stats().connectsAccepted;
    for (const call of run.calls) {
      groupTotals.byAttempts[call.attempt] = (groupTotals.byAttempts[call.attempt] ?? 0) + 1;
      if (call.attempt > 1) groupTotals.advanced++;
      if (call.attempt > 1 && call.state !== call.attempts[0]?.outcome)
        groupTotals.endedOnLaterAttempt++;
    }

    // What each watching visitor saw: forward only (a new attempt is a step forward,
    // the attempt never goes back), one ending, then the end of the stream.
    for (const stream of streams) {
      await stream.ended;
      const seen = stream.states.map((s) => `${s.state}#${s.attempt}`);
      expect(stream.closedByServer(), seen.join(' → ')).toBe(true);
      expect(
        stream.states.filter((s) => isFinalState(s.state)),
        seen.join(' → '),
      ).toHaveLength(1);
      expect(isFinalState(stream.states.at(-1)!.state), seen.join(' → ')).toBe(true);
      for (let i = 1; i < stream.states.length; i++) {
        const [a, b] = [stream.states[i - 1]!, stream.states[i]!];
        expect(b.attempt, seen.join(' → ')).toBeTypeOf('number');
        expect(b.attempt!, seen.join(' → ')).toBeGreaterThanOrEqual(a.attempt!);
        expect(rank(b.state), seen.join(' → ')).toBeGreaterThanOrEqual(rank(a.state));
        if (b.attempt === a.attempt)
          expect(rank(b.state), seen.join(' → ')).toBeGreaterThan(rank(a.state));
      }
    }
  } finally {
    for (const stream of streams) await stream.stop();
    await world.close();
    await store?.close();
  }
}

afterAll(() => {
  console.log(`[hardening:faults] agent groups ${JSON.stringify(groupTotals)}`);
});

describe('agent groups under upstream and callback faults', () => {
  for (const size of [1, 2, 3]) {
    it(`keep every invariant with ${size} agent${size > 1 ? 's' : ''} (memory store)`, async () => {
      await fc.assert(
        fc.asyncProperty(groupScenarioArb(fc.constant(size)), (scenario) =>
          runGroupScenario(scenario),
        ),
        runs(40),
      );
    });
  }

  it('keep every invariant with 1–3 agents and the SQLite store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-group-'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(groupScenarioArb(fc.integer({ min: 1, max: 3 })), async (scenario) =>
          runGroupScenario(scenario, await createSqliteStore({ path: join(dir, `run-${++n}.db`) })),
        ),
        runs(15),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keep every invariant with 1–3 agents and the Redis store', async () => {
    const redis = await startRedisServer();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(groupScenarioArb(fc.integer({ min: 1, max: 3 })), async (scenario) =>
          runGroupScenario(
            scenario,
            await createRedisStore({ url: redis.url, prefix: `hardening-group-${SEED}-${++n}` }),
          ),
        ),
        runs(10),
      );
    } finally {
      await redis.stop();
    }
  });
});

describe('upstream and callback faults', () => {
  it('keep every invariant, whatever the faults (memory store)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => runScenario(scenario)),
      runs(200),
    );
  });

  it('keep every invariant with the SQLite store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) =>
          runScenario(scenario, await createSqliteStore({ path: join(dir, `run-${++n}.db`) })),
        ),
        runs(30),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keep every invariant with the Redis store', async () => {
    const redis = await startRedisServer();
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) =>
          runScenario(
            scenario,
            await createRedisStore({ url: redis.url, prefix: `hardening-faults-${SEED}-${++n}` }),
          ),
        ),
        runs(20),
      );
    } finally {
      await redis.stop();
    }
  });

  // Each fault on its own, with the outcome spelled out.
  const CREATE_FAULTS: {
    name: string;
    fault: ConnectFault | 'refused-connection';
    answer: number;
    placed: number;
    ending: string;
  }[] = [
    {
      name: '503 Service Unavailable',
      fault: { fault: { type: 'error', status: 503 } },
      answer: 502,
      placed: 0,
      ending: 'failed',
    },
    {
      name: '500 Internal Server Error',
      fault: { fault: { type: 'error', status: 500 } },
      answer: 502,
      placed: 0,
      ending: 'failed',
    },
    {
      name: 'one 429, then success',
      fault: { fault: { type: 'rate-limit' } },
      answer: 202,
      placed: 1,
      ending: 'completed',
    },
    {
      name: '429 five times',
      fault: { fault: { type: 'rate-limit' }, times: 5 },
      answer: 503,
      placed: 0,
      ending: 'failed',
    },
    {
      name: 'latency past the timeout, call placed',
      fault: { fault: { type: 'latency', ms: 5000 }, when: 'after' },
      answer: 202,
      placed: 1,
      ending: 'completed',
    },
    {
      name: 'latency past the timeout, call placed late',
      fault: { fault: { type: 'latency', ms: 5000 }, when: 'before' },
      answer: 202,
      placed: 1,
      ending: 'completed',
    },
    {
      name: 'connection reset, call not placed',
      fault: { fault: { type: 'reset' }, when: 'before' },
      answer: 202,
      placed: 0,
      ending: 'failed',
    },
    {
      name: 'connection reset, call placed',
      fault: { fault: { type: 'reset' }, when: 'after' },
      answer: 202,
      placed: 1,
      ending: 'completed',
    },
    {
      name: 'connection refused twice (provably not sent)',
      fault: 'refused-connection',
      answer: 202,
      placed: 1,
      ending: 'completed',
    },
  ];

  for (const c of CREATE_FAULTS) {
    it(`create fault: ${c.name} → ${c.answer}, ${c.placed} placed, ends ${c.ending}`, async () => {
      let refusals = 0;
      const world = await createWorld({
        widgets: [{ ...baseWidget, limits: NO_LIMITS }],
        // Long enough that only the latency faults time out, even on a loaded machine.
        exotelTimeoutSeconds: 1,
        ...(c.fault === 'refused-connection'
          ? {
              exotelFetch:
                (simFetch: typeof fetch): typeof fetch =>
                async (input, init) => {
                  if (refusals < 2) {
                    refusals++;
                    throw new TypeError('fetch failed', {
                      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
                        code: 'ECONNREFUSED',
                      }),
                    });
                  }
                  return simFetch(input, init);
                },
            }
          : {}),
      });
      try {
        if (c.fault !== 'refused-connection')
          world.sim.faults.next({ target: 'connect', ...c.fault });
        const key = newKey('one-fault');
        const response = await world.createCall(
          { widgetId: 'support', phone: '+919812300033' },
          { key },
        );
        expect(response.status).toBe(c.answer);
        if (c.answer !== 202)
          expect(((await response.json()) as { code: string }).code).toBe('upstream_unavailable');
        // The visitor's retry with the same key: the same answer, no second attempt upstream.
        const connectRequests = world.sim.stats().connectRequests;
        expect(
          (await world.createCall({ widgetId: 'support', phone: '+919812300033' }, { key })).status,
        ).toBe(c.answer);
        expect(world.sim.stats().connectRequests).toBe(connectRequests);
        await world.settle();
        expect(world.sim.stats().connectsAccepted).toBe(c.placed);
        const [id] = world.store.callIds();
        expect((await world.store.getCall(id!))!.state).toBe(c.ending);
        expect(checkInvariants(await recordRun(world))).toEqual([]);
      } finally {
        await world.close();
      }
    });
  }

  const CALLBACK_FAULTS: { name: string; callbacks: NonNullable<FaultConfig['callbacks']> }[] = [
    { name: 'every callback dropped', callbacks: { drop: 1 } },
    { name: 'every callback duplicated', callbacks: { duplicate: 1 } },
    {
      name: 'every callback delayed past reconciliation',
      callbacks: { delay: 1, delayMs: 200_000 },
    },
    { name: 'every callback reordered', callbacks: { reorder: 1 } },
    { name: 'duplicated and reordered', callbacks: { duplicate: 1, reorder: 1 } },
  ];
  for (const c of CALLBACK_FAULTS) {
    it(`callback fault: ${c.name} → one dial, ends completed`, async () => {
      const world = await createWorld({ sim: { faults: { callbacks: c.callbacks } } });
      try {
        world.sim.script('+919812300034', { outcome: 'answer', ringSeconds: 3, talkSeconds: 5 });
        const response = await world.createCall({ widgetId: 'support', phone: '+919812300034' });
        expect(response.status).toBe(202);
        const { id } = (await response.json()) as { id: string };
        const stream = readSse(
          (await world.request(`/v1/calls/${id}/events`, { headers: { origin: ORIGIN } })).body!,
        );
        await world.settle();
        await world.advance(400_000);
        const call = (await world.store.getCall(id))!;
        expect(call).toMatchObject({ state: 'completed', conversationSeconds: 5 });
        expect(checkInvariants(await recordRun(world))).toEqual([]);
        await stream.ended;
        expect(stream.states.map((s) => s.state).at(-1)).toBe('completed');
      } finally {
        await world.close();
      }
    });
  }

  for (const kind of ['memory', 'SQLite', 'Redis'] as const) {
    it(`one key submitted 20 times at once across two instances sharing a ${kind} store: one dial`, async () => {
      const cleanup: (() => Promise<void>)[] = [];
      try {
        let stores: [Store, Store];
        if (kind === 'memory') {
          const shared = createMemoryStore();
          stores = [shared, shared];
          cleanup.push(() => shared.close());
        } else if (kind === 'SQLite') {
          const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-shared-'));
          const path = join(dir, 'shared.db');
          stores = [await createSqliteStore({ path }), await createSqliteStore({ path })];
          cleanup.push(async () => {
            for (const store of stores) await store.close();
            await rm(dir, { recursive: true, force: true });
          });
        } else {
          const redis = await startRedisServer();
          const prefix = `hardening-shared-${SEED}`;
          stores = [
            await createRedisStore({ url: redis.url, prefix }),
            await createRedisStore({ url: redis.url, prefix }),
          ];
          cleanup.push(async () => {
            for (const store of stores) await store.close();
            await redis.stop();
          });
        }
        const a = await createWorld({ store: stores[0] });
        const b = await createWorld({ store: stores[1], sharedSim: a.sim });
        cleanup.unshift(async () => {
          await b.close();
          await a.close();
        });
        const key = newKey('shared');
        const responses = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? a : b).createCall({ widgetId: 'support', phone: '+919812300077' }, { key }),
          ),
        );
        const ids = new Set<string>();
        for (const response of responses) {
          expect(response.status).toBe(202);
          ids.add(((await response.json()) as { id: string }).id);
        }
        expect(ids.size).toBe(1);
        expect((await a.simStats()).connectsAccepted).toBe(1);
        await a.settle();
        const [id] = [...ids];
        expect((await stores[1].getCall(id!))?.state).toBe('completed');
      } finally {
        for (const step of cleanup) await step();
      }
    });
  }

  it("a callback that beats Exotel's answer to the create moves the call on; the answer does not move it back", async () => {
    for (const fate of [
      { outcome: 'answer' as const, ringSeconds: 1, talkSeconds: 30 },
      { outcome: 'busy' as const, ringSeconds: 0 },
    ]) {
      const world = await createWorld({
        widgets: [{ ...baseWidget, limits: NO_LIMITS }],
        exotelTimeoutSeconds: 10,
      });
      try {
        world.sim.script('+919812300099', fate);
        // Exotel places the call at once but answers the create only 6 s later.
        world.sim.faults.next({
          target: 'connect',
          fault: { type: 'latency', ms: 6000 },
          when: 'after',
        });
        const pending = world.createCall({ widgetId: 'support', phone: '+919812300099' });
        await until(() => world.sim.stats().connectsAccepted === 1, 'the call placed');
        await world.advance(5000);
        const id = world.store.callIds()[0]!;
        const early = (await world.store.getCall(id))!.state;
        expect(['dialing-you', 'connected', 'busy', 'agent-unavailable']).toContain(early);
        await world.advance(2000);
        const response = await pending;
        expect(response.status).toBe(202);
        const answered = (await response.json()) as { state: string };
        expect(rank(answered.state)).toBeGreaterThanOrEqual(rank(early));
        await world.settle();
        expect(checkInvariants(await recordRun(world))).toEqual([]);
      } finally {
        await world.close();
      }
    }
  });

  it('never re-sends a create whose connection dropped after Exotel placed the call', async () => {
    await runScenario({
      simSeed: SEED,
      agentFate: { outcome: 'answer', ringSeconds: 2, talkSeconds: 30 },
      callbacks: {},
      callDetails: {},
      contentType: 'application/json',
      visits: [
        {
          widget: 'support',
          fate: { outcome: 'answer', ringSeconds: 3, talkSeconds: 20 },
          connectFault: { fault: { type: 'reset' }, when: 'after' },
          submits: 3,
          concurrent: false,
          waitMs: 0,
          watch: true,
        },
      ],
    });
  });
});
