import { describe, expect, it } from 'vitest';
import { callOf, createHarness, NUMBERS } from './harness.js';

/** Per call: its numbers, events and the callbacks it must produce. */
const MIX = [
  {
    from: NUMBERS.agent,
    to: NUMBERS.customer,
    events: true,
    expected: ['answered:0', 'answered:1', 'terminal'],
  },
  { from: NUMBERS.agent, to: '+919000000001', events: true, expected: ['answered:0', 'terminal'] },
  { from: '+919000000001', to: NUMBERS.customer, events: true, expected: ['terminal'] },
  { from: NUMBERS.agent, to: '+919000000002', events: true, expected: ['answered:0', 'terminal'] },
  { from: NUMBERS.agent, to: '+919001050030', events: false, expected: ['base'] },
];

describe('1,000 concurrent calls on the manual clock', () => {
  it('delivers every expected callback exactly once', async () => {
    const { sim, received, connect } = createHarness({ rateLimitPerMinute: Infinity });
    const plans = Array.from({ length: 1000 }, (_, i) => ({
      ...MIX[i % MIX.length]!,
      json: i % 2 === 0,
    }));
    const responses = await Promise.all(
      plans.map((plan, i) =>
        connect({
          From: plan.from,
          To: plan.to,
          CallerId: NUMBERS.exophone,
          CustomField: `call-${i}`,
          StatusCallback: `https://shop.example.com/cb?call=${i}`,
          StatusCallbackContentType: plan.json ? 'application/json' : 'multipart/form-data',
          ...(plan.events
            ? { 'StatusCallbackEvents[0]': 'terminal', 'StatusCallbackEvents[1]': 'answered' }
            : {}),
        }),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    // All placed before any ended: they really are concurrent.
    expect(sim.calls().every((c) => c.status === 'in-progress')).toBe(true);

    await sim.clock.advance(10 * 60_000);

    const sidToIndex = new Map(responses.map((r, i) => [callOf(r).Sid as string, i]));
    const seen = new Map<string, number>();
    for (const callback of received) {
      const index = sidToIndex.get(callback.body.CallSid as string);
      expect(index).toBeDefined();
      expect(callback.url).toBe(`https://shop.example.com/cb?call=${index}`);
      const event = (callback.body.EventType as string | undefined) ?? 'base';
      const legs = callback.body.Legs as { Status: string }[] | undefined;
      const leg2 = legs ? legs[1]!.Status : callback.body['Legs[1][Status]'];
      const key = `${index}/${event === 'answered' ? `answered:${leg2 === '' ? 0 : 1}` : event}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const expected = plans.flatMap((plan, i) => plan.expected.map((event) => `${i}/${event}`));
    expect(received).toHaveLength(expected.length);
    expect([...seen.keys()].sort()).toEqual(expected.sort());
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(sim.deliveries().every((d) => d.state === 'delivered' && d.attempts.length === 1)).toBe(
      true,
    );
    expect(sim.stats().connectsAccepted).toBe(1000);
  }, 60_000);
});
