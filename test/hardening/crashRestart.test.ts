// Process kills: the `ringback-server` bin SIGKILLed and restarted at every step of a
// call — while Exotel holds the create, after the create was acknowledged, after each
// leg's `answered` callback was acknowledged, and before the terminal callback — with
// SQLite and with Redis. The people on the phones are the simulator's `manual` fate,
// moved by `sim.act()`; time is the simulator's manual clock. After every restart and
// at the end: one upstream connect for the idempotency key, nothing acknowledged lost,
// one final state, no step backwards.
//
// A widget with a group of two agents whose first is busy: the process is killed between
// the attempts (attempt 1's terminal callback acknowledged, attempt 2 not yet stored) and
// after attempt 2's create was acknowledged. After the restart: exactly one connect per
// attempt (two in all, the first agent then the second), the call completes on attempt
// 2, nothing acknowledged is lost, and neither the state nor the attempt goes back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import type { Store } from '@ringback/server';
import { createRedisStore } from '@ringback/server/redis';
import { createSqliteStore } from '@ringback/server/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinProcess, freePort, startBin, until } from './support/bin.js';
import { isFinalState, rank } from './support/callStates.js';
import { attemptOf, checkInvariants, e164, impliedRank } from './support/invariants.js';
import { type RedisServer, startRedisServer } from './support/redisServer.js';
import { announceSeed, SEED } from './support/seed.js';
import { readSse } from './support/sse.js';
import { AGENT, agentGroups, baseWidget, newKey, ORIGIN, SECRET, T0 } from './support/world.js';

announceSeed('crash-restart');

const VISITOR = '+919812345678';

/** Where in a call the process is killed. */
const STEPS = [
  'while Exotel holds the create',
  'after the create was acknowledged',
  'after the agent-answered callback was acknowledged',
  'after the visitor-answered callback was acknowledged',
  'before the terminal callback',
] as const;
type Step = (typeof STEPS)[number];

/** How the bin is pointed at a store: one entry per store, so adding one is one entry. */
interface StoreSetup {
  name: string;
  /** Extra bin arguments, environment and config-file fields for one case. */
  configure(
    dir: string,
    caseId: string,
  ): { args: string[]; env: Record<string, string>; file: object };
  /** The bin's store opened from outside (read only by the test): what it really stored. */
  open(dir: string, caseId: string): Promise<Store>;
  before?(): Promise<void>;
  after?(): Promise<void>;
}

let redis: RedisServer | undefined;
const STORES: StoreSetup[] = [
  {
    name: 'SQLite',
    configure: (dir) => ({
      args: [],
      env: { RINGBACK_DATABASE: join(dir, 'ringback.db') },
      file: {},
    }),
    open: (dir) => createSqliteStore({ path: join(dir, 'ringback.db') }),
  },
  {
    name: 'Redis',
    async before() {
      redis = await startRedisServer();
    },
    async after() {
      await redis?.stop();
    },
    configure: (_dir, caseId) => ({
      args: ['--store', redis!.url],
      env: {},
      // Each case in its own key space; multipart callbacks here, JSON with SQLite.
      file: {
        store: { type: 'redis', url: redis!.url, prefix: `hardening-${SEED}-${caseId}` },
        exotel: { statusCallbackContentType: 'multipart/form-data' },
      },
    }),
    open: (_dir, caseId) =>
      createRedisStore({ url: redis!.url, prefix: `hardening-${SEED}-${caseId}` }),
  },
];

interface Case {
  sim: ServedSimulator;
  bin: BinProcess;
  start(): Promise<BinProcess>;
  dir: string;
}

