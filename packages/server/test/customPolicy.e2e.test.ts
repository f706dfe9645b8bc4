// A business's own create policy, written here against the public API only: a lookup in
// the business's own blocklist, run after the number is read and before any limit is
// charged; a policy that cannot decide lets nothing through.
import {
  type CreatePolicy,
  createMemoryStore,
  createRingbackServer,
  Problem,
  type RingbackConfig,
} from '@ringback/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, ORIGIN, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The business's own list of numbers that asked never to be called, behind an async lookup. */
function blocklistPolicy(blocked: Set<string>, seen: string[]): CreatePolicy {
  return {
    name: 'own-blocklist',
    codes: ['number_blocked'],
    async check({ phone, widget }) {
      seen.push(`${widget.id}:${phone?.e164}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (phone && blocked.has(phone.e164))
        return new Problem('number_blocked', 'This number asked not to be called.');
      return undefined;
    },
  };
}

describe('a custom create policy from the config', () => {
  it('refuses a blocked number with its own problem, dials nothing and charges no limit', async () => {
    const seen: string[] = [];
    h = await startHarness({
      config: { policies: [blocklistPolicy(new Set(['+919812345001']), seen)] },
      widget: { limits: { number: [{ limit: 1, windowSeconds: 3600 }] } },
    });
    const refused = await h.createCall({ widgetId: 'support', phone: '98123 45001' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      code: 'number_blocked',
      detail: 'This number asked not to be called.',
    });
    // It saw the number as E.164: the built-in phone policy ran first.
    expect(seen).toEqual(['support:+919812345001']);
    expect((await h.simStats()).connectRequests).toBe(0);

    // A number the list allows goes through, once: the refusal charged no limit.
    const allowed = await h.createCall({ widgetId: 'support', phone: '+919812345002' });
    expect(allowed.status).toBe(202);
    expect((await h.simStats()).connectsAccepted).toBe(1);
  });

  it('is not asked again for a repeat under the same Idempotency-Key', async () => {
    const seen: string[] = [];
    h = await startHarness({ config: { policies: [blocklistPolicy(new Set(), seen)] } });
    const key = 'repeat-key-0001';
    const first = await h.createCall({ widgetId: 'support', phone: '+919812345003' }, { key });
    const again = await h.createCall({ widgetId: 'support', phone: '+919812345003' }, { key });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(((await again.json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
    expect(seen).toHaveLength(1);
  });

  it('answers 503 and dials nothing when the policy cannot decide', async () => {
    const broken: CreatePolicy = {
      name: 'crm-lookup',
      codes: [],
      check: async () => {
        throw new Error('CRM unreachable');
      },
    };
    h = await startHarness({ config: { policies: [broken] } });
    const response = await h.createCall({ widgetId: 'support', phone: '+919812345004' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
    expect((await h.simStats()).connectRequests).toBe(0);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'create policy failed',
        policy: 'crm-lookup',
      }),
    );
  });

  it('is checked at start-up: a malformed policy is a config error naming it', () => {
    const config = {
      exotel: { accountSid: 'a', apiKey: 'k', apiToken: 't' },
      secret: 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu',
      publicBaseUrl: ORIGIN,
      store: createMemoryStore(),
      widgets: [],
      policies: [{ name: 'half-done' }],
    } as unknown as RingbackConfig;
    expect(() => createRingbackServer(config)).toThrow(/policies\[0\]/);
  });
});
