// Process kills: the `ringback-server` bin SIGKILLed and restarted at every step of a
// call — while Exotel holds the create, after the create was acknowledged, after each
// leg's `answered` callback was acknowledged, and before the terminal callback — with
// SQLite and with Redis. The people on the phones are the simulator's `manual` fate,
// moved by `sim.act()`; time is the simulator's manual clock. After every restart and
// at the end: one upstream connect for the idempotency key, nothing acknowledged lost,
// one final state, no step backwards.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServedSimulator, serveExotelSimulator } from '@ringback/exotel-sim/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinProcess, freePort, startBin, until } from './support/bin.js';
import { isFinalState, rank } from './support/callStates.js';
import { impliedRank } from './support/invariants.js';
import { type RedisServer, startRedisServer } from './support/redisServer.js';
import { announceSeed, SEED } from './support/seed.js';
import { readSse } from './support/sse.js';
import { AGENT, baseWidget, newKey, ORIGIN, SECRET, T0 } from './support/world.js';

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
  },
];

interface Case {
  sim: ServedSimulator;
  bin: BinProcess;
  start(): Promise<BinProcess>;
  dir: string;
}

async function openCase(store: StoreSetup, caseId: string): Promise<Case> {
  const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-kill-'));
  const sim = await serveExotelSimulator({
    clock: 'manual',
    startTime: T0,
    seed: SEED,
    onError: () => {},
  });
  // People, not timers, answer and hang up: nothing happens unless the test acts.
  sim.sim.script(AGENT, { outcome: 'manual' });
  sim.sim.script(VISITOR, { outcome: 'manual' });
  const port = await freePort();
  const setup = store.configure(dir, caseId);
  const configPath = join(dir, 'ringback.json');
  await writeFile(
    configPath,
    JSON.stringify({
      widgets: [{ ...baseWidget, timeLimit: 600 }],
      reconcileIntervalMs: 200,
      reconcileGraceSeconds: 0,
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

const create = (url: string, key: string) =>
  fetch(`${url}/v1/calls`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ widgetId: 'support', phone: VISITOR }),
  });

async function readState(url: string, id: string) {
  const response = await fetch(`${url}/v1/calls/${id}`, { headers: { origin: ORIGIN } });
  expect(response.status).toBe(200);
  return (await response.json()) as { state: string; conversationSeconds: number | null };
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
  });
}