async function openCase(
  store: StoreSetup,
  caseId: string,
  extra: { config?: object; manual?: string[] } = {},
): Promise<Case> {
  const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-kill-'));
  const sim = await serveExotelSimulator({
    clock: 'manual',
    startTime: T0,
    seed: SEED,
    onError: () => {},
  });
  // People, not timers, answer and hang up: nothing happens unless the test acts.
  for (const number of extra.manual ?? [AGENT, VISITOR])
    sim.sim.script(number, { outcome: 'manual' });
  const port = await freePort();
  const setup = store.configure(dir, caseId);
  const configPath = join(dir, 'ringback.json');
  await writeFile(
    configPath,
    JSON.stringify({
      widgets: [{ ...baseWidget, timeLimit: 600 }],
      reconcileIntervalMs: 200,
      reconcileGraceSeconds: 0,
      ...extra.config,
      ...setup.file,
    }),
  );
  const start = () =>
    startBin({
      port,
      configPath,
      args: setup.args,
      env: {
        EXOTEL_ACCOUNT_SID: sim.sim.credentials.accountSid,
        EXOTEL_API_KEY: sim.sim.credentials.apiKey,
        EXOTEL_API_TOKEN: sim.sim.credentials.apiToken,
        EXOTEL_BASE_URL: sim.url,
        RINGBACK_SECRET: SECRET,
        RINGBACK_PUBLIC_URL: `http://127.0.0.1:${port}`,
        RINGBACK_LOG_REQUESTS: 'false',
        ...setup.env,
      },
    });
  return { sim, bin: await start(), start, dir };
}

async function closeCase(c: Case) {
  await c.bin.kill('SIGKILL');
  await c.sim.close();
  await rm(c.dir, { recursive: true, force: true });
}

const create = (url: string, key: string, widgetId = 'support') =>
  fetch(`${url}/v1/calls`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ widgetId, phone: VISITOR }),
  });

async function readState(url: string, id: string) {
  const response = await fetch(`${url}/v1/calls/${id}`, { headers: { origin: ORIGIN } });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    state: string;
    conversationSeconds: number | null;
    attempt: number;
    maxAttempts: number;
    agentName: string | null;
  };
}

/** The controls' counters, over HTTP. */
async function simStats(sim: ServedSimulator) {
  return (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { connectsAccepted: number };
}

/** The furthest state a callback the server acknowledged (2xx) vouches for. */
function acknowledgedRank(sim: ServedSimulator): number {
  let best = -1;
  for (const delivery of sim.sim.deliveries())
    if (delivery.attempts.some((a) => a.status !== null && a.status < 300))
      best = Math.max(best, impliedRank(delivery));
  return best;
}

/**
 * Drives one call from create to hang-up, killing and restarting the process at each
 * step in `killAt`, and checks the invariants after every restart and at the end.
 */
async function killedCall(store: StoreSetup, killAt: readonly Step[], caseId: string) {
  const c = await openCase(store, caseId);
  const key = newKey(`kill-${caseId}`);
  let acked = -1;
  let id = '';
  const restart = async () => {
    acked = Math.max(acked, acknowledgedRank(c.sim));
    await c.bin.kill('SIGKILL');
    c.bin = await c.start();
    if (id) {
      // Nothing the dead process acknowledged is lost.
      const state = (await readState(c.bin.url, id)).state;
      expect(rank(state), `state ${state} after restart`).toBeGreaterThanOrEqual(
        Math.max(acked, 0),
      );
    }
  };
  try {
    if (killAt.includes('while Exotel holds the create')) {
      // Exotel places the call, then its answer is held until the clock moves: the
      // process dies between storing the key and learning the outcome.
      c.sim.sim.faults.next({
        target: 'connect',
        fault: { type: 'latency', ms: 1000 },
        when: 'after',
      });
      const pending = create(c.bin.url, key).catch(() => undefined);
      await until(async () => (await simStats(c.sim)).connectsAccepted === 1, 'the call placed');
      await restart();
      await pending;
      // The visitor's browser retries with the same key: the same call, never a second dial.
      const retried = await create(c.bin.url, key);
      expect(retried.status).toBe(202);
      id = ((await retried.json()) as { id: string }).id;
    } else {
      const response = await create(c.bin.url, key);
      expect(response.status).toBe(202);
      const body = (await response.json()) as { id: string; state: string };
      expect(body.state).toBe('dialing-agent');
      id = body.id;
    }
    if (killAt.includes('after the create was acknowledged')) await restart();
    const sid = c.sim.sim.calls()[0]!.sid;
    const act = async (leg: 1 | 2, action: 'answer' | 'hangup') => {
      expect(c.sim.sim.act(sid, leg, action)).toEqual({ ok: true });
      await c.sim.sim.settle();
    };

    await act(1, 'answer');
    expect((await readState(c.bin.url, id)).state).toBe('dialing-you');
    if (killAt.includes('after the agent-answered callback was acknowledged')) await restart();

    await act(2, 'answer');
    expect((await readState(c.bin.url, id)).state).toBe('connected');
    if (killAt.includes('after the visitor-answered callback was acknowledged')) await restart();

    await c.sim.sim.clock.advance(7000);
    if (killAt.includes('before the terminal callback')) {
      // The terminal callback reaches a dead process; Exotel retries, and the restarted
      // server also asks Call Details about the calls left open.
      acked = Math.max(acked, acknowledgedRank(c.sim));
      await c.bin.kill('SIGKILL');
      await act(2, 'hangup');
      c.bin = await c.start();
    } else await act(2, 'hangup');
    // Exotel's retries (10 s apart) for anything a dead process missed.
    for (let i = 0; i < 3; i++) {
      await c.sim.sim.clock.advance(10_000);
      await c.sim.sim.settle();
    }
    await until(
      async () => isFinalState((await readState(c.bin.url, id)).state),
      'the call settled',
    );

    const final = await readState(c.bin.url, id);
    expect(final).toMatchObject({ state: 'completed', conversationSeconds: 7 });
    // The idempotency key survived every restart.
    const replay = await create(c.bin.url, key);
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { id: string }).id).toBe(id);
    expect((await simStats(c.sim)).connectsAccepted).toBe(1);
    // Every callback a process acknowledged is reflected.
    expect(rank(final.state)).toBeGreaterThanOrEqual(acknowledgedRank(c.sim));

    // The stored history, replayed from the start: forward only, one ending, then the end.
    const stream = readSse(
      (
        await fetch(`${c.bin.url}/v1/calls/${id}/events`, {
          headers: { origin: ORIGIN, 'last-event-id': '0' },
        })
      ).body!,
    );
    await stream.ended;
    expect(stream.closedByServer()).toBe(true);
    const states = stream.states.map((s) => s.state);
    expect(states.filter(isFinalState), states.join(' → ')).toEqual(['completed']);
    for (let i = 1; i < stream.states.length; i++) {
      expect(stream.states[i]!.id).toBeGreaterThan(stream.states[i - 1]!.id);
      expect(rank(states[i]!)).toBeGreaterThan(rank(states[i - 1]!));
    }
    expect(states.at(-1)).toBe('completed');
    return states;
  } finally {
    await closeCase(c);
  }
}

