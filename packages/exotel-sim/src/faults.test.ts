import { describe, expect, it } from 'vitest';
import { ACCOUNT, BASE, basicAuth, createHarness, NUMBERS } from '../test/harness.js';
import { checkFaultConfig, checkQueuedFault } from './checkFaults.js';
import { Faults } from './faults.js';
import { mulberry32 } from './mulberry32.js';

const CB = 'https://shop.example.com/cb';
const basic = { From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone };
const subscribed = {
  ...basic,
  StatusCallback: CB,
  'StatusCallbackEvents[0]': 'terminal',
  'StatusCallbackEvents[1]': 'answered',
};

describe('mulberry32', () => {
  it('is deterministic per seed and spreads over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
  });
});

describe('probabilistic faults', () => {
  const decisions = (seed: number) => {
    const faults = new Faults(seed, {
      http: { error: 0.3, latency: 0.2 },
      callbacks: { drop: 0.3 },
    });
    return Array.from({ length: 50 }, () => [
      faults.forRequest('connect'),
      faults.forCallback('terminal'),
    ]);
  };

  it('replay exactly under the same seed', () => {
    expect(decisions(1234)).toEqual(decisions(1234));
    expect(decisions(1234)).not.toEqual(decisions(4321));
  });

  it('answer 5xx with the configured probability (1 = always), placing no call', async () => {
    const { connect, sim } = createHarness({ faults: { http: { error: 1 } } });
    const res = await connect(basic);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      RestException: { Status: 503, Message: 'Service Unavailable', Code: 35008 },
    });
    expect(sim.stats()).toMatchObject({ faulted: 1, connectsAccepted: 0 });
    sim.faults.set({ http: { error: 1, errorStatus: 500, routes: ['getCall'] } });
    expect((await connect(basic)).status).toBe(200);
    sim.faults.clear();
    expect(sim.faults.get()).toEqual({});
  });
});

describe('queued faults (per request)', () => {
  it('hit the next matching request only', async () => {
    const { connect, getCall, sim } = createHarness();
    sim.faults.next({ target: 'connect', fault: { type: 'rate-limit' } });
    sim.faults.next({ target: 'getCall', fault: { type: 'error', status: 500 }, times: 2 });
    expect(sim.faults.queued()).toHaveLength(2);
    expect((await getCall('a')).status).toBe(500);
    expect((await connect(basic)).status).toBe(429);
    expect((await connect(basic)).status).toBe(200);
    expect((await getCall('a')).status).toBe(500);
    expect((await getCall('a')).status).toBe(404);
    expect(sim.faults.queued()).toEqual([]);
  });

  it("with when: 'after', place the call and then fail the answer", async () => {
    const { connect, sim } = createHarness();
    sim.faults.next({ target: 'connect', fault: { type: 'error', status: 503 }, when: 'after' });
    expect((await connect(basic)).status).toBe(503);
    expect(sim.stats().connectsAccepted).toBe(1);
    expect(sim.calls()).toHaveLength(1);
  });

  it('reset the connection: a network error for fetch callers', async () => {
    const { sim } = createHarness();
    sim.faults.next({ target: 'api', fault: { type: 'reset' }, when: 'after' });
    const response = await sim.fetch(
      new Request(`${BASE}/v1/Accounts/${ACCOUNT}/Calls/connect.json`, {
        method: 'POST',
        headers: { authorization: basicAuth() },
        body: new URLSearchParams(basic),
      }),
    );
    expect(response.type).toBe('error');
    expect(sim.stats().connectsAccepted).toBe(1);
  });

  it('delay the answer on the simulator clock', async () => {
    const { connect, sim } = createHarness();
    sim.faults.next({ target: 'connect', fault: { type: 'latency', ms: 5_000 } });
    let settled = false;
    const pending = connect(basic).then((res) => {
      settled = true;
      return res;
    });
    await sim.clock.advance(4_999);
    expect(settled).toBe(false);
    expect(sim.calls()).toHaveLength(0);
    await sim.clock.advance(1);
    expect((await pending).status).toBe(200);
  });
});

