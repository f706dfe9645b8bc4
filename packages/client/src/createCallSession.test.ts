import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_ID,
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  problem,
  WIDGET,
} from '../../../test/support/fakeProxy.js';
import {
  type CallSessionOptions,
  type CallSessionSnapshot,
  createCallSession,
} from './createCallSession.js';
import type { CallSessionStatus, Widget } from './types.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

let keys = 0;
function setup(
  widget: Parameters<typeof fakeProxy>[0] = WIDGET,
  options: Partial<CallSessionOptions> = {},
) {
  const proxy = fakeProxy(widget);
  const session = createCallSession({
    endpoint: `${ENDPOINT}/`,
    widgetId: 'support',
    fetch: proxy.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    idempotencyKey: () => `key-${++keys}-0000`,
    ...options,
  });
  const seen: CallSessionStatus[] = [];
  const snapshots: CallSessionSnapshot[] = [];
  const unsubscribe = session.subscribe((snapshot) => {
    snapshots.push(snapshot);
    if (seen.at(-1) !== snapshot.status) seen.push(snapshot.status);
  });
  return { proxy, session, seen, snapshots, unsubscribe };
}

/** Lets pending promises (fetch answers) settle without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('createCallSession: widget configuration', () => {
  it('loads the widget on the first subscriber and stays idle', async () => {
    const { session, proxy } = setup();
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', widget: null });
    await settle();
    expect(session.getSnapshot()).toMatchObject({
      status: 'idle',
      widget: WIDGET,
      open: true,
      nextOpening: null,
      canRetry: false,
    });
    expect(proxy.requests.map((r) => r.url)).toEqual([`${ENDPOINT}/v1/widgets/support`]);
  });

  it('reports an unknown widget, and loads again on retry', async () => {
    const { session, proxy } = setup(problem('widget_not_found', 404));
    await settle();
    expect(session.getSnapshot().status).toBe('error');
    expect(session.getSnapshot().error).toMatchObject({ code: 'widget_not_found', status: 404 });
    expect(session.getSnapshot().canRetry).toBe(true);
    proxy.queues.widget.push(json(WIDGET));
    await session.retry();
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', error: null, widget: WIDGET });
  });

  it('tells the developer, in the console, that the page’s origin is refused', async () => {
    const seen: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void seen.push(...args));
    try {
      const { session } = setup(problem('origin_not_allowed', 403));
      await settle();
      expect(session.getSnapshot().error).toMatchObject({ code: 'origin_not_allowed' });
      expect(seen).toEqual([
        expect.stringMatching(/refuses widget "support" on this page's origin .*allowedOrigins/),
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an unreachable endpoint as network_error', async () => {
    const { session } = setup(new TypeError('Failed to fetch'));
    await settle();
    const { error } = session.getSnapshot();
    expect(error?.code).toBe('network_error');
    expect(error?.retryable).toBe(true);
    expect(error?.cause).toBeInstanceOf(TypeError);
  });

  it('exposes the next opening of a closed widget and re-reads the config when it comes', async () => {
    const nextOpening = '2026-11-28T03:30:00.000Z';
    const closed: Widget = { ...WIDGET, open: false, nextOpening, timeZone: 'Asia/Kolkata' };
    const { session, proxy } = setup(closed);
    await settle();
    expect(session.getSnapshot()).toMatchObject({
      open: false,
      nextOpening: new Date(nextOpening),
    });

    // Submitting while closed refuses in the browser: nothing is sent.
    await session.submit({ phone: '98123 45678' });
    expect(session.getSnapshot().error).toMatchObject({
      code: 'closed',
      source: 'client',
      nextOpening: new Date(nextOpening),
    });
    expect(proxy.creates()).toHaveLength(0);

    proxy.queues.widget.push(json({ ...WIDGET, closesAt: '2026-11-28T12:30:00.000Z' }));
    await vi.advanceTimersByTimeAsync(new Date(nextOpening).getTime() - NOW.getTime());
    expect(session.getSnapshot()).toMatchObject({ open: true, nextOpening: null });
  });
});

describe('createCallSession: placing a call', () => {
  it('walks idle → validating → submitting → the call states → completed over SSE', async () => {
    const { session, proxy, seen } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '098123 45678' });

    expect(proxy.creates()).toHaveLength(1);
    const [create] = proxy.creates();
    expect(create!.body).toEqual({ widgetId: 'support', phone: '+919812345678', country: 'IN' });
    expect(create!.headers.get('Idempotency-Key')).toBe(`key-${keys}-0000`);
    expect(create!.headers.get('Content-Type')).toBe('application/json');
    expect(session.getSnapshot()).toMatchObject({ status: 'dialing-agent', transport: 'sse' });
    expect(session.getSnapshot().phone).toMatchObject({ e164: '+919812345678', valid: true });

    const stream = FakeEventSource.last;
    expect(stream.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}/events`);
    stream.open();
    stream.emit(call('dialing-agent'), '1');
    stream.emit(call('dialing-you'), '2');
    stream.emit(call('connected'), '3');
    stream.emit(call('completed'), '4');

    expect(seen).toEqual([
      'idle',
      'validating',
      'submitting',
      'dialing-agent',
      'dialing-you',
      'connected',
      'completed',
    ]);
    expect(session.getSnapshot()).toMatchObject({ transport: null, canRetry: false });
    expect(session.getSnapshot().call?.conversationSeconds).toBe(41);
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
  });

  it.each(['not-answered', 'busy', 'failed', 'canceled'] as const)(
    'ends in %s, and offers a retry with a new Idempotency-Key',
    async (ending) => {
      const { session, proxy } = setup();
      await settle();
      proxy.queues.create.push(json(call('dialing-agent'), 202));
      await session.submit({ phone: '9812345678' });
      FakeEventSource.last.emit(call(ending), '2');
      expect(session.getSnapshot()).toMatchObject({ status: ending, canRetry: true });

      proxy.queues.create.push(
        json(call('dialing-agent', { id: 'call_000000000000000000000002' }), 202),
      );
      await session.retry();
      const [first, second] = proxy.creates();
      expect(second!.body).toEqual(first!.body);
      expect(second!.headers.get('Idempotency-Key')).not.toBe(
        first!.headers.get('Idempotency-Key'),
      );
      expect(session.getSnapshot().status).toBe('dialing-agent');
    },
  );

  it('ends in agent-unavailable without offering a retry: no agent could take it, and would not now', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    FakeEventSource.last.emit(call('agent-unavailable', { attempt: 0 }), '2');
    expect(session.getSnapshot()).toMatchObject({ status: 'agent-unavailable', canRetry: false });
    await session.retry();
    expect(proxy.creates()).toHaveLength(1);
  });

  it('ends in ended (Exotel never said how) without offering a retry: the call may have taken place', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    FakeEventSource.last.emit(call('ended'), '2');
    expect(session.getSnapshot()).toMatchObject({ status: 'ended', canRetry: false });
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
  });

  it.each(['requested', 'unknown'] as const)(
    'follows a call accepted as %s until Exotel settles it',
    async (state) => {
      const { session, proxy } = setup();
      await settle();
      proxy.queues.create.push(json(call(state), 202));
      await session.submit({ phone: '9812345678' });
      expect(session.getSnapshot().status).toBe(state);
      FakeEventSource.last.emit(call('dialing-agent'), '1');
      expect(session.getSnapshot().status).toBe('dialing-agent');
    },
  );

  it('does not follow a call that is already final in the 202', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('failed'), 202));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().status).toBe('failed');
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('places one call for a double click', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    const first = session.submit({ phone: '9812345678' });
    const second = session.submit({ phone: '9812345678' });
    await Promise.all([first, second]);
    expect(proxy.creates()).toHaveLength(1);
    // …and a submit during a live call is ignored too.
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()).toHaveLength(1);
  });

  it('waits for the widget configuration when submitted before it arrived', async () => {
    const { session, proxy, seen } = setup();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(seen).toEqual(['validating', 'submitting', 'dialing-agent']);
    expect(proxy.requests.filter((r) => r.url.includes('/widgets/'))).toHaveLength(1);
  });

  it('sends a national number as typed when the country has no browser-side rules', async () => {
    const { session, proxy } = setup({ ...WIDGET, countries: ['IN', 'DE'] });
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: ' 030 1234567 ', country: 'DE' });
    expect(proxy.creates()[0]!.body).toEqual({
      widgetId: 'support',
      phone: '030 1234567',
      country: 'DE',
    });
  });
});

describe('createCallSession: refusals', () => {
  it('refuses an invalid number in the browser without sending anything', async () => {
    const { session, proxy, seen } = setup();
    await settle();
    await session.submit({ phone: '12345' });
    expect(seen).toEqual(['idle', 'validating', 'error']);
    expect(session.getSnapshot().error).toMatchObject({ code: 'invalid_phone', source: 'client' });
    expect(session.getSnapshot().phone?.problem).toBe('too_short');
    expect(session.getSnapshot().canRetry).toBe(false);
    expect(proxy.creates()).toHaveLength(0);
  });

  it('refuses a number from a country outside the allowlist', async () => {
    const { session, proxy } = setup();
    await settle();
    await session.submit({ phone: '+44 7400 123456' });
    expect(session.getSnapshot().error?.code).toBe('country_not_allowed');
    expect(proxy.creates()).toHaveLength(0);
  });

  it('exposes the retry time of rate_limited and allows a retry only after it', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(
      problem(
        'rate_limited',
        429,
        { limit: 'number', retryAfterSeconds: 120 },
        { 'Retry-After': '120' },
      ),
    );
    await session.submit({ phone: '9812345678' });
    const { error } = session.getSnapshot();
    expect(error).toMatchObject({ code: 'rate_limited', limit: 'number', status: 429 });
    expect(error?.retryAt).toEqual(new Date(NOW.getTime() + 120_000));
    expect(session.getSnapshot().canRetry).toBe(false);

    await session.retry();
    expect(proxy.creates()).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(120_000);
    expect(session.getSnapshot().canRetry).toBe(true);
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.retry();
    expect(proxy.creates()).toHaveLength(2);
    const [first, second] = proxy.creates();
    expect(second!.headers.get('Idempotency-Key')).not.toBe(first!.headers.get('Idempotency-Key'));
  });

  it('reads the retry time from the Retry-After header when the problem has none', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(problem('rate_limited', 429, {}, { 'Retry-After': '30' }));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().error?.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it('exposes the next opening of a closed refusal', async () => {
    const { session, proxy } = setup();
    await settle();
    const nextOpening = '2026-11-28T03:30:00.000Z';
    proxy.queues.create.push(problem('closed', 403, { nextOpening }));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot()).toMatchObject({
      status: 'error',
      open: false,
      nextOpening: new Date(nextOpening),
    });
    expect(session.getSnapshot().error).toMatchObject({
      code: 'closed',
      source: 'server',
      nextOpening: new Date(nextOpening),
    });
    expect(session.getSnapshot().canRetry).toBe(false);
  });

  it.each([
    ['invalid_phone', 422, false],
    ['number_type_not_allowed', 422, false],
    ['number_blocked', 422, false],
    ['origin_not_allowed', 403, false],
    ['verification_required', 403, false],
    ['verification_failed', 403, true],
    ['upstream_unavailable', 502, true],
    ['service_unavailable', 503, true],
    ['shutting_down', 503, true],
    ['internal_error', 500, true],
  ] as const)('surfaces %s (%i) with retryable=%s', async (code, status, retryable) => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(problem(code, status));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().error).toMatchObject({
      code,
      status,
      retryable,
      source: 'server',
    });
    expect(session.getSnapshot().error?.message).toBe(`detail of ${code}`);
    expect(session.getSnapshot().canRetry).toBe(retryable);
  });
});

describe('createCallSession: Idempotency-Key', () => {
  it('resends after a network blip with the same key, and places one call', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(new TypeError('network'), json(call('dialing-agent'), 202));
    const done = session.submit({ phone: '9812345678' });
    await settle();
    expect(session.getSnapshot().status).toBe('submitting');
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    const [first, second] = proxy.creates();
    expect(second!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    expect(session.getSnapshot().status).toBe('dialing-agent');
  });

  it('gives up after the network retries and reuses the key on a manual retry', async () => {
    const { session, proxy } = setup();
    await settle();
    const blip = new TypeError('network');
    proxy.queues.create.push(blip, blip, blip);
    const done = session.submit({ phone: '9812345678' });
    await vi.advanceTimersByTimeAsync(1000 + 2000);
    await done;
    expect(proxy.creates()).toHaveLength(3);
    expect(session.getSnapshot().error?.code).toBe('network_error');
    expect(session.getSnapshot().canRetry).toBe(true);

    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.retry();
    const used = new Set(proxy.creates().map((r) => r.headers.get('Idempotency-Key')));
    expect(used.size).toBe(1);
  });

  it('uses a new key once the number changes, even after an unanswered attempt', async () => {
    const { session, proxy } = setup(WIDGET, { networkRetries: 0 });
    await settle();
    proxy.queues.create.push(new TypeError('network'), json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    await session.submit({ phone: '9812345679' });
    const [first, second] = proxy.creates();
    expect(second!.headers.get('Idempotency-Key')).not.toBe(first!.headers.get('Idempotency-Key'));
  });

  it('reuses the key after a gateway error page (outcome unknown), not after a problem', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        headers: { 'Content-Type': 'text/html' },
      }),
      json(call('dialing-agent'), 202),
    );
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().error).toMatchObject({ code: 'unexpected_response', status: 502 });
    await session.retry();
    const [a, b] = proxy.creates();
    expect(b!.headers.get('Idempotency-Key')).toBe(a!.headers.get('Idempotency-Key'));

    session.reset();
    proxy.queues.create.push(
      problem('upstream_unavailable', 502),
      json(call('dialing-agent'), 202),
    );
    await session.submit({ phone: '9812345678' });
    await session.retry();
    const [, , c, d] = proxy.creates();
    expect(d!.headers.get('Idempotency-Key')).not.toBe(c!.headers.get('Idempotency-Key'));
  });

  it('makes UUIDs by default', async () => {
    const proxy = fakeProxy();
    const session = createCallSession({
      endpoint: ENDPOINT,
      widgetId: 'support',
      fetch: proxy.fetch,
      EventSource: null,
    });
    proxy.queues.create.push(json(call('failed'), 202));
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()[0]!.headers.get('Idempotency-Key')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('createCallSession: human verification', () => {
  const verifying: Widget = {
    ...WIDGET,
    verification: { provider: 'turnstile', siteKey: '0x4AAA', when: 'always' },
  };

  it('asks the page for a token and sends it', async () => {
    const getVerificationToken = vi.fn(async () => 'token-1');
    const { session, proxy } = setup(verifying, { getVerificationToken });
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(getVerificationToken).toHaveBeenCalledWith({
      provider: 'turnstile',
      siteKey: '0x4AAA',
      when: 'always',
    });
    expect(proxy.creates()[0]!.body).toMatchObject({ verificationToken: 'token-1' });
  });

  it('under pressure, asks for the challenge only when the server does, and sends the call again with it', async () => {
    const getVerificationToken = vi.fn(async () => 'token-2');
    const { session, proxy } = setup(
      {
        ...WIDGET,
        verification: { provider: 'turnstile', siteKey: '0x4AAA', when: 'under-pressure' },
      },
      { getVerificationToken },
    );
    await settle();
    // Calm: no challenge at all.
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(getVerificationToken).not.toHaveBeenCalled();
    expect(proxy.creates()[0]!.body).not.toHaveProperty('verificationToken');
    session.reset();
    // Under pressure: refused once, challenged, sent again with the token.
    proxy.queues.create.push(problem('verification_required', 403));
    proxy.queues.create.push(
      json(call('dialing-agent', { id: 'call_000000000000000000000002' }), 202),
    );
    await session.submit({ phone: '9812345679' });
    expect(getVerificationToken).toHaveBeenCalledTimes(1);
    const [, refused, resent] = proxy.creates();
    expect(refused!.body).not.toHaveProperty('verificationToken');
    expect(resent!.body).toMatchObject({ phone: '+919812345679', verificationToken: 'token-2' });
    expect(session.getSnapshot().status).toBe('dialing-agent');
  });

  it('can be canceled while waiting for the challenge; nothing is sent', async () => {
    let solve: (token: string) => void = () => {};
    const getVerificationToken = () => new Promise<string>((resolve) => (solve = resolve));
    const { session, proxy } = setup(verifying, { getVerificationToken });
    await settle();
    const done = session.submit({ phone: '9812345678' });
    await settle();
    expect(session.getSnapshot().status).toBe('validating');
    session.cancel();
    expect(session.getSnapshot().status).toBe('idle');
    solve('late-token');
    await done;
    expect(proxy.creates()).toHaveLength(0);
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('reports a challenge that failed in the page as verification_failed', async () => {
    const { session, proxy } = setup(verifying, {
      getVerificationToken: () => Promise.reject(new Error('closed the challenge')),
    });
    await settle();
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().error).toMatchObject({
      code: 'verification_failed',
      source: 'client',
    });
    expect(proxy.creates()).toHaveLength(0);
  });

  it('sends without a token when the page has no challenge, so the server says what is needed', async () => {
    const { session, proxy } = setup(verifying);
    await settle();
    proxy.queues.create.push(problem('verification_required', 403));
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()[0]!.body).not.toHaveProperty('verificationToken');
    expect(session.getSnapshot().error?.code).toBe('verification_required');
  });

  it('asks for a fresh token on retry after verification_failed', async () => {
    let n = 0;
    const { session, proxy } = setup(verifying, { getVerificationToken: () => `token-${++n}` });
    await settle();
    proxy.queues.create.push(problem('verification_failed', 403), json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    await session.retry();
    expect(
      proxy.creates().map((r) => (r.body as { verificationToken: string }).verificationToken),
    ).toEqual(['token-1', 'token-2']);
  });
});

describe('createCallSession: lifecycle', () => {
  it('falls back to polling when EventSource is unavailable', async () => {
    const { session, proxy } = setup(WIDGET, { EventSource: null, pollIntervalMs: 1000 });
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    proxy.queues.get.push(
      json(call('dialing-you')),
      json(call('connected')),
      json(call('completed')),
    );
    await session.submit({ phone: '9812345678' });
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'dialing-you', transport: 'polling' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.getSnapshot().status).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.getSnapshot()).toMatchObject({ status: 'completed', transport: null });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(proxy.requests.filter((r) => r.url.endsWith(CALL_ID))).toHaveLength(3);
  });

  it('never moves a call backwards', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    FakeEventSource.last.emit(call('connected'), '3');
    FakeEventSource.last.emit(call('dialing-you'), '2');
    expect(session.getSnapshot().status).toBe('connected');
  });

  it('stops everything when disposed mid-call', async () => {
    const { session, proxy, snapshots } = setup(WIDGET);
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    const stream = FakeEventSource.last;
    const count = snapshots.length;
    session.dispose();
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
    stream.emit(call('connected'), '3');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(snapshots).toHaveLength(count);
    expect(session.getSnapshot().status).toBe('dialing-agent');
    await session.submit({ phone: '9812345678' });
    expect(proxy.creates()).toHaveLength(1);
  });

  it('aborts a create request in flight when disposed', async () => {
    const { session, proxy } = setup();
    await settle();
    let signal: AbortSignal | undefined;
    proxy.queues.create.push((request) => {
      signal = request.signal;
      return new Promise<Response>(() => {});
    });
    void session.submit({ phone: '9812345678' });
    await settle();
    session.dispose();
    expect(signal?.aborted).toBe(true);
  });

  it('pauses when the last subscriber leaves and resumes on the next (StrictMode)', async () => {
    const { session, proxy, unsubscribe } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    FakeEventSource.last.emit(call('dialing-agent'), '1');
    unsubscribe();
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
    session.subscribe(() => {});
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.emit(call('dialing-you'), '2');
    expect(session.getSnapshot().status).toBe('dialing-you');
    expect(proxy.creates()).toHaveLength(1);
  });

  it('resets to idle mid-call and stops following', async () => {
    const { session, proxy } = setup();
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    session.reset();
    expect(session.getSnapshot()).toMatchObject({
      status: 'idle',
      call: null,
      transport: null,
      phone: null,
    });
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('drops the answer of an attempt that was reset while in flight', async () => {
    const { session, proxy } = setup();
    await settle();
    let answer: (response: Response) => void = () => {};
    proxy.queues.create.push(() => new Promise<Response>((resolve) => (answer = resolve)));
    const done = session.submit({ phone: '9812345678' });
    await settle();
    session.reset();
    answer(json(call('dialing-agent'), 202));
    await done;
    expect(session.getSnapshot().status).toBe('idle');
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('ignores cancel outside of verification', async () => {
    const { session } = setup();
    await settle();
    session.cancel();
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('reports a call that vanished while polling', async () => {
    const { session, proxy } = setup(WIDGET, { EventSource: null });
    await settle();
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    proxy.queues.get.push(problem('call_not_found', 404));
    await session.submit({ phone: '9812345678' });
    await settle();
    expect(session.getSnapshot().error?.code).toBe('call_not_found');
  });
});