// --- An agent group: the first agent busy, the second answers ------------------------------

const ASHA = '+919111100021';
const BALA = '+919111100022';
const TEAM = {
  ...baseWidget,
  id: 'team',
  from: undefined,
  agents: [
    { id: 'asha', number: ASHA, name: 'Asha' },
    { id: 'bala', number: BALA, name: 'Bala' },
  ],
  routing: { strategy: 'sequential' as const },
  timeLimit: 600,
};
const GROUP_STEPS = [
  'between the attempts (attempt 1 ended, attempt 2 not yet stored)',
  "after attempt 2's create was acknowledged",
] as const;
type GroupStep = (typeof GROUP_STEPS)[number];

/**
 * One call through a two-agent group: Asha rejects it (busy), Bala answers, the visitor
 * answers and talks 7 s. The process is SIGKILLed and restarted at `killAt`.
 *
 * Between the attempts: Exotel's budget (`globalLimit`: 1 connect per 3 s) is spent by
 * attempt 1, so the next attempt waits for it with the call stored `advancing` and no
 * attempt 2 yet; the kill lands there, checked in the store, and only the restarted
 * process (its reconciler) can place attempt 2.
 */
async function killedGroupCall(store: StoreSetup, killAt: GroupStep, caseId: string) {
  const c = await openCase(store, caseId, {
    config: {
      widgets: [{ ...baseWidget, timeLimit: 600 }, TEAM],
      globalLimit: { limit: 1, windowSeconds: 3 },
    },
    manual: [ASHA, BALA, VISITOR],
  });
  const peek = await store.open(c.dir, caseId);
  const key = newKey(`kill-group-${caseId}`);
  /** What the visitor was last shown: never to go back. */
  let shown = { attempt: 0, rank: -1 };
  const look = async (id: string) => {
    const now = await readState(c.bin.url, id);
    const seen = `${now.state}#${now.attempt}`;
    expect(now.attempt, seen).toBeGreaterThanOrEqual(shown.attempt);
    if (now.attempt === shown.attempt)
      expect(rank(now.state), seen).toBeGreaterThanOrEqual(shown.rank);
    shown = { attempt: now.attempt, rank: rank(now.state) };
    return now;
  };
  const act = async (sid: string, leg: 1 | 2, action: 'answer' | 'reject' | 'hangup') => {
    expect(c.sim.sim.act(sid, leg, action)).toEqual({ ok: true });
    await c.sim.sim.settle();
  };
  const acked = (sid: string) =>
    c.sim.sim
      .deliveries({ callSid: sid })
      .filter((d) => d.attempts.some((a) => a.status !== null && a.status < 300));
  const restart = async (id: string, whileDead?: () => Promise<void>) => {
    await c.bin.kill('SIGKILL');
    await whileDead?.();
    c.bin = await c.start();
    await look(id);
  };
  try {
    const response = await create(c.bin.url, key, 'team');
    expect(response.status).toBe(202);
    const body = (await response.json()) as { id: string; state: string; attempt: number };
    expect(body).toMatchObject({
      state: 'dialing-agent',
      attempt: 1,
      maxAttempts: 2,
      agentName: 'Asha',
    });
    const { id } = body;
    await look(id);
    const first = c.sim.sim.calls()[0]!;
    expect(e164(first.params.from)).toBe(ASHA);
    expect(attemptOf(first)).toMatchObject({ callId: id, attempt: 1 });

    // Asha is busy: attempt 1 ends, its terminal callback is acknowledged.
    await act(first.sid, 1, 'reject');
    expect(acked(first.sid).map((d) => d.event)).toContain('terminal');

    if (killAt === GROUP_STEPS[0]) {
      // Between the attempts, as stored: attempt 1 over and recorded, attempt 2 not stored.
      await until(async () => (await peek.getCall(id))?.advancing === true, 'the call advancing');
      const between = (await peek.getCall(id))!;
      expect(between).toMatchObject({ attempt: 1, advancing: true });
      expect(between.attempts.map((a) => [a.agentId, a.outcome])).toEqual([
        ['asha', 'agent-unavailable'],
      ]);
      // Killed with nothing of attempt 2 stored or dialled: only the restarted process can place it.
      await restart(id, async () => {
        expect(await peek.getCall(id)).toMatchObject({ attempt: 1, advancing: true });
        expect((await simStats(c.sim)).connectsAccepted).toBe(1);
      });
      // The acknowledged end of attempt 1 survived the kill.
      expect((await peek.getCall(id))!.attempts[0]).toMatchObject({
        agentId: 'asha',
        exotelSid: first.sid,
        outcome: 'agent-unavailable',
      });
    }

    // Attempt 2 (after the kill, only the restarted process's reconciler can place it).
    await until(async () => (await simStats(c.sim)).connectsAccepted === 2, 'attempt 2 placed');
    const second = c.sim.sim.calls()[1]!;
    expect(e164(second.params.from)).toBe(BALA);
    expect(attemptOf(second)).toMatchObject({ callId: id, attempt: 2 });
    if (killAt === GROUP_STEPS[1]) {
      // Exotel acknowledged attempt 2's create and the process stored its CallSid.
      await until(
        async () => (await peek.getCall(id))?.attempts[1]?.exotelSid === second.sid,
        "attempt 2's CallSid stored",
      );
      await restart(id);
    }
    expect(await look(id)).toMatchObject({ state: 'dialing-agent', attempt: 2, agentName: 'Bala' });

    await act(second.sid, 1, 'answer');
    expect(await look(id)).toMatchObject({ state: 'dialing-you', attempt: 2 });
    await act(second.sid, 2, 'answer');
    expect(await look(id)).toMatchObject({ state: 'connected', attempt: 2 });
    await c.sim.sim.clock.advance(7000);
    await act(second.sid, 2, 'hangup');
    for (let i = 0; i < 3; i++) {
      await c.sim.sim.clock.advance(10_000);
      await c.sim.sim.settle();
    }
    await until(async () => isFinalState((await look(id)).state), 'the call settled');
    expect(await look(id)).toMatchObject({
      state: 'completed',
      conversationSeconds: 7,
      attempt: 2,
      maxAttempts: 2,
      agentName: 'Bala',
    });

    // Exactly one connect per attempt, two in all, and the key still names the call.
    const replay = await create(c.bin.url, key, 'team');
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { id: string }).id).toBe(id);
    expect((await simStats(c.sim)).connectsAccepted).toBe(2);
    expect(c.sim.sim.calls().map((p) => [attemptOf(p).attempt, e164(p.params.from)])).toEqual([
      [1, ASHA],
      [2, BALA],
    ]);
    expect(attemptOf(first).token).not.toBe(attemptOf(second).token);

    // What the process stored, against what Exotel did: every invariant of the faults suite.
    const stored = (await peek.getCall(id))!;
    expect(stored.attempts.map((a) => [a.agentId, a.exotelSid, a.outcome])).toEqual([
      ['asha', first.sid, 'agent-unavailable'],
      ['bala', second.sid, 'completed'],
    ]);
    const events = await peek.listEvents(id, 0);
    expect(
      checkInvariants({
        sim: c.sim.sim,
        groups: agentGroups([TEAM]),
        calls: [stored],
        events: new Map([[id, events]]),
        keys: new Map([[key, id]]),
      }),
    ).toEqual([]);
    for (const delivery of acked(second.sid))
      expect(rank(stored.state)).toBeGreaterThanOrEqual(impliedRank(delivery));

    // The stored history, replayed from the start: forward only, attempt 1 then 2, one ending.
    const stream = readSse(
      (
        await fetch(`${c.bin.url}/v1/calls/${id}/events`, {
          headers: { origin: ORIGIN, 'last-event-id': '0' },
        })
      ).body!,
    );
    await stream.ended;
    expect(stream.closedByServer()).toBe(true);
    const seen = stream.states.map((s) => `${s.state}#${s.attempt}`);
    expect(
      stream.states.filter((s) => isFinalState(s.state)).map((s) => s.state),
      seen.join(' → '),
    ).toEqual(['completed']);
    for (let i = 1; i < stream.states.length; i++) {
      const [a, b] = [stream.states[i - 1]!, stream.states[i]!];
      expect(b.id, seen.join(' → ')).toBeGreaterThan(a.id);
      expect(b.attempt!, seen.join(' → ')).toBeGreaterThanOrEqual(a.attempt!);
      expect(rank(b.state), seen.join(' → ')).toBeGreaterThanOrEqual(rank(a.state));
      if (b.attempt === a.attempt)
        expect(rank(b.state), seen.join(' → ')).toBeGreaterThan(rank(a.state));
    }
    expect(seen, seen.join(' → ')).toContain('dialing-agent#2');
    expect(seen.at(-1)).toBe('completed#2');
    return seen;
  } finally {
    await peek.close();
    await closeCase(c);
  }
}

for (const store of STORES) {
  describe(`SIGKILL and restart with ${store.name}`, () => {
    beforeAll(async () => {
      await store.before?.();
    });
    afterAll(async () => {
      await store.after?.();
    });

    for (const [index, step] of STEPS.entries()) {
      it(`killed ${step}: one dial, nothing acknowledged lost, one ending`, async () => {
        const states = await killedCall(store, [step], `step${index}`);
        console.log(
          `[hardening:crash-restart] ${store.name}, killed ${step}: ${states.join(' → ')}`,
        );
      });
    }

    it('killed at every step of one call', async () => {
      const states = await killedCall(store, STEPS, 'every');
      console.log(
        `[hardening:crash-restart] ${store.name}, killed at every step: ${states.join(' → ')}`,
      );
    });

    for (const [index, step] of GROUP_STEPS.entries()) {
      it(`two agents, the first busy, killed ${step}: one connect per attempt, completes on attempt 2`, async () => {
        const seen = await killedGroupCall(store, step, `group${index}`);
        console.log(
          `[hardening:crash-restart] ${store.name}, two agents, killed ${step}: ${seen.join(' → ')}`,
        );
      });
    }
  });
}