describe('callback faults', () => {
  it('drop a callback: never sent, recorded as dropped', async () => {
    const { connect, sim, received } = createHarness();
    sim.faults.next({ target: 'callback', event: 'terminal', fault: { type: 'drop' } });
    await connect(subscribed);
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.body.EventType)).toEqual(['answered', 'answered']);
    expect(sim.deliveries().map((d) => [d.event, d.state])).toEqual([
      ['answered', 'delivered'],
      ['answered', 'delivered'],
      ['terminal', 'dropped'],
    ]);
  });

  it('duplicate a callback: the same body twice', async () => {
    const { connect, sim, received } = createHarness();
    sim.faults.next({ target: 'callback', event: 'terminal', fault: { type: 'duplicate' } });
    await connect(subscribed);
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.body.EventType)).toEqual([
      'answered',
      'answered',
      'terminal',
      'terminal',
    ]);
    expect(received[3]!.body).toEqual(received[2]!.body);
    const copies = sim.deliveries().filter((d) => d.event === 'terminal');
    expect(copies[1]!.duplicateOf).toBe(copies[0]!.id);
  });

  it('delay a callback on the simulator clock', async () => {
    const { connect, sim, received } = createHarness();
    sim.faults.next({
      target: 'callback',
      event: 'terminal',
      fault: { type: 'delay', ms: 30_000 },
    });
    await connect(subscribed);
    await sim.clock.advance(14_000 + 29_999);
    expect(received.map((r) => r.body.EventType)).toEqual(['answered', 'answered']);
    await sim.clock.advance(1);
    expect(received.map((r) => r.body.EventType)).toEqual(['answered', 'answered', 'terminal']);
  });

  it('reorder callbacks: one is held back until the next has been sent', async () => {
    const { connect, sim, received } = createHarness();
    sim.faults.next({ target: 'callback', event: 'answered', fault: { type: 'reorder' } });
    await connect(subscribed);
    await sim.clock.advance(60_000);
    expect(received.map((r) => [r.body.EventType, r.body['Legs[1][Status]']])).toEqual([
      ['answered', 'in-progress'],
      ['answered', ''],
      ['terminal', 'completed'],
    ]);
  });

  it('release a held callback after the last one when nothing else follows', async () => {
    const { connect, sim, received } = createHarness();
    sim.faults.next({
      target: 'callback',
      event: 'answered',
      fault: { type: 'reorder' },
      times: 2,
    });
    await connect({ ...basic, StatusCallback: CB, 'StatusCallbackEvents[0]': 'answered' });
    await sim.clock.advance(60_000);
    expect(received).toHaveLength(2);
  });

  it('draw callback faults from the seeded PRNG', async () => {
    const run = async () => {
      const { connect, sim } = createHarness({ seed: 99, faults: { callbacks: { drop: 0.5 } } });
      for (let i = 0; i < 10; i++) await connect(subscribed);
      await sim.clock.advance(60_000);
      return sim.deliveries().map((d) => d.state);
    };
    const first = await run();
    expect(first).toContain('dropped');
    expect(first).toContain('delivered');
    expect(await run()).toEqual(first);
  });
});

describe('fault validation', () => {
  it('explains what is wrong', () => {
    expect(checkFaultConfig({ http: { error: 2 } })).toMatch(/probability/);
    expect(checkFaultConfig({ http: { errorStatus: 404 } })).toMatch(/500 to 599/);
    expect(checkFaultConfig({ nope: {} })).toMatch(/Unknown field 'nope'/);
    expect(checkFaultConfig({ callbacks: { drop: 0.1, delayMs: 100 } })).toBeUndefined();
    expect(checkQueuedFault({ target: 'connect', fault: { type: 'explode' } })).toMatch(
      /Unknown HTTP fault/,
    );
    expect(checkQueuedFault({ target: 'callback', fault: { type: 'reset' } })).toMatch(
      /Unknown callback fault/,
    );
    expect(checkQueuedFault({ target: 'everything', fault: { type: 'reset' } })).toMatch(
      /'target'/,
    );
    expect(checkQueuedFault({ target: 'api', fault: { type: 'latency' } })).toMatch(/'ms'/);
    expect(checkQueuedFault({ target: 'api', fault: { type: 'reset' }, times: 0 })).toMatch(
      /'times'/,
    );
    expect(() => new Faults(1).set({ http: { reset: -1 } })).toThrow(TypeError);
  });
});

describe('seed', () => {
  it('is exposed so a run can be replayed', () => {
    const { sim } = createHarness({ seed: 5 });
    expect(sim.seed).toBe(5);
  });
});

describe('asFetch', () => {
  it('throws like fetch on a reset, and otherwise answers like the handler', async () => {
    const { sim } = createHarness();
    const fetch = sim.asFetch();
    sim.faults.next({ target: 'getCall', fault: { type: 'reset' } });
    const url = `${BASE}/v1/Accounts/${ACCOUNT}/Calls/abc.json`;
    await expect(fetch(url, { headers: { authorization: basicAuth() } })).rejects.toThrow(
      TypeError,
    );
    expect((await fetch(url, { headers: { authorization: basicAuth() } })).status).toBe(404);
  });
});
