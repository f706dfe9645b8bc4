import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Scenario {
  name: string;
  agent?: string;
  visitor: string;
  states: string[];
  conversation?: number;
}

const DIALLED = ['requested', 'dialing-agent', 'dialing-you'];

// Each magic number of @ringback/exotel-sim, as the visitor sees it.
const scenarios: Scenario[] = [
  {
    name: 'answered and talked',
    visitor: '+919812345678',
    states: [...DIALLED, 'connected', 'completed'],
    conversation: 10,
  },
  { name: 'visitor busy', visitor: '+919000000001', states: [...DIALLED, 'busy'] },
  {
    name: 'visitor did not answer',
    visitor: '+919000000002',
    states: [...DIALLED, 'not-answered'],
  },
  { name: 'visitor number failed', visitor: '+919000000003', states: [...DIALLED, 'failed'] },
  { name: 'visitor unreachable', visitor: '+919000000004', states: [...DIALLED, 'failed'] },
  {
    name: 'visitor rejected after ringing',
    visitor: '+919000000005',
    states: [...DIALLED, 'busy'],
  },
  {
    name: 'cut by the time limit',
    visitor: '+919000000006',
    states: [...DIALLED, 'connected', 'completed'],
  },
  {
    name: 'visitor hung up at once',
    visitor: '+919000000007',
    states: [...DIALLED, 'connected', 'completed'],
    conversation: 0,
  },
  {
    name: 'agent busy',
    agent: '+919000000001',
    visitor: '+919812345678',
    states: ['requested', 'dialing-agent', 'agent-unavailable'],
  },
  {
    name: 'agent did not answer',
    agent: '+919000000002',
    visitor: '+919812345678',
    states: ['requested', 'dialing-agent', 'agent-unavailable'],
  },
  {
    name: 'agent line failed',
    agent: '+919000000003',
    visitor: '+919812345678',
    states: ['requested', 'dialing-agent', 'failed'],
  },
  {
    name: 'agent gave up waiting',
    agent: '+919000000008',
    visitor: '+919000000002',
    states: [...DIALLED, 'canceled'],
  },
  {
    name: 'scripted: answers after 5 s, talks 42 s',
    agent: '+919001020100',
    visitor: '+919001050042',
    states: [...DIALLED, 'connected', 'completed'],
    conversation: 42,
  },
];

describe.each(['application/json', 'multipart/form-data'] as const)(
  'every fate, callbacks as %s',
  (callbackContentType) => {
    it.each(scenarios)('$name', async ({ agent, visitor, states, conversation }) => {
      h = await startHarness({
        callbackContentType,
        ...(agent ? { widget: { from: agent } } : {}),
      });
      const response = await h.createCall({ widgetId: 'support', phone: visitor });
      expect(response.status).toBe(202);
      const call = (await response.json()) as { id: string; state: string };
      expect(call.state).toBe('dialing-agent');

      await h.advance(15 * 60 * 1000);

      const final = await h.getCall(call.id);
      expect(final.state).toBe(states.at(-1));
      expect(final.final).toBe(true);
      expect(h.hookCalls.filter((c) => c.call.id === call.id).map((c) => c.event.state)).toEqual(
        states,
      );
      if (conversation !== undefined) expect(final.conversationSeconds).toBe(conversation);
      // Settled by callbacks alone: nothing left for the reconciler.
      expect(await h.server.reconcile()).toEqual({ checked: 0, settled: 0 });
      const deliveries = h.sim.deliveries();
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.every((d) => d.contentType === callbackContentType)).toBe(true);
    });
  },
);
