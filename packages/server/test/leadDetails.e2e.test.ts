// Lead details: the widget's fields and consent box, and where the visitor came from,
// travel with the create, are checked against the widget and reach the business's hooks.
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, ORIGIN, startHarness, T0 } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const widget = {
  fields: [
    { id: 'name', label: { en: 'Your name', hi: 'आपका नाम' }, required: true },
    { id: 'reason', label: 'Reason', type: 'select' as const, options: ['billing', 'sales'] },
  ],
  consent: { text: 'Ringback may call me about my request.' },
};
const context = {
  pageUrl: 'https://shop.example.com/pricing',
  referrer: 'https://www.google.com/',
  utm: { source: 'newsletter', campaign: 'diwali' },
  gclid: 'Cj0KCQiA',
};
const body = {
  widgetId: 'support',
  phone: '+919812345678',
  fields: { name: 'Asha', reason: 'sales' },
  consent: true,
  context,
};

describe('lead details', () => {
  it('publishes the fields and consent box, and hands the answers, consent and context to the hooks', async () => {
    h = await startHarness({ widget });
    const published = await (
      await fetch(`${h.url}/v1/widgets/support`, { headers: { origin: ORIGIN } })
    ).json();
    expect(published).toMatchObject({
      fields: [
        {
          id: 'name',
          label: { en: 'Your name', hi: 'आपका नाम' },
          type: 'text',
          required: true,
          maxLength: 200,
        },
        { id: 'reason', type: 'select', options: [{ value: 'billing' }, { value: 'sales' }] },
      ],
      consent: { text: { en: 'Ringback may call me about my request.' }, required: true },
      collectContext: true,
    });

    const created = await h.createCall(body);
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    // The browser's view of the call never echoes the lead's details.
    expect(Object.keys(await h.getCall(id))).not.toContain('fields');
    await h.advance(5 * 60_000);
    const last = h.hookCalls.at(-1)!;
    expect(last.call).toMatchObject({
      id,
      state: 'completed',
      fields: { name: 'Asha', reason: 'sales' },
      consent: {
        at: new Date(T0).toISOString(),
        text: { en: 'Ringback may call me about my request.' },
      },
      context,
    });
  });

  it('refuses bad answers with every problem named, and records nothing', async () => {
    h = await startHarness({ widget });
    const refused = await h.createCall({
      ...body,
      fields: { reason: 'refund', extra: 'x' },
      consent: false,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'invalid_body',
      errors: [
        { path: '/fields/extra' },
        { path: '/fields/name', message: 'is required' },
        { path: '/fields/reason' },
        { path: '/consent' },
      ],
    });
    expect(h.hookCalls).toEqual([]);
    expect((await h.simStats()).connectRequests).toBe(0);
    // Nothing was counted: the same visitor's corrected request goes through.
    expect((await h.createCall(body)).status).toBe(202);
  });

  it('drops the context of a widget that does not collect it', async () => {
    h = await startHarness({ widget: { ...widget, collectContext: false } });
    expect((await h.createCall(body)).status).toBe(202);
    expect(h.hookCalls[0]!.call).toMatchObject({ fields: { name: 'Asha' }, context: null });
  });
});
