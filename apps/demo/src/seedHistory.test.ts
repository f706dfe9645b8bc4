import { createMemoryStore, isFinal } from '@ringback/server';
import { expect, it } from 'vitest';
import { seeded, seedHistory } from './seedHistory.js';
import { SIMULATED_WEAVERS } from './startDemo.js';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

it('writes weeks of finished calls, each with its timeline, and the counters they add up to', async () => {
  const store = createMemoryStore();
  const written = await seedHistory(store, {
    widgetId: 'demo',
    agents: SIMULATED_WEAVERS,
    now: NOW,
    timeZone: 'Asia/Kolkata',
    days: 14,
    random: seeded(7),
  });
  const calls = await store.listCalls({ limit: 1000 });
  expect(calls).toHaveLength(written);
  expect(written).toBeGreaterThan(14 * 10);
  // All in the past fortnight, all over, all of the widget's group.
  for (const call of calls) {
    expect(call.createdAt).toBeGreaterThanOrEqual(NOW - 15 * 86_400_000);
    expect(call.updatedAt).toBeLessThan(NOW);
    expect(isFinal(call.state)).toBe(true);
    const events = await store.listEvents(call.id, 0);
    expect(events[0]!.state).toBe('requested');
    expect(events.at(-1)!.state).toBe(call.state);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  }
  const states = new Set(calls.map((c) => c.state));
  for (const state of ['completed', 'agent-unavailable', 'not-answered', 'busy'] as const)
    expect(states).toContain(state);

  // The counters say what the calls say.
  const rows = await store.readStats({ scale: 'quarter', from: 0, to: NOW });
  const sum = (agentId: string | null, counter: string) =>
    rows
      .filter((r) => r.agentId === agentId && r.counter === counter)
      .reduce((total, r) => total + r.value, 0);
  expect(sum(null, 'requests')).toBe(written);
  // The day roll-ups hold the same counts.
  const days = await store.readStats({ scale: 'day', from: 0, to: NOW });
  expect(
    days
      .filter((r) => r.agentId === null && r.counter === 'requests')
      .reduce((t, r) => t + r.value, 0),
  ).toBe(written);
  expect(sum(null, 'connected')).toBe(calls.filter((c) => c.state === 'completed').length);
  expect(sum(null, 'missed:busy')).toBe(calls.filter((c) => c.state === 'busy').length);
  // Each agent who let a call ring out has it counted against them.
  const ringOuts = calls
    .flatMap((c) => c.attempts)
    .filter((a) => a.outcome === 'agent-unavailable');
  expect(ringOuts.length).toBeGreaterThan(0);
  expect(
    SIMULATED_WEAVERS.reduce((total, { id }) => total + sum(id, 'missed:agent-unavailable'), 0),
  ).toBe(ringOuts.length);
});
