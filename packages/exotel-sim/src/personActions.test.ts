import { describe, expect, it } from 'vitest';
import { BASE, createHarness, NUMBERS } from '../test/harness.js';

const subscribed = {
  From: NUMBERS.agent,
  To: NUMBERS.customer,
  CallerId: NUMBERS.exophone,
  TimeOut: '30',
  StatusCallback: 'https://shop.example.com/cb',
  'StatusCallbackEvents[0]': 'answered',
  'StatusCallbackEvents[1]': 'terminal',
  StatusCallbackContentType: 'application/json',
};

/** A call whose two phones ring until someone acts (the `manual` fate). */
async function manualCall() {
  const harness = createHarness();
  harness.sim.script(NUMBERS.agent, { outcome: 'manual' });
  harness.sim.script(NUMBERS.customer, { outcome: 'manual' });
  const created = await harness.connect(subscribed);
  const sid = (created.body.Call as { Sid: string }).Sid;
  const act = async (leg: 1 | 2, action: string) => {
    const response = await harness.sim.fetch(
      new Request(`${BASE}/_sim/calls/${sid}/legs/${leg}/${action}`, { method: 'POST' }),
    );
    await harness.sim.settle();
    return { status: response.status, body: await response.json() };
  };
  const callbacks = () =>
    harness.received.map((r) => {
      const body = r.body as { EventType: string; Status: string; Legs: { Status: string }[] };
      return `${body.EventType}:${body.Status}:${body.Legs.map((l) => l.Status || '-').join('/')}`;
    });
  return { ...harness, sid, act, callbacks };
}

describe('a person holding the phones (manual fate + control API)', () => {
  it('rings until answered, then talks until hung up', async () => {
    const { sim, sid, act, callbacks } = await manualCall();
    await sim.clock.advance(20_000);
    expect(sim.call(sid)!.legs.map((l) => l.status)).toEqual(['ringing', null]);

    expect((await act(1, 'answer')).status).toBe(200);
    expect(sim.call(sid)!.legs.map((l) => l.status)).toEqual(['in-progress', 'ringing']);
    expect((await act(2, 'answer')).status).toBe(200);
    await sim.clock.advance(600_000); // manual phones never hang up by themselves
    expect(sim.call(sid)!.status).toBe('in-progress');

    const hung = await act(2, 'hangup');
    expect(hung.body.call).toMatchObject({ status: 'completed' });
    expect(callbacks()).toEqual([
      'answered:in-progress:in-progress/-',
      'answered:in-progress:in-progress/in-progress',
      'terminal:completed:completed/completed',
    ]);
  });

  it('a rejected phone is busy', async () => {
    const { sim, sid, act, callbacks } = await manualCall();
    await act(1, 'answer');
    await act(2, 'reject');
    expect(sim.call(sid)!.status).toBe('busy');
    expect(callbacks().at(-1)).toBe('terminal:busy:completed/busy');
  });

  it('the agent hanging up while the visitor rings fails the call and cancels the visitor’s leg', async () => {
    const { sim, sid, act, callbacks } = await manualCall();
    await act(1, 'answer');
    await act(1, 'hangup');
    expect(sim.call(sid)!.status).toBe('failed');
    expect(sim.call(sid)!.legs.map((l) => l.status)).toEqual(['completed', 'canceled']);
    expect(callbacks().at(-1)).toBe('terminal:failed:completed/canceled');
    expect(sim.call(sid)!.exotel.Details).toMatchObject({
      Leg1Status: 'completed',
      Leg2Status: 'canceled',
    });
  });

  it('nobody acting: no-answer at TimeOut', async () => {
    const { sim, sid, callbacks } = await manualCall();
    await sim.clock.advance(30_000);
    expect(sim.call(sid)!.status).toBe('no-answer');
    expect(callbacks()).toEqual(['terminal:no-answer:no-answer/-']);
  });

  it('overrides a scripted fate too', async () => {
    const harness = createHarness();
    const created = await harness.connect(subscribed);
    const sid = (created.body.Call as { Sid: string }).Sid;
    expect(harness.sim.act(sid, 1, 'reject')).toEqual({ ok: true });
    expect(harness.sim.call(sid)!.status).toBe('busy');
  });

  it('refuses actions that do not apply, and unknown calls, changing nothing', async () => {
    const { sim, sid, act } = await manualCall();
    expect(await act(2, 'answer')).toMatchObject({
      status: 409,
      body: { error: 'Leg 2 is not ringing (not dialled).' },
    });
    expect(await act(1, 'hangup')).toMatchObject({ status: 409 });
    expect(sim.call(sid)!.legs.map((l) => l.status)).toEqual(['ringing', null]);
    const unknown = await sim.fetch(
      new Request(`${BASE}/_sim/calls/nope/legs/1/answer`, { method: 'POST' }),
    );
    expect(unknown.status).toBe(404);
    const badAction = await sim.fetch(
      new Request(`${BASE}/_sim/calls/${sid}/legs/1/explode`, { method: 'POST' }),
    );
    expect(badAction.status).toBe(404);
  });

  it('the default fate can make every phone wait for a person, until reset', async () => {
    const harness = createHarness();
    const put = await harness.sim.fetch(
      new Request(`${BASE}/_sim/default-fate`, {
        method: 'PUT',
        body: JSON.stringify({ outcome: 'manual' }),
      }),
    );
    expect(await put.json()).toEqual({ fate: { outcome: 'manual' } });
    const created = await harness.connect(subscribed);
    const sid = (created.body.Call as { Sid: string }).Sid;
    await harness.sim.clock.advance(29_000);
    expect(harness.sim.call(sid)!.legs[0].status).toBe('ringing');
    const bad = await harness.sim.fetch(
      new Request(`${BASE}/_sim/default-fate`, { method: 'PUT', body: '{"outcome":"x"}' }),
    );
    expect(bad.status).toBe(400);
    expect(harness.sim.defaultFate()).toEqual({ outcome: 'manual' });
    harness.sim.reset();
    expect(harness.sim.defaultFate()).toEqual({
      outcome: 'answer',
      ringSeconds: 2,
      talkSeconds: 10,
    });
  });
});
