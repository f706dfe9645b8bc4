import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };

async function placeCall(harness: Harness) {
  const call = (await (await harness.createCall(body)).json()) as { id: string };
  const sim = harness.sim.calls().at(-1)!;
  return { id: call.id, sid: sim.sid, callbackUrl: new URL(sim.params.statusCallback!) };
}

function terminal(sid: string, extra: Record<string, unknown> = {}) {
  return {
    CallSid: sid,
    EventType: 'terminal',
    Status: 'completed',
    DateCreated: '2026-11-27 10:30:00',
    DateUpdated: '2026-11-27 10:31:00',
    ConversationDuration: 41,
    Legs: [
      { Status: 'completed', OnCallDuration: 50 },
      { Status: 'completed', OnCallDuration: 41 },
    ],
    ...extra,
  };
}

const post = (url: URL | string, payload: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

describe('forged callbacks', () => {
  it('are refused with 403 and change nothing', async () => {
    h = await startHarness();
    const a = await placeCall(h);
    const b = await placeCall(h);
    const token = a.callbackUrl.searchParams.get('token')!;
    const attempts = [
      `${h.url}/v1/exotel/status-callback`,
      `${h.url}/v1/exotel/status-callback?call=${a.id}`,
      `${h.url}/v1/exotel/status-callback?call=${a.id}&token=${token.slice(0, -2)}xx`,
      `${h.url}/v1/exotel/status-callback?call=${b.id}&token=${token}`,
      `${h.url}/v1/exotel/status-callback?call=call_AAAAAAAAAAAAAAAAAAAAAAAA&token=${token}`,
    ];
    for (const url of attempts) {
      const response = await post(url, terminal(a.sid));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('callback_forbidden');
    }
    expect((await h.getCall(a.id)).state).toBe('dialing-agent');
    expect((await h.getCall(b.id)).state).toBe('dialing-agent');
    expect(h.hookCalls.filter((c) => c.event.source === 'callback')).toEqual([]);
  });

  it('refuses a valid token carrying another call', async () => {
    h = await startHarness();
    const a = await placeCall(h);
    const b = await placeCall(h);
    expect((await post(a.callbackUrl, terminal(b.sid))).status).toBe(403);
    expect((await post(a.callbackUrl, terminal(a.sid, { CustomField: b.id }))).status).toBe(403);
    expect((await h.getCall(a.id)).state).toBe('dialing-agent');
  });

  it('refuses a body that is not a StatusCallback, with a valid token', async () => {
    h = await startHarness();
    const a = await placeCall(h);
    const response = await post(a.callbackUrl, { hello: 'world' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('invalid_callback');
    const text = await fetch(a.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(text.status).toBe(400);
    expect((await h.getCall(a.id)).state).toBe('dialing-agent');
  });

  it('accepts a genuine callback posted by hand', async () => {
    h = await startHarness();
    const a = await placeCall(h);
    const response = await post(a.callbackUrl, terminal(a.sid, { CustomField: a.id }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(await h.getCall(a.id)).toMatchObject({ state: 'completed', conversationSeconds: 41 });
  });
});

describe('replayed, duplicated and reordered callbacks', () => {
  it('ignores replays of old callbacks once the call has ended', async () => {
    h = await startHarness();
    const a = await placeCall(h);
    await h.advance(5 * 60_000);
    expect((await h.getCall(a.id)).state).toBe('completed');
    const events = h.hookCalls.length;
    for (const delivery of h.sim.deliveries({ callSid: a.sid })) {
      const response = await post(a.callbackUrl, delivery.payload);
      expect(response.status).toBe(200);
    }
    // A contradicting "busy" cannot re-open or rewrite it either.
    expect(
      (
        await post(
          a.callbackUrl,
          terminal(a.sid, { Status: 'busy', Legs: [{ Status: 'completed' }, { Status: 'busy' }] }),
        )
      ).status,
    ).toBe(200);
    expect((await h.getCall(a.id)).state).toBe('completed');
    expect(h.hookCalls.length).toBe(events);
  });

  it('applies duplicated deliveries once', async () => {
    h = await startHarness();
    h.sim.faults.set({ callbacks: { duplicate: 1 } });
    const a = await placeCall(h);
    await h.advance(5 * 60_000);
    expect(h.sim.deliveries({ callSid: a.sid }).length).toBeGreaterThanOrEqual(6);
    expect(h.hookCalls.filter((c) => c.call.id === a.id).map((c) => c.event.state)).toEqual([
      'requested',
      'dialing-agent',
      'dialing-you',
      'connected',
      'completed',
    ]);
  });

  it('never moves backwards when callbacks arrive out of order', async () => {
    h = await startHarness();
    // Hold the visitor's "answered" back until after the terminal callback.
    h.sim.faults.next({
      target: 'callback',
      event: 'answered',
      fault: { type: 'reorder' },
      times: 2,
    });
    const a = await placeCall(h);
    await h.advance(5 * 60_000);
    expect((await h.getCall(a.id)).state).toBe('completed');
    const states = h.hookCalls.filter((c) => c.call.id === a.id).map((c) => c.event.state);
    expect(states.at(-1)).toBe('completed');
    expect(states.indexOf('completed')).toBe(states.length - 1);
  });

  it('answers Exotel quickly even when the business hook throws', async () => {
    h = await startHarness({
      config: {
        onCallEvent: () => {
          throw new Error('CRM is down');
        },
      },
    });
    const a = await placeCall(h);
    await h.advance(5 * 60_000);
    expect((await h.getCall(a.id)).state).toBe('completed');
    expect(
      h.sim
        .deliveries({ callSid: a.sid })
        .every((d) => d.attempts.every((at) => at.status === 200)),
    ).toBe(true);
    expect(h.logs.filter((l) => l.msg === 'onCallEvent hook failed').length).toBeGreaterThan(0);
  });
});

describe('reconciliation when callbacks are lost', () => {
  it('settles a call from Call Details when its terminal callback never comes', async () => {
    h = await startHarness();
    h.sim.faults.next({ target: 'callback', event: 'terminal', fault: { type: 'drop' } });
    const a = await placeCall(h);
    await h.advance(60_000);
    expect((await h.getCall(a.id)).state).toBe('connected');
    // TimeLimit (600 s) + grace (30 s) after the call connected.
    await h.advance(600_000);
    expect(await h.server.reconcile()).toEqual({ checked: 1, settled: 1 });
    expect(await h.getCall(a.id)).toMatchObject({ state: 'completed', conversationSeconds: 10 });
    expect(h.hookCalls.at(-1)?.event.source).toBe('reconcile');
  });

  it('catches up from Call Details when every callback is lost', async () => {
    h = await startHarness();
    h.sim.faults.set({ callbacks: { drop: 1 } });
    const a = await placeCall(h);
    // One ring timeout (30 s) + grace (30 s) after Exotel accepted the call.
    await h.advance(59_000);
    expect(await h.server.reconcile()).toEqual({ checked: 0, settled: 0 });
    await h.advance(1000);
    expect(await h.server.reconcile()).toEqual({ checked: 1, settled: 1 });
    expect((await h.getCall(a.id)).state).toBe('completed');
  });

  it('keeps checking a call Exotel still reports as live', async () => {
    // Agent and visitor answer after 2 s and never hang up: only the time limit (600 s) ends it.
    h = await startHarness({ widget: { from: '+919000000006' } });
    h.sim.script(body.phone, { outcome: 'answer', ringSeconds: 2, talkSeconds: null });
    h.sim.faults.set({ callbacks: { drop: 1 } });
    const a = await placeCall(h);
    await h.advance(60_000);
    expect(await h.server.reconcile()).toEqual({ checked: 1, settled: 0 });
    expect((await h.getCall(a.id)).state).toBe('connected');
    // Checked again a time limit (600 s) plus grace (30 s) after it was seen connected.
    await h.advance(629_000);
    expect(await h.server.reconcile()).toEqual({ checked: 0, settled: 0 });
    await h.advance(1000);
    expect(await h.server.reconcile()).toEqual({ checked: 1, settled: 1 });
    expect((await h.getCall(a.id)).state).toBe('completed');
  });
});
