// Live status for an Exotel account that sends no `answered` callbacks: a call someone
// watches is followed with Call Details until it connects, within a budget that
// leaves creates their share of Exotel's 200 requests a minute.
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT, type Harness, ORIGIN, startHarness } from './harness.js';
import { SseReader } from './sse.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const VISITOR = '+919812345678';

/** The agent answers after `agentRing` s, the visitor 8 s later, and they talk 20 s. */
async function watchedCall(harness: Harness, agentRing = 8) {
  harness.sim.script(AGENT, { outcome: 'answer', ringSeconds: agentRing, talkSeconds: null });
  harness.sim.script(VISITOR, { outcome: 'answer', ringSeconds: 8, talkSeconds: 20 });
  const call = (await (
    await harness.createCall({ widgetId: 'support', phone: VISITOR })
  ).json()) as { links: { events: string } };
  const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
  await stream.until((s) => s.events.length === 1);
  return stream;
}

/** Simulated time in steps, a reconciliation pass (which runs the live poll) after each. */
async function step(harness: Harness, seconds: number) {
  await harness.advance(seconds * 1000);
  await harness.server.reconcile();
}

describe('live status without `answered` callbacks', () => {
  it('walks a watched call through dialing-you and connected from Call Details', async () => {
    h = await startHarness();
    h.sim.faults.next({
      target: 'callback',
      event: 'answered',
      fault: { type: 'drop' },
      times: 10,
    });
    const stream = await watchedCall(h);
    await step(h, 3);
    // Too early: a ring takes a few seconds, nothing is asked yet.
    expect((await h.simStats()).getCallRequests).toBe(0);
    await step(h, 3); // 6 s: the agent's phone still rings
    await step(h, 6); // 12 s: the agent answered at 8 s
    await stream.until((s) => s.states().includes('dialing-you'));
    await step(h, 6); // 18 s: the visitor answered at 16 s
    await stream.until((s) => s.states().includes('connected'));
    const asked = (await h.simStats()).getCallRequests;
    // Connected: the terminal callback tells the rest; no more polling.
    await step(h, 10);
    expect((await h.simStats()).getCallRequests).toBe(asked);
    await step(h, 20);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);
    expect(asked).toBeGreaterThanOrEqual(3);
    expect(asked).toBeLessThanOrEqual(4);
  });

  it('asks nothing while callbacks arrive', async () => {
    h = await startHarness();
    // The agent picks up within the first few seconds: callbacks carry the call from there.
    const stream = await watchedCall(h, 3);
    for (let i = 0; i < 12; i++) await step(h, 5);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);
    expect((await h.simStats()).getCallRequests).toBe(0);
  });

  it('asks nothing for a call nobody watches', async () => {
    h = await startHarness();
    h.sim.faults.next({
      target: 'callback',
      event: 'answered',
      fault: { type: 'drop' },
      times: 10,
    });
    h.sim.script(AGENT, { outcome: 'answer', ringSeconds: 8, talkSeconds: null });
    await h.createCall({ widgetId: 'support', phone: VISITOR });
    for (let i = 0; i < 4; i++) await step(h, 5);
    expect((await h.simStats()).getCallRequests).toBe(0);
  });

  it('leaves creates their share: no budget when globalLimit takes Exotel’s whole minute', async () => {
    h = await startHarness({ config: { globalLimit: { limit: 190, windowSeconds: 60 } } });
    h.sim.faults.next({
      target: 'callback',
      event: 'answered',
      fault: { type: 'drop' },
      times: 10,
    });
    const stream = await watchedCall(h);
    for (let i = 0; i < 4; i++) await step(h, 5);
    expect((await h.simStats()).getCallRequests).toBe(0);
    expect(stream.states()).toEqual(['dialing-agent']);
  });
});
