import { describe, expect, it } from 'vitest';
import { BASE, createHarness, NUMBERS } from '../test/harness.js';
import { CONTROL_ROUTES } from './controlApi.js';
import { createExotelSimulator } from './createExotelSimulator.js';

const basic = { From: NUMBERS.agent, To: NUMBERS.customer, CallerId: NUMBERS.exophone };

function control(sim: { fetch(request: Request): Promise<Response> }) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await sim.fetch(
      new Request(`${BASE}/_sim${path}`, {
        method,
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      }),
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

describe('control API', () => {
  it('lists its routes', async () => {
    const { sim } = createHarness();
    const res = await control(sim)('GET', '');
    expect(res).toEqual({ status: 200, body: { routes: CONTROL_ROUTES } });
  });

  it('scripts numbers, advances the manual clock, and lists calls, events, deliveries and stats', async () => {
    const { sim, connect } = createHarness({ detailsNumbers: 'string' });
    const api = control(sim);
    expect(
      (await api('PUT', '/numbers/%2B919812345678', { outcome: 'busy', ringSeconds: 3 })).status,
    ).toBe(200);
    expect((await api('GET', '/numbers')).body.scripts).toEqual([
      { number: '09812345678', queue: [], fate: { outcome: 'busy', ringSeconds: 3 } },
    ]);
    await connect({ ...basic, StatusCallback: 'https://shop.example.com/cb' });
    const advanced = await api('POST', '/clock/advance', { ms: 60_000 });
    expect(advanced.body).toMatchObject({
      mode: 'manual',
      now: sim.calls()[0]!.createdAt + 60_000,
    });

    const calls = (await api('GET', '/calls')).body.calls;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 'busy', exotel: { Status: 'busy', Duration: '5' } });
    const one = await api('GET', `/calls/${calls[0].sid}`);
    expect(one.body.call.sid).toBe(calls[0].sid);
    expect(one.body.deliveries).toHaveLength(1);
    const events = await api('GET', `/calls/${calls[0].sid}/events`);
    expect(events.body.events.at(-1)).toMatchObject({ type: 'ended', status: 'busy' });
    expect(
      (await api('GET', `/deliveries?callSid=${calls[0].sid}`)).body.deliveries[0],
    ).toMatchObject({
      state: 'delivered',
      event: 'base',
    });
    expect((await api('GET', '/stats')).body).toMatchObject({
      connectRequests: 1,
      connectsAccepted: 1,
    });

    expect((await api('DELETE', '/numbers/09812345678')).status).toBe(204);
    expect((await api('GET', '/numbers')).body.scripts).toEqual([]);
    expect((await api('GET', '/numbers')).body.magicNumbers['9000000001'].description).toBe('busy');
  });

  it('sets, queues and clears faults', async () => {
    const { sim, connect } = createHarness();
    const api = control(sim);
    expect((await api('PUT', '/faults', { callbacks: { drop: 0.5 } })).body.config).toEqual({
      callbacks: { drop: 0.5 },
    });
    await api('POST', '/faults/next', { target: 'connect', fault: { type: 'error', status: 500 } });
    expect((await api('GET', '/faults')).body.queued).toHaveLength(1);
    expect((await connect(basic)).status).toBe(500);
    expect((await api('DELETE', '/faults')).status).toBe(204);
    expect((await api('GET', '/faults')).body).toEqual({ config: {}, queued: [] });
  });

  it('resets everything but the clock', async () => {
    const { sim, connect } = createHarness();
    const api = control(sim);
    sim.script('9812345678', { outcome: 'busy' });
    sim.faults.set({ http: { latency: 0.1 } });
    await connect(basic);
    const before = sim.clock.now();
    expect((await api('POST', '/reset')).status).toBe(204);
    expect(sim.calls()).toEqual([]);
    expect(sim.scripts()).toEqual([]);
    expect(sim.faults.get()).toEqual({});
    expect(sim.stats().connectsAccepted).toBe(0);
    expect(sim.clock.now()).toBe(before);
  });

  it('changes the callback events the account honours, until reset', async () => {
    const { sim, connect, received } = createHarness();
    const api = control(sim);
    expect(await api('GET', '/callback-events')).toEqual({
      status: 200,
      body: { events: ['terminal', 'answered'] },
    });
    expect(await api('PUT', '/callback-events', { events: ['terminal'] })).toEqual({
      status: 200,
      body: { events: ['terminal'] },
    });
    await connect({
      ...basic,
      StatusCallback: 'https://shop.example.com/cb',
      'StatusCallbackEvents[0]': 'terminal',
      'StatusCallbackEvents[1]': 'answered',
    });
    await sim.clock.advance(60_000);
    expect(received.map((r) => r.body.EventType)).toEqual(['terminal']);
    await api('POST', '/reset');
    expect((await api('GET', '/callback-events')).body.events).toEqual(['terminal', 'answered']);
  });

  it.each([
    ['PUT', '/numbers/9812345678', { outcome: 'explode' }, 400, /Unknown fate outcome/],
    ['PUT', '/numbers/9812345678', [], 400, /non-empty list/],
    ['PUT', '/numbers/nope', { outcome: 'busy' }, 400, /Not a phone number/],
    ['PUT', '/numbers/9812345678', '{not json', 400, /must be JSON/],
    ['PUT', '/faults', { http: { error: 3 } }, 400, /probability/],
    [
      'POST',
      '/faults/next',
      { target: 'callback', fault: { type: 'nap' } },
      400,
      /Unknown callback fault/,
    ],
    ['POST', '/clock/advance', { ms: -5 }, 400, /non-negative/],
    ['PUT', '/callback-events', { events: ['ringing'] }, 400, /Unknown callback event/],
    ['PUT', '/callback-events', ['terminal'], 400, /Send \{"events"/],
    ['GET', '/calls/unknown', undefined, 404, /No call/],
    ['GET', '/nowhere', undefined, 404, /No control route/],
  ])('%s %s answers %i with a clear error', async (method, path, body, status, message) => {
    const { sim } = createHarness();
    const res = await control(sim)(method, path, body);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatch(message);
  });

  it('refuses to advance a real clock', async () => {
    const sim = createExotelSimulator();
    const res = await control(sim)('POST', '/clock/advance', { ms: 5 });
    expect(res.status).toBe(409);
    expect((await control(sim)('GET', '/clock')).body).toMatchObject({ mode: 'real', speed: 1 });
    await sim.close();
  });

  it('is not mounted with controlApi: false', async () => {
    const { sim } = createHarness({ controlApi: false });
    const response = await sim.fetch(new Request(`${BASE}/_sim/calls`));
    expect(response.status).toBe(404);
    // An unknown path, answered like any other: XML, since it does not end in .json.
    expect(await response.text()).toContain('<Status>404</Status>');
  });
});
