import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/domain/Store.js';
import { createMemoryStore } from '../src/store/memoryStore.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };

let visitors = 0;

/** Places a call, each to a number of its own (a number has one live call at a time). */
async function placeCall(harness: Harness, phone = `+9198123${String(45000 + ++visitors)}`) {
  const call = (await (await harness.createCall({ ...body, phone })).json()) as { id: string };
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

  it('are logged once per reason and window, with how many more came', async () => {
    h = await startHarness();
    const forged = `${h.url}/v1/exotel/status-callback?call=call_AAAAAAAAAAAAAAAAAAAAAAAA&token=${'x'.repeat(42)}A`;
    for (let i = 0; i < 20; i++) expect((await post(forged, terminal('sid'))).status).toBe(403);
    const refusals = () => h!.logs.filter((e) => e.msg === 'status callback refused');
    expect(refusals()).toEqual([
      {
        level: 'warn',
        msg: 'status callback refused',
        reason: 'bad token',
        callId: 'call_AAAAAAAAAAAAAAAAAAAAAAAA',
      },
    ]);
    // The window's count is written when it ends, or when the server closes.
    await h.close();
    expect(refusals().map((e) => e.suppressed)).toEqual([undefined, 19]);
    h = undefined;
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

describe('callbacks Exotel may send that we do not know yet', () => {
  it('acknowledges an unknown EventType or Status with 200, keeps the CallSid, moves nothing', async () => {
    h = await startHarness();
    h.sim.faults.set({ callbacks: { drop: 1 } });
    const a = await placeCall(h);
    for (const extra of [
      { EventType: 'Ringing', Status: 'ringing' },
      { EventType: 'terminal', Status: 'initiated' },
      { EventType: 'Queued', Status: 'whatever-comes-next' },
    ]) {
      const response = await post(a.callbackUrl, terminal(a.sid, extra));
      expect(response.status, JSON.stringify(extra)).toBe(200);
      expect(await response.json()).toEqual({ received: true });
    }
    expect((await h.getCall(a.id)).state).toBe('dialing-agent');
    expect(
      h.logs.filter((l) => l.msg === 'status callback not understood; acknowledged, nothing moved'),
    ).toHaveLength(3);
    expect(h.logs.find((l) => l.eventType === 'Ringing')).toMatchObject({ level: 'warn' });
  });

  it('reads EventType in any case (applet callbacks send `Terminal`)', async () => {
    h = await startHarness();
    h.sim.faults.set({ callbacks: { drop: 1 } });
    const a = await placeCall(h);
    const response = await post(a.callbackUrl, terminal(a.sid, { EventType: 'Terminal' }));
    expect(response.status).toBe(200);
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
    const a = await placeCall(h, body.phone);
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

  describe('when Exotel never says how a call ended', () => {
    // Ring timeouts (2 × 30 s) + time limit (600 s) + grace (30 s): the longest a call can last.
    const BOUND_MS = 690_000;

    /** Every callback lost and every Call Details request failing, from the start. */
    async function silentExotel(store: Store) {
      h = await startHarness({ config: { store } });
      h.sim.faults.set({ callbacks: { drop: 1 }, http: { routes: ['getCall'], error: 1 } });
      const a = await placeCall(h);
      expect((await h.getCall(a.id)).state).toBe('dialing-agent');
      return a;
    }

    /** Advances in 30 s steps, reconciling after each, up to `untilMs` after the create. */
    async function reconcileUntil(harness: Harness, untilMs: number, fromMs = 0) {
      for (let t = fromMs + 30_000; t <= untilMs; t += 30_000) {
        await harness.advance(30_000);
        await harness.server.reconcile();
      }
    }

    it('settles the call `ended` at its longest possible life, with Call Details failing on every request', async () => {
      const store = createMemoryStore();
      const a = await silentExotel(store);
      await reconcileUntil(h!, BOUND_MS - 30_000);
      expect((await h!.getCall(a.id)).state).toBe('dialing-agent');
      const asked = (await h!.simStats()).getCallRequests;
      // Backing off, but never past the bound: a handful of looks, not one per step.
      expect(asked).toBeGreaterThan(2);
      expect(asked).toBeLessThan(12);

      await h!.advance(30_000);
      expect(await h!.server.reconcile()).toEqual({ checked: 1, settled: 1 });
      expect(await h!.getCall(a.id)).toMatchObject({ state: 'ended', final: true });
      expect(h!.hookCalls.at(-1)?.event).toMatchObject({ state: 'ended', source: 'reconcile' });
      expect(h!.hookCalls.at(-1)?.call).toMatchObject({ final: true, reportedEnding: null });
      expect(
        h!.logs.filter((l) => l.msg === 'call settled without word from Exotel'),
      ).toMatchObject([{ level: 'warn', callId: a.id }]);
      const events = await store.listEvents(a.id, 0);
      expect(events.map((e) => e.state)).toEqual(['requested', 'dialing-agent', 'ended']);
      await store.close();
    });

    it('keeps asking Call Details after settling, and records its late answer for the operator only', async () => {
      const store = createMemoryStore();
      const a = await silentExotel(store);
      await reconcileUntil(h!, BOUND_MS);
      expect((await h!.getCall(a.id)).state).toBe('ended');
      const hooks = h!.hookCalls.length;

      // Call Details recovers: the next late look (10 min on) learns how the call went.
      h!.sim.faults.set({ callbacks: { drop: 1 } });
      await h!.advance(10 * 60_000);
      expect(await h!.server.reconcile()).toEqual({ checked: 1, settled: 0 });
      const record = await store.getCall(a.id);
      expect(record).toMatchObject({
        state: 'ended',
        reportedEnding: 'completed',
        exotelStatus: 'completed',
        checkAt: null,
      });
      expect(record!.conversationSeconds).toBeGreaterThan(0);
      // The visitor's call is not re-opened: no event, no hook, the same public state.
      expect(await h!.getCall(a.id)).toMatchObject({ state: 'ended', final: true });
      expect(h!.hookCalls).toHaveLength(hooks);
      expect((await store.listEvents(a.id, 0)).map((e) => e.state).at(-1)).toBe('ended');
      // Nothing more to ask.
      await h!.advance(24 * 3600_000);
      expect(await h!.server.reconcile()).toEqual({ checked: 0, settled: 0 });
      await store.close();
    });

    it('takes a late terminal callback into the record without moving the visitor’s call', async () => {
      const store = createMemoryStore();
      const a = await silentExotel(store);
      await reconcileUntil(h!, BOUND_MS);
      expect((await h!.getCall(a.id)).state).toBe('ended');
      const response = await post(
        a.callbackUrl,
        terminal(a.sid, {
          Status: 'no-answer',
          ConversationDuration: 0,
          Legs: [{ Status: 'no-answer' }, { Status: '' }],
        }),
      );
      expect(response.status).toBe(200);
      expect(await store.getCall(a.id)).toMatchObject({
        state: 'ended',
        reportedEnding: 'agent-unavailable',
        exotelStatus: 'no-answer',
      });
      expect(await h!.getCall(a.id)).toMatchObject({ state: 'ended' });
      await store.close();
    });
  });
});
