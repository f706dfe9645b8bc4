import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  problem,
  WIDGET,
} from '../../../test/support/fakeProxy.js';
import type { CallSessionOptions } from './CallSession.js';
import { leadErrors } from './checkLead.js';
import { createCallSession } from './createCallSession.js';
import type { Widget } from './types.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-27T13:42:00.000Z') });
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const LEAD_WIDGET: Widget = {
  ...WIDGET,
  fields: [
    { id: 'name', label: { en: 'Name' }, type: 'text', required: true, maxLength: 80 },
    {
      id: 'reason',
      label: { en: 'Reason' },
      type: 'select',
      required: false,
      maxLength: 200,
      options: [{ value: 'billing', label: { en: 'Billing' } }],
    },
  ],
  consent: { text: { en: 'You may call me about my enquiry.' }, required: true },
};

function setup(widget: Widget = LEAD_WIDGET, options: Partial<CallSessionOptions> = {}) {
  const proxy = fakeProxy(widget);
  const session = createCallSession({
    endpoint: ENDPOINT,
    widgetId: 'support',
    fetch: proxy.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    storage: null,
    ...options,
  });
  session.subscribe(() => {});
  return { proxy, session };
}

describe('createCallSession: lead fields, consent and context', () => {
  it('sends the answers, the consent and where the call came from', async () => {
    const { proxy, session } = setup(LEAD_WIDGET, {
      getCallContext: () => ({ pageUrl: 'https://shop.example/pricing' }),
    });
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({
      phone: '9812345678',
      fields: { name: ' Asha ', reason: 'billing', unknown: 'dropped' },
      consent: true,
    });
    expect(proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
      fields: { name: 'Asha', reason: 'billing' },
      consent: true,
      context: { pageUrl: 'https://shop.example/pricing' },
    });
  });

  it('refuses missing answers before anything is sent', async () => {
    const { proxy, session } = setup();
    await session.submit({ phone: '9812345678', fields: { reason: 'refund' } });
    const { status, error } = session.getSnapshot();
    expect(status).toBe('error');
    expect(error).toMatchObject({ code: 'invalid_body', source: 'client', retryable: false });
    expect(leadErrors(error?.fields)).toEqual({
      '/fields/name': 'required',
      '/fields/reason': 'invalid',
      '/consent': 'required',
    });
    expect(proxy.creates()).toHaveLength(0);
  });

  it('tells the proxy’s refusals field by field', async () => {
    const { proxy, session } = setup();
    proxy.queues.create.push(
      problem('invalid_body', 400, {
        errors: [{ path: '/fields/name', message: 'must not contain control characters' }],
      }),
    );
    await session.submit({ phone: '9812345678', fields: { name: 'Asha' }, consent: true });
    const { error } = session.getSnapshot();
    expect(error).toMatchObject({ code: 'invalid_body', source: 'server' });
    expect(leadErrors(error?.fields)).toEqual({ '/fields/name': 'invalid' });
  });

  it('reads the page it runs on, unless the widget says not to', async () => {
    vi.stubGlobal('location', { href: 'https://shop.example/p?utm_campaign=diwali&email=a@b.c' });
    vi.stubGlobal('document', { referrer: 'https://www.google.com/' });
    const plain = setup(WIDGET);
    plain.proxy.queues.create.push(json(call('dialing-agent'), 202));
    await plain.session.submit({ phone: '9812345678', fields: { name: 'Asha' }, consent: true });
    // No fields or consent box: neither is sent.
    expect(plain.proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
      context: {
        pageUrl: 'https://shop.example/p',
        referrer: 'https://www.google.com/',
        utm: { campaign: 'diwali' },
      },
    });

    const off = setup({ ...WIDGET, collectContext: false });
    off.proxy.queues.create.push(json(call('dialing-agent'), 202));
    await off.session.submit({ phone: '9812345678' });
    expect(off.proxy.creates()[0]!.body).not.toHaveProperty('context');
  });

  it('sends no context where there is no page (a server, a test)', async () => {
    const { proxy, session } = setup(WIDGET);
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '+919812345678',
      country: 'IN',
    });
  });

  it('sends an unticked optional consent box as false', async () => {
    const { proxy, session } = setup({
      ...WIDGET,
      consent: { text: { en: 'Send me offers' }, required: false },
    });
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()[0]!.body).toMatchObject({ consent: false });
  });
});
