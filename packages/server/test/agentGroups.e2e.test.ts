// Agent groups end to end: the real simulator scripts each agent's phone, the real server
// routes a visitor's call through its attempts, and the visitor's stream shows them.
import { afterEach, describe, expect, it } from 'vitest';
import type { WidgetConfig } from '../src/domain/RingbackConfig.js';
import { type Harness, ORIGIN, startHarness } from './harness.js';
import { SseReader } from './sse.js';

const PRIYA = '+919000000011';
const ARJUN = '+919000000012';
const MEERA = '+919000000013';
const VISITOR = '+919812345678';

const group = (routing: WidgetConfig['routing'] = {}): Partial<WidgetConfig> => ({
  from: undefined,
  agents: [
    { id: 'priya', number: PRIYA, name: 'Priya' },
    { id: 'arjun', number: ARJUN, name: 'Arjun' },
    { id: 'meera', number: MEERA },
  ],
  routing,
  limits: {
    ip: [{ limit: 1000, windowSeconds: 60 }],
    number: [{ limit: 1000, windowSeconds: 60 }],
    distinctNumbersPerIp: [{ limit: 1000, windowSeconds: 60 }],
  },
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The simulator's connects, as the agents (`From`) each one rang. */
const connectsFrom = (harness: Harness) =>
  harness.sim.calls().map((c) => `+91${c.params.from.replace(/^0/, '')}`);

async function create(harness: Harness, phone = VISITOR) {
  const response = await harness.createCall({ widgetId: 'support', phone });
  expect(response.status).toBe(202);
  return (await response.json()) as {
    id: string;
    state: string;
    attempt: number;
    maxAttempts: number;
    agentName: string | null;
    links: { events: string };
  };
}

/** Runs simulated time until the call is final (callbacks delivered, next attempts placed). */
async function runToEnd(harness: Harness, id: string) {
  for (let i = 0; i < 40; i++) {
    await harness.advance(5000);
    await harness.server.idle();
    const call = await harness.getCall(id);
    if (call.final) return call;
  }
  throw new Error(`call ${id} never ended`);
}

describe('agent groups', () => {
  it('rings the next agent when one is busy: 2 connects, completed, and the visitor saw both attempts', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(PRIYA, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    expect(call).toMatchObject({
      state: 'dialing-agent',
      attempt: 1,
      maxAttempts: 3,
      agentName: 'Priya',
    });
    const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
    await stream.until((s) => s.events.length === 1);

    const ended = await runToEnd(h, call.id);
    expect(ended).toMatchObject({ state: 'completed', attempt: 2, agentName: 'Arjun' });
    expect(connectsFrom(h)).toEqual([PRIYA, ARJUN]);
    await stream.toEnd();
    const seen = stream.events.map(
      (e) => JSON.parse(e.data) as { state: string; attempt: number; agentName: string | null },
    );
    expect(seen.map((e) => [e.state, e.attempt, e.agentName])).toEqual([
      ['dialing-agent', 1, 'Priya'],
      ['dialing-agent', 2, 'Arjun'],
      ['dialing-you', 2, 'Arjun'],
      ['connected', 2, 'Arjun'],
      ['completed', 2, 'Arjun'],
    ]);
    // The business's hook sees every attempt, with Exotel's CallSids, and no number leaks to the visitor.
    const last = h.hookCalls.at(-1)!.call;
    expect(last.attempts.map((a) => [a.agentId, a.outcome])).toEqual([
      ['priya', 'agent-unavailable'],
      ['arjun', 'completed'],
    ]);
    expect(JSON.stringify(seen)).not.toContain('900000001');
  });

  it('with every agent busy ends agent-unavailable after exactly maxAttempts connects', async () => {
    h = await startHarness({ widget: group({ maxAttempts: 2 }) });
    for (const agent of [PRIYA, ARJUN, MEERA])
      h.sim.script(agent, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    expect(call.maxAttempts).toBe(2);
    expect(await runToEnd(h, call.id)).toMatchObject({ state: 'agent-unavailable', attempt: 2 });
    expect(connectsFrom(h)).toEqual([PRIYA, ARJUN]);
  });

  it('stops at the first attempt when the visitor is busy: ringing more agents would not help', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(VISITOR, { outcome: 'busy', ringSeconds: 2 });
    const call = await create(h);
    expect(await runToEnd(h, call.id)).toMatchObject({ state: 'busy', attempt: 1 });
    expect(connectsFrom(h)).toEqual([PRIYA]);
  });

  it('skips agents marked away and agents already on a call placed by the proxy', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(PRIYA, { outcome: 'answer', ringSeconds: 1, talkSeconds: 600 });
    const first = await create(h, '+919812340001');
    await h.advance(3000);
    await h.server.setAgentAvailability('arjun', 'away');
    // Priya is on the first call and Arjun is away: Meera gets the second.
    const second = await create(h, '+919812340002');
    expect(second).toMatchObject({ attempt: 1, agentName: null });
    expect(connectsFrom(h)).toEqual([PRIYA, MEERA]);
    expect(await h.server.agents()).toEqual([
      expect.objectContaining({ id: 'priya', onCall: true, availability: 'available' }),
      expect.objectContaining({ id: 'arjun', onCall: false, availability: 'away' }),
      expect.objectContaining({ id: 'meera', onCall: true, availability: 'available' }),
    ]);
    // Nobody is left for a third visitor: agent-unavailable at once, no connect, kept as a lead.
    const third = await create(h, '+919812340003');
    expect(third).toMatchObject({ state: 'agent-unavailable', attempt: 0 });
    expect(connectsFrom(h)).toHaveLength(2);
    await runToEnd(h, first.id);
    await runToEnd(h, second.id);
    // Both lines are free again once their calls ended.
    expect((await h.server.agents()).filter((a) => a.onCall)).toEqual([]);
    await expect(h.server.setAgentAvailability('nobody', 'away')).rejects.toThrow(RangeError);
  });

  it('round-robin spreads 30 calls over 3 free agents 10 / 10 / 10', async () => {
    h = await startHarness({ widget: group({ strategy: 'round-robin' }) });
    for (let i = 0; i < 30; i++) {
      const call = await create(h, `+9198123${String(40000 + i)}`);
      await runToEnd(h, call.id);
    }
    const counts = new Map<string, number>();
    for (const from of connectsFrom(h)) counts.set(from, (counts.get(from) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ [PRIYA]: 10, [ARJUN]: 10, [MEERA]: 10 });
  });

  it('refuses a callback for an earlier attempt that tries to move the call, and records it for the operator', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(PRIYA, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    const ended = await runToEnd(h, call.id);
    expect(ended.state).toBe('completed');
    // Replaying attempt 1's terminal callback (its own valid token) changes nothing.
    const first = h.sim.calls()[0]!;
    const url = new URL(first.params.statusCallback!);
    expect(url.searchParams.get('attempt')).toBe('1');
    const replay = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        CallSid: first.sid,
        EventType: 'terminal',
        Status: 'completed',
        ConversationDuration: 30,
        CustomField: call.id,
        Legs: [{ Status: 'completed' }, { Status: 'completed' }],
      }),
    });
    expect(replay.status).toBe(200);
    expect(await h.getCall(call.id)).toMatchObject({ state: 'completed', attempt: 2 });
    // A token for attempt 1 does not vouch for attempt 2.
    url.searchParams.set('attempt', '2');
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ CallSid: first.sid, EventType: 'terminal', Status: 'busy' }),
    });
    expect(forged.status).toBe(403);
  });

  it('waits for the Exotel budget before the next attempt, the visitor still seeing the call trying', async () => {
    h = await startHarness({
      widget: group(),
      config: { globalLimit: { limit: 1, windowSeconds: 60 } },
    });
    h.sim.script(PRIYA, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    await h.advance(5000);
    await h.server.idle();
    // Priya was busy, and the one connect a minute is spent: nobody is dialled yet.
    expect(connectsFrom(h)).toEqual([PRIYA]);
    expect(await h.getCall(call.id)).toMatchObject({ state: 'dialing-agent', final: false });
    expect(h.logs.some((l) => l.msg === 'next attempt waits for the Exotel budget')).toBe(true);
    await h.advance(60_000);
    await h.server.reconcile();
    await h.server.idle();
    expect(connectsFrom(h)).toEqual([PRIYA, ARJUN]);
    expect(await runToEnd(h, call.id)).toMatchObject({ state: 'completed', attempt: 2 });
  });

  it('dials the next agent once, however many reconciliation passes race the advance', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(PRIYA, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    // Reconciliation passes racing the in-process advance (as a second instance would):
    // the compare-and-set on the stored attempt lets one of them dial.
    await h.advance(5000);
    await Promise.all([h.server.reconcile(), h.server.reconcile(), h.server.idle()]);
    await h.advance(60_000);
    await Promise.all([h.server.reconcile(), h.server.reconcile()]);
    await h.server.idle();
    expect(connectsFrom(h)).toEqual([PRIYA, ARJUN]);
    expect(await runToEnd(h, call.id)).toMatchObject({ state: 'completed', attempt: 2 });
  });

  it('fails a later attempt Exotel never confirmed, like a first one, and frees its agent', async () => {
    h = await startHarness({ widget: group() });
    h.sim.script(PRIYA, { outcome: 'busy', ringSeconds: 1 });
    const call = await create(h);
    // Attempt 2's connect: the connection drops with nothing known of the call.
    h.sim.faults.next({ target: 'connect', fault: { type: 'reset' }, when: 'before' });
    await h.advance(2000);
    await h.server.idle();
    expect(await h.getCall(call.id)).toMatchObject({ state: 'dialing-agent', attempt: 2 });
    // Two ring timeouts (60 s) and the grace (30 s) after attempt 2 started: failed.
    await h.advance(60_000);
    await h.server.reconcile();
    expect((await h.getCall(call.id)).final).toBe(false);
    await h.advance(31_000);
    await h.server.reconcile();
    await h.server.idle();
    expect(await h.getCall(call.id)).toMatchObject({ state: 'failed', attempt: 2 });
    expect((await h.server.agents()).filter((a) => a.onCall)).toEqual([]);
  });
});

