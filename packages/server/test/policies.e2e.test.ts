import { afterEach, describe, expect, it } from 'vitest';
import { baseWidget, type Harness, newKey, ORIGIN, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const VISITOR = '+919812345678';

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status: response.status,
    type: `https://ringback.dev/problems/${body.code}`,
  });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

/** Nothing reached Exotel and the refusal left no trace: a good request still goes through. */
async function expectNothingChanged(harness: Harness) {
  expect(harness.sim.calls()).toEqual([]);
  const ok = await harness.createCall({ widgetId: 'support', phone: VISITOR });
  expect(ok.status).toBe(202);
}

describe('request shape', () => {
  it.each([
    [
      'a body over the cap',
      { 'content-type': 'application/json' },
      JSON.stringify({ widgetId: 'support', phone: 'x'.repeat(9000) }),
      413,
      'body_too_large',
    ],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"widgetId":', 400, 'invalid_body'],
    [
      'a form body',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'widgetId=support&phone=1',
      415,
      'unsupported_media_type',
    ],
    [
      'an unknown field',
      { 'content-type': 'application/json' },
      JSON.stringify({ widgetId: 'support', phone: VISITOR, callerId: '0801' }),
      400,
      'invalid_body',
    ],
    [
      'a missing phone',
      { 'content-type': 'application/json' },
      JSON.stringify({ widgetId: 'support' }),
      400,
      'invalid_body',
    ],
  ])('refuses %s', async (_name, headers, body, status, code) => {
    h = await startHarness();
    const response = await fetch(`${h.url}/v1/calls`, {
      method: 'POST',
      headers: { ...headers, origin: ORIGIN, 'idempotency-key': newKey() },
      body,
    });
    expect(response.status).toBe(status);
    expect((await problem(response)).code).toBe(code);
    await expectNothingChanged(h);
  });

  it('refuses a chunked body that grows past the cap without buffering it', async () => {
    h = await startHarness({ config: { maxBodyBytes: 1024 } });
    const chunk = new TextEncoder().encode(' '.repeat(512));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${h.url}/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'idempotency-key': newKey() },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await problem(response)).code).toBe('body_too_large');
  });

  it('names every bad field', async () => {
    h = await startHarness();
    const response = await h.createCall({
      widgetId: 'support',
      phone: VISITOR,
      from: '+911',
      country: 'india',
    });
    const body = await problem(response);
    expect(body.errors).toEqual([
      { path: '/from', message: 'unknown field' },
      { path: '/country', message: 'must be an ISO 3166-1 alpha-2 code such as "IN"' },
    ]);
  });

  it('requires a well-formed Idempotency-Key', async () => {
    h = await startHarness();
    const body = JSON.stringify({ widgetId: 'support', phone: VISITOR });
    const missing = await fetch(`${h.url}/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body,
    });
    expect(missing.status).toBe(400);
    expect((await problem(missing)).code).toBe('idempotency_key_required');
    const short = await h.createCall({ widgetId: 'support', phone: VISITOR }, { key: 'abc' });
    expect((await problem(short)).code).toBe('idempotency_key_invalid');
    await expectNothingChanged(h);
  });

  it('refuses an unknown widget', async () => {
    h = await startHarness();
    const response = await h.createCall({ widgetId: 'sales', phone: VISITOR });
    expect(response.status).toBe(404);
    expect((await problem(response)).code).toBe('widget_not_found');
  });
});

describe('origin and CORS', () => {
  it('refuses a missing or foreign Origin on create', async () => {
    h = await startHarness();
    for (const origin of [
      null,
      'https://evil.example',
      'https://shop.example.com.evil.example',
      'http://shop.example.com',
    ]) {
      const response = await h.createCall({ widgetId: 'support', phone: VISITOR }, { origin });
      expect(response.status).toBe(403);
      expect((await problem(response)).code).toBe('origin_not_allowed');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
    await expectNothingChanged(h);
  });

  it('lets a page on an origin nobody listed read why its widget is refused, and says so in the log once', async () => {
    h = await startHarness();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${h.url}/v1/widgets/support`, {
        headers: { origin: 'http://127.0.0.1:8000' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8000');
      expect(await problem(response)).toMatchObject({ code: 'origin_not_allowed' });
    }
    expect(h.logs.filter((l) => String(l.msg).startsWith('origin not allowed'))).toEqual([
      expect.objectContaining({
        level: 'warn',
        widgetId: 'support',
        origin: 'http://127.0.0.1:8000',
      }),
    ]);
  });

  it('answers preflights for allowed origins only', async () => {
    h = await startHarness();
    const ask = (origin: string) =>
      fetch(`${h!.url}/v1/calls`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, idempotency-key, x-evil',
        },
      });
    const ok = await ask(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, idempotency-key');
    expect(ok.headers.get('vary')).toContain('Origin');
    const refused = await ask('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await problem(refused)).code).toBe('origin_not_allowed');
  });

  it('lets the allowed origin read responses, refusals included', async () => {
    h = await startHarness();
    const created = await h.createCall({ widgetId: 'support', phone: VISITOR });
    expect(created.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(created.headers.get('access-control-expose-headers')).toContain('Retry-After');
    const refused = await h.createCall({ widgetId: 'support', phone: 'nope' });
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('refuses reading a call from a foreign origin', async () => {
    h = await startHarness();
    const { id } = (await (await h.createCall({ widgetId: 'support', phone: VISITOR })).json()) as {
      id: string;
    };
    const foreign = await fetch(`${h.url}/v1/calls/${id}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${h.url}/v1/calls/${id}`, { headers: { origin: ORIGIN } });
    expect(own.status).toBe(200);
  });
});

describe('business hours', () => {
  const hours = {
    timeZone: 'Asia/Kolkata',
    weekly: { mon: ['09:00-18:00'], tue: ['09:00-18:00'] },
  };

  it('refuses calls while closed, with the next opening', async () => {
    // The harness clock starts on a Friday.
    h = await startHarness({ widget: { hours } });
    const response = await h.createCall({ widgetId: 'support', phone: VISITOR });
    expect(response.status).toBe(403);
    const body = await problem(response);
    expect(body).toMatchObject({ code: 'closed', nextOpening: '2026-11-30T03:30:00.000Z' });
    expect(h.sim.calls()).toEqual([]);
    const widget = (await (await fetch(`${h.url}/v1/widgets/support`)).json()) as Record<
      string,
      unknown
    >;
    expect(widget).toMatchObject({
      open: false,
      nextOpening: '2026-11-30T03:30:00.000Z',
      closesAt: null,
      timeZone: 'Asia/Kolkata',
    });
  });

  it('accepts calls once open', async () => {
    h = await startHarness({ widget: { hours: { ...hours, weekly: { fri: ['09:00-18:00'] } } } });
    expect((await h.createCall({ widgetId: 'support', phone: VISITOR })).status).toBe(202);
  });
});

describe('number re-validation', () => {
  it.each([
    ['garbage', 'call me maybe', 'invalid_phone'],
    ['too short', '12345', 'invalid_phone'],
    ['another country', '+44 7400 123456', 'country_not_allowed'],
    ['toll-free', '1800 210 0000', 'number_type_not_allowed'],
    ["the widget's own agent", '+91 90000 00000', 'number_blocked'],
    ["the widget's ExoPhone", '080 4711 2400', 'number_blocked'],
  ])('refuses %s', async (_name, phone, code) => {
    h = await startHarness();
    const response = await h.createCall({ widgetId: 'support', phone });
    expect(response.status).toBe(422);
    expect((await problem(response)).code).toBe(code);
    await expectNothingChanged(h);
  });

  it("refuses another widget's agent and ExoPhone: no page rings the business's own numbers", async () => {
    h = await startHarness({
      config: {
        widgets: [
          { ...baseWidget },
          { ...baseWidget, id: 'sales', from: '+919111100000', callerId: '08047112499' },
        ],
      },
    });
    for (const phone of ['+91 91111 00000', '080 4711 2499']) {
      const response = await h.createCall({ widgetId: 'support', phone });
      expect((await problem(response)).code, phone).toBe('number_blocked');
    }
    await expectNothingChanged(h);
  });

  it('refuses a number on the server blocklist', async () => {
    h = await startHarness({ config: { blockedNumbers: [VISITOR] } });
    const response = await h.createCall({ widgetId: 'support', phone: '098123 45678' });
    expect((await problem(response)).code).toBe('number_blocked');
  });

  it('reads national numbers in the chosen or default country', async () => {
    h = await startHarness({
      widget: { countries: ['IN', 'US'], numberTypes: ['mobile', 'fixed-line'] },
    });
    expect((await h.createCall({ widgetId: 'support', phone: '098123 45678' })).status).toBe(202);
    expect(h.sim.calls()[0]?.params.to).toMatch(/9812345678$/);
    expect(
      (await h.createCall({ widgetId: 'support', phone: '(415) 555-0123', country: 'US' })).status,
    ).toBe(202);
  });

  it('maps a number on the do-not-call registry (Exotel 403 NDNC) to number_blocked', async () => {
    h = await startHarness();
    const key = newKey();
    const response = await h.createCall({ widgetId: 'support', phone: '+919000000009' }, { key });
    expect(response.status).toBe(422);
    expect((await problem(response)).code).toBe('number_blocked');
    // The refusal is the answer to this key from now on.
    const replay = await h.createCall({ widgetId: 'support', phone: '+919000000009' }, { key });
    expect((await problem(replay)).code).toBe('number_blocked');
    expect(h.sim.stats()).toMatchObject({ connectRequests: 1, connectsAccepted: 0 });
    // Exotel's message quotes the number ("Call to 09000000009 cannot be made…"): the
    // log keeps the refusal, never the visitor's number, however it is written.
    const refusal = h.logs.find((l) => l.msg === 'exotel refused the call');
    expect(JSON.stringify(refusal)).toContain('NDNC');
    expect(JSON.stringify(h.logs)).not.toMatch(/9000000009/);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After per destination number, and counts nothing it refused', async () => {
    h = await startHarness({ widget: { limits: { number: [{ limit: 2, windowSeconds: 3600 }] } } });
    for (let i = 0; i < 2; i++) {
      expect((await h.createCall({ widgetId: 'support', phone: VISITOR })).status).toBe(202);
      // Each call ends before the next (a number has one live call at a time).
      await h.advance(60_000);
    }
    const limited = await h.createCall({ widgetId: 'support', phone: VISITOR });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3480');
    expect(await problem(limited)).toMatchObject({
      code: 'rate_limited',
      limit: 'number',
      retryAfterSeconds: 3480,
    });
    expect(h.sim.calls()).toHaveLength(2);
    await h.advance(3600 * 1000);
    expect((await h.createCall({ widgetId: 'support', phone: VISITOR })).status).toBe(202);
  });

  it('limits distinct numbers per IP', async () => {
    h = await startHarness({
      widget: { limits: { distinctNumbersPerIp: [{ limit: 2, windowSeconds: 3600 }] } },
    });
    expect((await h.createCall({ widgetId: 'support', phone: '+919812345670' })).status).toBe(202);
    expect((await h.createCall({ widgetId: 'support', phone: '+919812345671' })).status).toBe(202);
    const limited = await h.createCall({ widgetId: 'support', phone: '+919812345672' });
    expect(await problem(limited)).toMatchObject({
      code: 'rate_limited',
      limit: 'distinct-numbers',
    });
  });

  it('limits per IP, per widget and globally', async () => {
    h = await startHarness({
      widget: {
        limits: {
          ip: [{ limit: 1, windowSeconds: 60 }],
          distinctNumbersPerIp: [{ limit: 9, windowSeconds: 60 }],
        },
      },
    });
    await h.createCall({ widgetId: 'support', phone: '+919812345670' });
    expect(
      await problem(await h.createCall({ widgetId: 'support', phone: '+919812345671' })),
    ).toMatchObject({ limit: 'ip' });
    await h.close();
    h = await startHarness({ widget: { limits: { widget: [{ limit: 1, windowSeconds: 60 }] } } });
    await h.createCall({ widgetId: 'support', phone: '+919812345670' });
    expect(
      await problem(await h.createCall({ widgetId: 'support', phone: '+919812345671' })),
    ).toMatchObject({ limit: 'widget' });
    await h.close();
    h = await startHarness({ config: { globalLimit: { limit: 1, windowSeconds: 60 } } });
    await h.createCall({ widgetId: 'support', phone: '+919812345670' });
    expect(
      await problem(await h.createCall({ widgetId: 'support', phone: '+919812345671' })),
    ).toMatchObject({ limit: 'global' });
  });

  it('uses the trusted proxy header, and only when configured', async () => {
    h = await startHarness({
      config: { trustProxy: { header: 'x-forwarded-for', hops: 1 } },
      widget: {
        limits: {
          ip: [{ limit: 1, windowSeconds: 60 }],
          distinctNumbersPerIp: [{ limit: 9, windowSeconds: 60 }],
        },
      },
    });
    const from = (ip: string, phone: string) =>
      h!.createCall({ widgetId: 'support', phone }, { headers: { 'x-forwarded-for': ip } });
    expect((await from('198.51.100.1', '+919812345670')).status).toBe(202);
    expect((await from('198.51.100.2', '+919812345671')).status).toBe(202);
    expect((await from('198.51.100.1', '+919812345672')).status).toBe(429);
  });
});

describe('policy order', () => {
  it('checks the body before the origin, verification before hours, hours before the number', async () => {
    h = await startHarness({
      widget: {
        hours: { timeZone: 'UTC', weekly: {} },
        verification: {
          provider: 'turnstile',
          siteKey: 'site',
          secretKey: 'never-used-secret',
          endpoint: 'http://127.0.0.1:9/siteverify',
        },
      },
    });
    const badBody = await h.createCall(
      { widgetId: 'support', phone: 'x', extra: 1 },
      { origin: 'https://evil.example' },
    );
    expect((await problem(badBody)).code).toBe('invalid_body');
    const badOrigin = await h.createCall(
      { widgetId: 'support', phone: 'x' },
      { origin: 'https://evil.example' },
    );
    expect((await problem(badOrigin)).code).toBe('origin_not_allowed');
    const noToken = await h.createCall({ widgetId: 'support', phone: 'x' });
    expect((await problem(noToken)).code).toBe('verification_required');
  });
});
