import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, ENDPOINT, fakeProxy, json, problem } from '../../../test/support/fakeProxy.js';
import type { CallSessionOptions } from './CallSession.js';
import { createSessionTransport } from './createSessionTransport.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const BODY = { widgetId: 'support', phone: '+919812345678', country: 'IN' };

function setup(options: Partial<CallSessionOptions> = {}) {
  const proxy = fakeProxy();
  let keys = 0;
  const transport = createSessionTransport(
    {
      endpoint: `${ENDPOINT}/`,
      widgetId: 'support',
      fetch: proxy.fetch,
      idempotencyKey: () => `key-${++keys}`,
      ...options,
    },
    (at, then) => setTimeout(then, at.getTime() - Date.now()),
  );
  const keysSent = () => proxy.creates().map((r) => r.headers.get('Idempotency-Key'));
  return { proxy, transport, keysSent };
}

describe('createSessionTransport: Idempotency-Key', () => {
  it('resends after no answer with the same key, waiting 1 s, then 2 s', async () => {
    const { proxy, transport, keysSent } = setup();
    const blip = new TypeError('network');
    proxy.queues.create.push(blip, blip, json(call('dialing-agent'), 202));
    const result = transport.createCall(BODY, () => true);
    await vi.advanceTimersByTimeAsync(999);
    expect(keysSent()).toEqual(['key-1']);
    await vi.advanceTimersByTimeAsync(1 + 2000);
    expect((await result)?.data?.state).toBe('dialing-agent');
    expect(keysSent()).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('gives up after networkRetries with network_error, and keeps the key for the next try', async () => {
    const { proxy, transport, keysSent } = setup({ networkRetries: 0 });
    proxy.queues.create.push(new TypeError('network'), json(call('dialing-agent'), 202));
    expect((await transport.createCall(BODY, () => true))?.error?.code).toBe('network_error');
    await transport.createCall(BODY, () => true);
    expect(keysSent()).toEqual(['key-1', 'key-1']);
  });

  it('keeps the key after a gateway error page, not after a problem', async () => {
    const { proxy, transport, keysSent } = setup();
    proxy.queues.create.push(
      new Response('<html>Bad gateway</html>', { status: 502 }),
      problem('upstream_unavailable', 502),
      json(call('dialing-agent'), 202),
    );
    for (let i = 0; i < 3; i++) await transport.createCall(BODY, () => true);
    expect(keysSent()).toEqual(['key-1', 'key-1', 'key-2']);
  });

  it('leaves the verification token out of what makes a request the same', async () => {
    const { proxy, transport, keysSent } = setup({ networkRetries: 0 });
    proxy.queues.create.push(new TypeError('network'), json(call('dialing-agent'), 202));
    await transport.createCall({ ...BODY, verificationToken: 'a' }, () => true);
    await transport.createCall({ ...BODY, verificationToken: 'b' }, () => true);
    await transport.createCall({ ...BODY, phone: '+919812345679' }, () => true);
    expect(keysSent()).toEqual(['key-1', 'key-1', 'key-2']);
    expect(proxy.creates()[1]!.body).toMatchObject({ verificationToken: 'b' });
  });

  it('answers nothing for an attempt that was dropped meanwhile', async () => {
    const { proxy, transport } = setup();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    expect(await transport.createCall(BODY, () => false)).toBeUndefined();
  });

  it('aborts what is in flight, and what comes later', async () => {
    const { proxy, transport } = setup();
    const signals: AbortSignal[] = [];
    const hang = (request: Request) => {
      signals.push(request.signal);
      return new Promise<Response>(() => {});
    };
    proxy.queues.widget.push(hang, hang);
    void transport.getWidget();
    await vi.advanceTimersByTimeAsync(0);
    transport.abort();
    void transport.getWidget();
    await vi.advanceTimersByTimeAsync(0);
    expect(signals.map((s) => s.aborted)).toEqual([true, true]);
  });
});