describe('a group’s retry after nobody answered', () => {
  it('tries every agent again in the retry’s round', async () => {
    h = await startHarness({
      widget: {
        ...group({ maxAttempts: 2 }),
        agents: [
          { id: 'priya', number: PRIYA, name: 'Priya' },
          { id: 'arjun', number: ARJUN, name: 'Arjun' },
        ],
        retry: { agentsUnavailable: { attempts: 1, afterMinutes: 15 } },
      },
    });
    h.sim.script(PRIYA, [{ outcome: 'no-answer' }, { outcome: 'no-answer' }]);
    h.sim.script(ARJUN, [{ outcome: 'no-answer' }]);
    const created = await create(h);
    for (let i = 0; i < 40 && (await h.getCall(created.id)).state !== 'retry-scheduled'; i++) {
      await h.advance(5000);
      await h.server.idle();
    }
    const waiting = await h.getCall(created.id);
    expect(waiting).toMatchObject({ state: 'retry-scheduled', attempt: 2 });
    await h.advance(Date.parse(waiting.retryAt as string) - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    // Priya misses again, Arjun (tried in the first round too) answers in the second.
    expect(await runToEnd(h, created.id)).toMatchObject({
      state: 'completed',
      attempt: 4,
      maxAttempts: 4,
      agentName: 'Arjun',
    });
    expect(connectsFrom(h)).toEqual([PRIYA, ARJUN, PRIYA, ARJUN]);
  });
});
