// Bad input: property tests throwing arbitrary methods, paths, headers, content types,
// encodings, sizes and bodies at every endpoint, at the StatusCallback parser, and
// arbitrary phone numbers at call creation. Whatever comes in: never a 5xx, never a
// crash, a problem `code` for each refusal, bounded memory, and no upstream call for
// anything that was refused.
import { connect } from 'node:net';
import {
  parseStatusCallback,
  parseStatusCallbackBody,
  StatusCallbackError,
} from '@ringback/exotel';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asciiDigits,
  bodyArb,
  callbackBodyArb,
  callbackFieldsArb,
  contentTypeArb,
  encodeCallback,
  headersArb,
  idempotencyKeyArb,
  leadContextArb,
  leadFieldsArb,
  methodArb,
  originArb,
  PAID_RANGES,
  phoneCaseArb,
  scheduledForArb,
} from './support/arbitraries.js';
import { rank } from './support/callStates.js';
import { expectWellFormed } from './support/problems.js';
import { announceSeed, runs } from './support/seed.js';
import { baseWidget, createWorld, NO_LIMITS, newKey, ORIGIN, type World } from './support/world.js';

announceSeed('bad-input');

const CALLBACK_CODES = new Set([
  'body_too_large',
  'unsupported_media_type',
  'malformed_body',
  'missing_field',
  'invalid_status',
  'invalid_field',
]);
const PHONE_REFUSALS = new Set([
  'invalid_phone',
  'country_not_allowed',
  'number_type_not_allowed',
  'number_blocked',
]);
/** Countries of every paid range in `PAID_RANGES`, so the type check (not the country) refuses them. */
const INTL_COUNTRIES = [
  'IN',
  'GB',
  'US',
  'DE',
  'FR',
  'AU',
  'IT',
  'ES',
  'CH',
  'AT',
  'BE',
  'NL',
  'JP',
];

/** A widget asking for lead details: the fuzzed `fields`, `consent` and `context` meet real rules. */
const LEAD = {
  fields: [
    { id: 'name', label: 'Name', required: true, maxLength: 60 },
    { id: 'reason', label: 'Reason', type: 'select' as const, options: ['billing', 'sales'] },
    { id: 'note', label: 'Note', type: 'textarea' as const },
  ],
  consent: { text: 'You may call me', required: false },
};
/** What may never be stored from a visitor: controls, DEL, C1, line separators, bidi overrides. */
const STORED_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

let world: World;
/** A real call to aim hostile requests at: its id, callback token and Exotel CallSid. */
let real: { id: string; token: string; sid: string; params: object };

beforeAll(async () => {
  world = await createWorld({
    widgets: [
      { ...baseWidget, limits: NO_LIMITS },
      { ...baseWidget, id: 'intl', countries: INTL_COUNTRIES, limits: NO_LIMITS },
      { ...baseWidget, id: 'lead', limits: NO_LIMITS, ...LEAD },
      // Open round the clock, slots of 30 minutes: fuzzed `scheduledFor` meets real slots.
      {
        ...baseWidget,
        id: 'slots',
        limits: NO_LIMITS,
        hours: {
          timeZone: 'Asia/Kolkata',
          weekly: Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
          ),
          closedDates: ['2026-11-29'],
        },
        schedule: { slotMinutes: 30, capacityPerSlot: 2, daysAhead: 5, maxPendingPerIp: 50 },
      },
    ],
    // Exotel's 200/min bounds the global limit's rate, not its size: a month-long window.
    config: { globalLimit: { limit: 100_000, windowSeconds: 2_678_400 } },
    sim: { rateLimitPerMinute: Number.POSITIVE_INFINITY },
  });
  const response = await world.createCall({ widgetId: 'support', phone: '+919812345678' });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const placed = world.sim.calls()[0]!;
  const token = new URL(placed.params.statusCallback!).searchParams.get('token')!;
  real = { id, token, sid: placed.sid, params: { ...placed.params } };
});

afterAll(async () => {
  await world?.close();
});

/** A path segment: real and fake ids, encoded unicode, huge, traversal. */
const segmentArb = (wellFormed: boolean) =>
  fc.oneof(
    fc.constant('REAL'),
    fc.stringMatching(/^call_[A-Za-z0-9_-]{24}$/),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent),
    fc.integer({ min: 100, max: 6000 }).map((n) => 'a'.repeat(n)),
    fc.constantFrom('..', '.', '%2e%2e', 'support%2F..', 'call_', 'support;x=1', 'support%00'),
    ...(wellFormed ? [] : [fc.stringMatching(/^([a-z]|%[0-9A-Fa-fGZ]{0,2}){1,12}$/)]),
  );

const pathArb = fc.oneof(
  fc.constantFrom(
    '/v1/widgets/support',
    '/v1/widgets/intl',
    '/v1/widgets/slots/slots',
    '/v1/widgets/support/slots',
    '/v1/calls',
    '/v1/calls/',
    '/healthz',
    '/',
    '/v1',
    '//v1/calls',
    '/V1/CALLS',
    '/v1/exotel/status-callback',
  ),
  // Widgets decode their id leniently; malformed escapes are fuzzed there.
  segmentArb(false).map((s) => `/v1/widgets/${s}`),
  fc
    .tuple(
      fc.constantFrom('slots', 'support', 'nope'),
      fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 1000 }).map(String)),
    )
    .map(([w, days]) => `/v1/widgets/${w}/slots?${new URLSearchParams({ days })}`),
  // Call ids, malformed escapes included (and pinned in their own test below).
  segmentArb(false).map((s) => `/v1/calls/${s}`),
  segmentArb(false).map((s) => `/v1/calls/${s}/events`),
  fc
    .record(
      {
        call: fc.oneof(fc.constant('REAL'), fc.string({ maxLength: 40 })),
        token: fc.oneof(fc.constant('TOKEN'), fc.base64String({ maxLength: 60 }), fc.string()),
        lastEventId: fc.string({ maxLength: 12 }),
      },
      { requiredKeys: [] },
    )
    .map((q) => `/v1/exotel/status-callback?${new URLSearchParams(q as Record<string, string>)}`),
  fc.webPath(),
);

function materialize(path: string): string {
  return path.replaceAll('REAL', real.id).replace('token=TOKEN', `token=${real.token}`);
}

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string | null;
}

/** Mostly right, sometimes wrong: each header of an otherwise well-formed request. */
const usually = <T>(good: T, bad: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, bad);

/** Requests aimed at each endpoint with its own method, plus anything at all. */
const attemptArb: fc.Arbitrary<Attempt> = fc.oneof(
  // POST /v1/calls
  fc
    .record({
      headers: fc.record({
        'content-type': usually('application/json', contentTypeArb),
        origin: usually(ORIGIN, originArb),
        'idempotency-key': usually('0b6f3c1e-5a57-4d0b-9c1e-hardening', idempotencyKeyArb),
      }),
      extra: headersArb,
      body: bodyArb,
    })
    .map(({ headers, extra, body }) => ({
      method: 'POST',
      path: '/v1/calls',
      headers: { ...extra, ...headers },
      body,
    })),
  // POST /v1/exotel/status-callback
  fc
    .record({
      call: usually('REAL', fc.string({ maxLength: 40 })),
      token: usually('TOKEN', fc.oneof(fc.base64String({ maxLength: 60 }), fc.string())),
      callback: callbackBodyArbLazy(),
    })
    .map(({ call, token, callback }) => ({
      method: 'POST',
      path: `/v1/exotel/status-callback?${new URLSearchParams({ call, token })}`,
      headers: { 'content-type': callback.contentType },
      body: callback.body,
    })),
  // GET of widgets, calls and event streams; preflights
  fc
    .record({
      method: fc.constantFrom('GET', 'GET', 'OPTIONS'),
      path: fc.oneof(
        segmentArb(false).map((s) => `/v1/widgets/${s}`),
        segmentArb(false).map((s) => `/v1/widgets/${s}/slots`),
        segmentArb(true).map((s) => `/v1/calls/${s}`),
        segmentArb(true).map((s) => `/v1/calls/${s}/events`),
      ),
      headers: headersArb,
    })
    .map((a) => ({ ...a, body: null })),
  // anything
  fc.record({ method: methodArb, path: pathArb, headers: headersArb, body: bodyArb }),
);

/** Deferred: the real call's sid and id exist only once `beforeAll` has run. */
function callbackBodyArbLazy() {
  return fc.constant(null).chain(() => callbackBodyArb(real.sid, real.id));
}

describe('bad input against every endpoint', () => {
  it('never answers 5xx, gives every refusal a problem code, and calls Exotel only for accepted calls', async () => {
    const before = await world.simStats();
    let accepted = 0;
    const answers: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(attemptArb, async ({ method, path, headers, body }) => {
        let request: Request;
        try {
          const init: RequestInit & { duplex?: 'half' } = { method, headers };
          if (body !== null && method !== 'GET' && method !== 'HEAD') {
            init.body = body as BodyInit;
            init.duplex = 'half';
          }
          request = new Request(`${world.url}${materialize(path)}`, init);
        } catch {
          // Not a request any HTTP client could send (fetch refuses it first).
          fc.pre(false);
          return;
        }
        const answer = await expectWellFormed(
          await world.server.fetch(request, { clientIp: '198.51.100.7' }),
        );
        // A booked callback is accepted without dialling (its slot is hours away).
        if (answer.status === 202 && answer.body?.state !== 'scheduled') accepted++;
        const seen = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
        answers[seen] = (answers[seen] ?? 0) + 1;
      }),
      runs(400),
    );
    console.log('[hardening:bad-input] endpoint answers:', JSON.stringify(answers));
    const after = await world.simStats();
    expect(after.connectRequests - before.connectRequests).toBe(accepted);
    expect(after.getCallRequests - before.getCallRequests).toBe(0);
    expect(world.crashes()).toEqual([]);
  });

  // A malformed escape in a call id once threw URIError and answered 500.
  it('GET /v1/calls/{id} with a malformed %-escape answers 404 call_not_found, not 500', async () => {
    const own = await createWorld();
    try {
      for (const path of ['/v1/calls/%E0%A4%A', '/v1/calls/call_%', '/v1/calls/%ZZ/events']) {
        const answer = await expectWellFormed(await own.request(path));
        expect(answer).toMatchObject({ status: 404, code: 'call_not_found' });
      }
      expect(own.crashes()).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

/** A scrypt hash of `OPERATOR_PASSWORD` (`ringback-server hash-password`), and an API token of role viewer. */
const OPERATOR_PASSWORD = 'hardening-operator-password';
const OPERATOR_HASH =
  'scrypt$32768$8$1$CjKBA7cA8DPFQD7HZz1wSg$PnUid5e9SyIud4i9704cGHXhBZ-aLYQHWRrEcXBGQ9o';
const VIEWER_TOKEN = 'rbk_iqxVMOU4E9RvTDAS7SYFSBKzPBXaKYzlvbZgDfNP0Ns';
const VIEWER_TOKEN_HASH = 'sha256:5d0f034791f2c55b056e44a2675d5f4bccdcd4f837955077c5565bbe998f951b';

/** Query strings the operator endpoints read, mostly well-formed names with any values. */
const adminQueryArb = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'state',
          'widgetId',
          'agentId',
          'from',
          'to',
          'phone',
          'order',
          'cursor',
          'limit',
          'groupBy',
          'timeZone',
          'callId',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.constantFrom(
          'missed',
          'completed',
          'newest',
          'oldest',
          'day',
          'hour',
          '2026-11-27T00:00:00Z',
          '2026-11-28T00:00:00.000+05:30',
          '50',
          '0',
          '201',
          'Asia/Kolkata',
          'eyJjcmVhdGVkQXQiOjEsImlkIjoiY2FsbF9BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSJ9',
          '+91 98123 45678',
        ),
        fc.string({ maxLength: 60 }),
        fc.base64String({ maxLength: 80 }),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

/** Each operator endpoint with its own method (and sometimes another), and a query. */
const adminTargetArb = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        ['GET', '/v1/admin/session'],
        ['POST', '/v1/admin/session'],
        ['DELETE', '/v1/admin/session'],
        ['GET', '/v1/admin/calls'],
        ['GET', '/v1/admin/calls.csv'],
        ['GET', '/v1/admin/stats'],
        ['GET', '/v1/admin/agents'],
        ['GET', '/v1/admin/events'],
        ['GET', '/v1/admin/webhook-deliveries'],
        ['GET', '/v1/admin/audit'],
        ['GET', '/v1/admin'],
        ['GET', '/console'],
        ['GET', '/console/'],
        ['HEAD', '/console/index.html'],
      ),
      segmentArb(false).map((s) => ['GET', `/v1/admin/calls/${s}`]),
      segmentArb(false).map((s) => ['POST', `/v1/admin/calls/${s}/callback`]),
      segmentArb(false).map((s) => ['PUT', `/v1/admin/agents/${s}/availability`]),
      segmentArb(false).map((s) => ['POST', `/v1/admin/webhook-deliveries/${s}/redeliver`]),
      segmentArb(false).map((s) => ['GET', `/console/${s}`]),
      segmentArb(false).map((s) => ['GET', `/console/assets/${s}`]),
    ),
    fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, methodArb),
    fc.option(adminQueryArb, { nil: undefined }),
  )
  .map(([[own, path], other, query]) => ({
    method: other ?? own!,
    path: query ? `${path}?${query}` : path!,
  }));

type AdminAuth = 'none' | 'session' | 'session+csrf' | 'forged-cookie' | 'token' | 'forged-token';

const adminAttemptArb = fc.record({
  target: adminTargetArb,
  auth: fc.constantFrom<AdminAuth>(
    'none',
    'session',
    'session+csrf',
    'session+csrf',
    'forged-cookie',
    'token',
    'forged-token',
  ),
  headers: headersArb,
  body: bodyArb,
});

describe('the operator API against bad input', () => {
  it('never answers 5xx, opens nothing without credentials, and dials only for accepted call-backs', async () => {
    const own = await createWorld({
      widgets: [{ ...baseWidget, limits: NO_LIMITS }],
      config: {
        globalLimit: { limit: 100_000, windowSeconds: 2_678_400 },
        console: {
          operators: [{ email: 'ops@shop.example', passwordHash: OPERATOR_HASH, role: 'operator' }],
          apiTokens: [{ name: 'fuzz', tokenHash: VIEWER_TOKEN_HASH, role: 'viewer' }],
          loginLimits: {
            address: { limit: 1_000_000, windowSeconds: 60 },
            account: { limit: 1_000_000, windowSeconds: 60 },
          },
        },
      },
      sim: { rateLimitPerMinute: Number.POSITIVE_INFINITY },
    });
    try {
      const created = await own.createCall({ widgetId: 'support', phone: '+919812345679' });
      const { id } = (await created.json()) as { id: string };
      await own.settle();
      let session: { cookie: string; csrf: string } | undefined;
      const logIn = async () => {
        const response = await own.request('/v1/admin/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ops@shop.example', password: OPERATOR_PASSWORD }),
        });
        expect(response.status).toBe(200);
        const { csrfToken } = (await response.json()) as { csrfToken: string };
        return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
      };
      const before = await own.simStats();
      let accepted = 0;
      const answers: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(
          adminAttemptArb,
          async ({ target: { method, path }, auth, headers, body }) => {
            const url = path.replaceAll('REAL', id);
            const sent: Record<string, string> = { ...headers };
            delete sent.origin;
            if (auth.startsWith('session')) {
              session ??= await logIn();
              sent.cookie = session.cookie;
              if (auth === 'session+csrf') sent['x-csrf-token'] = session.csrf;
            }
            if (auth === 'forged-cookie') sent.cookie = `rb_session=${'A'.repeat(43)}`;
            if (auth === 'token') sent.authorization = `Bearer ${VIEWER_TOKEN}`;
            if (auth === 'forged-token') sent.authorization = `Bearer rbk_${'B'.repeat(43)}`;
            let request: Request;
            try {
              const init: RequestInit & { duplex?: 'half' } = { method, headers: sent };
              if (body !== null && method !== 'GET' && method !== 'HEAD') {
                init.body = body as BodyInit;
                init.duplex = 'half';
              }
              request = new Request(`${own.url}${url}`, init);
            } catch {
              fc.pre(false);
              return;
            }
            const answer = await expectWellFormed(
              await own.server.fetch(request, { clientIp: '198.51.100.7' }),
            );
            const seen = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
            answers[seen] = (answers[seen] ?? 0) + 1;
            const pathname = new URL(request.url).pathname;
            const credentialed = auth === 'session' || auth === 'session+csrf' || auth === 'token';
            // Without a real credential, nothing of the operator API answers but the log-in form.
            if (
              !credentialed &&
              pathname !== '/v1/admin/session' &&
              pathname.startsWith('/v1/admin')
            )
              expect(answer.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
            if (answer.status === 202) {
              expect(pathname).toMatch(/^\/v1\/admin\/calls\/[^/]+\/callback$/);
              expect(auth).toBe('session+csrf');
              accepted++;
            }
            // The fuzz logged its own session out: sign in again.
            if (pathname === '/v1/admin/session' && method === 'DELETE' && answer.status === 204)
              session = undefined;
            await own.settle();
          },
        ),
        runs(300),
      );
      console.log('[hardening:bad-input] operator API answers:', JSON.stringify(answers));
      const after = await own.simStats();
      expect(after.connectRequests - before.connectRequests).toBe(accepted);
      expect(Object.keys(answers).some((a) => a.startsWith('200'))).toBe(true);
      expect(answers['401 unauthenticated'] ?? 0).toBeGreaterThan(0);
      expect(own.crashes()).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('parseStatusCallback against anything', () => {
  it('resolves to a well-formed event or rejects with a StatusCallbackError code, nothing else', async () => {
    const arb = fc.oneof(
      callbackBodyArb('f'.repeat(32), 'call_x'),
      fc
        .tuple(fc.string({ maxLength: 60 }), fc.uint8Array({ maxLength: 512 }))
        .map(([contentType, body]) => ({ contentType, body })),
    );
    await fc.assert(
      fc.asyncProperty(arb, fc.boolean(), async ({ contentType, body }, asRequest) => {
        let event: Awaited<ReturnType<typeof parseStatusCallback>>;
        try {
          event = asRequest
            ? await parseStatusCallback(
                new Request('https://ringback.test/cb', {
                  method: 'POST',
                  headers: { 'content-type': contentType.replace(/[\r\n\0]/g, '') },
                  body: body as BodyInit,
                }),
              )
            : await parseStatusCallbackBody(contentType, body);
        } catch (error) {
          expect(error).toBeInstanceOf(StatusCallbackError);
          expect(CALLBACK_CODES.has((error as StatusCallbackError).code)).toBe(true);
          return;
        }
        expect(typeof event.callSid).toBe('string');
        expect(event.callSid.length).toBeGreaterThan(0);
        // A Status the parser does not know is read, flagged and listed, not refused.
        if (event.statusKnown)
          expect([
            'queued',
            'ringing',
            'in-progress',
            'completed',
            'failed',
            'busy',
            'no-answer',
            'canceled',
          ]).toContain(event.status);
        else expect(event.unrecognized).toContain('Status');
        expect([null, 'answered', 'terminal']).toContain(event.eventType);
        if (event.eventType === null && event.rawEventType !== null)
          expect(event.unrecognized).toContain('EventType');
        expect(event.legs.length).toBeLessThanOrEqual(8);
        for (const value of [
          event.conversationDuration,
          ...event.legs.map((l) => l.onCallDuration),
        ])
          if (value !== null) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }),
      runs(300),
    );
  });

  it('reads the same event from JSON, multipart and urlencoded', async () => {
    await fc.assert(
      fc.asyncProperty(callbackFieldsArb('a'.repeat(32), 'call_y'), async (fields) => {
        const results = await Promise.all(
          (['json', 'multipart', 'urlencoded'] as const).map(async (encoding) => {
            const { contentType, body } = encodeCallback(
              fields as Record<string, unknown>,
              encoding,
            );
            try {
              const event = await parseStatusCallbackBody(contentType, body);
              return { ok: true, event } as const;
            } catch (error) {
              return { ok: false, code: (error as StatusCallbackError).code } as const;
            }
          }),
        );
        // Only fields that survive flattening to text compare: JSON keeps types that a form
        // cannot carry (objects, booleans), so those may be refused by JSON alone.
        const [json, multipart, urlencoded] = results as [
          (typeof results)[number],
          (typeof results)[number],
          (typeof results)[number],
        ];
        expect(multipart).toEqual(urlencoded);
        if (json.ok && multipart.ok) {
          expect({ ...json.event, raw: {} }).toEqual({ ...multipart.event, raw: {} });
        }
      }),
      runs(200),
    );
  });
});

describe('hostile StatusCallbacks carrying a valid token', () => {
  it('are refused with a code or applied forward only; the call never moves back', async () => {
    const path = `/v1/exotel/status-callback?call=${real.id}&token=${real.token}`;
    await fc.assert(
      fc.asyncProperty(callbackBodyArb(real.sid, real.id), async ({ contentType, body }) => {
        const before = (await world.store.getCall(real.id))!;
        const answer = await expectWellFormed(
          await world.request(path, {
            method: 'POST',
            headers: { 'content-type': contentType },
            body: body as BodyInit,
          }),
        );
        expect([200, 400, 403, 413]).toContain(answer.status);
        const after = (await world.store.getCall(real.id))!;
        expect(rank(after.state)).toBeGreaterThanOrEqual(rank(before.state));
        expect(after.exotelSid).toBe(real.sid);
        if (answer.status !== 200) expect(after).toEqual(before);
      }),
      runs(200),
    );
    expect(world.crashes()).toEqual([]);
  });
});

describe('lead details', () => {
  it('stores only answers the widget asked for, within its rules, and never sends them to Exotel', async () => {
    const tally: Record<string, number> = {};
    let phone = 9_100_000_000;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 2,
            arbitrary: fc.record(
              {
                name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
                reason: fc.constantFrom('billing', 'sales'),
                note: fc.string({ maxLength: 300 }),
              },
              { requiredKeys: ['name'] },
            ),
          },
          leadFieldsArb,
        ),
        fc.oneof(fc.boolean(), fc.constant(undefined), fc.constant('yes')),
        fc.oneof(
          {
            weight: 2,
            arbitrary: fc.record(
              { pageUrl: fc.webUrl(), utm: fc.record({ source: fc.string({ minLength: 1 }) }) },
              { requiredKeys: [] },
            ),
          },
          fc.constant(undefined),
          leadContextArb,
        ),
        async (fields, consent, context) => {
          const before = world.sim.calls().length;
          const answer = await expectWellFormed(
            await world.createCall(
              { widgetId: 'lead', phone: `+91${++phone}`, fields, consent, context },
              { ip: '198.51.100.9' },
            ),
          );
          const seen = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
          tally[seen] = (tally[seen] ?? 0) + 1;
          const placed = world.sim.calls().slice(before);
          if (answer.status !== 202) {
            expect(answer.code).toBe('invalid_body');
            expect(placed).toHaveLength(0);
            return;
          }
          const stored = (await world.store.getCall(answer.body!.id as string))!;
          const known = new Map(LEAD.fields.map((f) => [f.id, f]));
          expect(stored.fields?.name, 'a required answer').toBeTruthy();
          for (const [id, value] of Object.entries(stored.fields ?? {})) {
            const field = known.get(id)!;
            expect(field, id).toBeDefined();
            expect(value.length).toBeLessThanOrEqual(field.maxLength ?? 1000);
            expect(STORED_CONTROL.test(value), JSON.stringify(value)).toBe(false);
            if (field.type !== 'textarea') expect(value).not.toMatch(/[\t\n\r]/);
            if (field.options) expect(field.options).toContain(value);
          }
          const { utm, ...urls } = stored.context ?? {};
          for (const tag of [...Object.values(urls), ...Object.values(utm ?? {})])
            expect(/[\t\n\r]/.test(tag) || STORED_CONTROL.test(tag), JSON.stringify(tag)).toBe(
              false,
            );
          // Exotel gets the numbers and the call's settings, never a word of the lead: the
          // connect carries the same parameters as one without lead details, and its
          // StatusCallback URL only the call, the attempt and the token.
          const params = placed[0]!.params;
          expect(Object.keys(params).sort()).toEqual(Object.keys(real.params).sort());
          expect([...new URL(params.statusCallback!).searchParams.keys()].sort()).toEqual([
            'attempt',
            'call',
            'token',
          ]);
        },
      ),
      runs(200),
    );
    console.log('[hardening:bad-input] lead details answers:', JSON.stringify(tally));
    expect(tally['202'] ?? 0).toBeGreaterThan(0);
    expect(tally['400 invalid_body'] ?? 0).toBeGreaterThan(0);
  });
});

describe('booked callbacks', () => {
  it('books only offered, unfilled slots, dials nothing now, and answers every other time with a code', async () => {
    const before = await world.simStats();
    const answers: Record<string, number> = {};
    const booked = new Map<string, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('slots', 'slots', 'support'),
        scheduledForArb,
        async (widgetId, scheduledFor) => {
          const phone = `+91981${String(1_000_000 + n++).slice(-7)}`;
          const answer = await expectWellFormed(
            await world.createCall({ widgetId, phone, scheduledFor }, { ip: '198.51.100.9' }),
          );
          const seen = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
          answers[seen] = (answers[seen] ?? 0) + 1;
          if (answer.status === 202) {
            expect(widgetId).toBe('slots');
            // The same instant, in UTC, whatever offset the visitor wrote it with.
            const start = new Date(Date.parse(scheduledFor as string)).toISOString();
            expect(answer.body).toMatchObject({
              state: 'scheduled',
              scheduledFor: start,
              final: false,
            });
            booked.set(start, (booked.get(start) ?? 0) + 1);
          } else {
            expect([
              'invalid_body',
              'slot_unavailable',
              'scheduling_disabled',
              'too_many_scheduled',
            ]).toContain(answer.code);
          }
        },
      ),
      runs(200),
    );
    console.log('[hardening:bad-input] booking answers:', JSON.stringify(answers));
    // Capacity 2 per slot, and nothing dialled before its time.
    for (const count of booked.values()) expect(count).toBeLessThanOrEqual(2);
    expect((await world.simStats()).connectRequests).toBe(before.connectRequests);
    // Listing: every slot offered is in the future, within 5 days, on the half hour, not full.
    for (const days of ['1', '5', '99', '0', 'x', '-1', '']) {
      const answer = await expectWellFormed(
        await world.request(`/v1/widgets/slots/slots?days=${days}`, {
          headers: { origin: ORIGIN },
        }),
      );
      if (answer.status !== 200) {
        expect(answer.code).toBe('invalid_request');
        continue;
      }
      const { slots } = answer.body as { slots: { start: string; end: string }[] };
      for (const slot of slots) {
        const start = Date.parse(slot.start);
        expect(start % 1_800_000).toBe(0);
        expect(start).toBeGreaterThan(world.sim.clock.now());
        expect(start - world.sim.clock.now()).toBeLessThan(5 * 86_400_000);
        expect(booked.get(slot.start) ?? 0).toBeLessThan(2);
      }
    }
    expect(world.crashes()).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('dials exactly the number the visitor spelled, or refuses with a phone code and no upstream call', async () => {
    const tally: Record<string, { accepted: number; refused: number }> = {};
    await fc.assert(
      fc.asyncProperty(
        phoneCaseArb,
        fc.constantFrom('support', 'intl'),
        async (phone, widgetId) => {
          const before = world.sim.calls().length;
          const answer = await expectWellFormed(
            await world.createCall({ widgetId, phone: phone.text }, { ip: '198.51.100.8' }),
          );
          const placed = world.sim.calls().slice(before);
          tally[phone.kind] ??= { accepted: 0, refused: 0 };
          const t = tally[phone.kind]!;
          if (answer.status === 202) {
            t.accepted++;
            expect(placed).toHaveLength(1);
            // The simulator records numbers as Exotel echoes them: 0-prefixed national form.
            const dialled = placed[0]!.params.to;
            expect(['indian-mobile', 'random']).toContain(phone.kind);
            if (phone.kind === 'indian-mobile') expect(dialled).toBe(`0${phone.national}`);
            else expect(asciiDigits(phone.text).endsWith(dialled.slice(-10))).toBe(true);
            return;
          }
          t.refused++;
          // number_blocked can come from Exotel itself (its NDNC refusal): then it was asked.
          if (answer.code !== 'number_blocked') expect(placed).toHaveLength(0);
          if (phone.text.length === 0 || phone.text.length > 32)
            expect(answer.code).toBe('invalid_body');
          else expect(PHONE_REFUSALS.has(answer.code!), `code ${answer.code}`).toBe(true);
          if (phone.kind === 'premium')
            expect(
              widgetId === 'intl'
                ? ['number_type_not_allowed', 'invalid_phone']
                : ['country_not_allowed', 'number_type_not_allowed', 'invalid_phone'],
            ).toContain(answer.code);
        },
      ),
      runs(300),
    );
    console.log('[hardening:bad-input] phone cases (accepted/refused):', JSON.stringify(tally));
    // The generators must reach both sides, or the property proves little.
    expect(tally['indian-mobile']?.accepted).toBeGreaterThan(0);
    expect(tally.premium?.refused).toBeGreaterThan(0);
    for (const kind of ['premium', 'too-long', 'empty', 'look-alike'])
      expect(tally[kind]?.accepted ?? 0, kind).toBe(0);
  });

  it('treats fullwidth, Arabic-Indic and Indian-script digits as the same number, and refuses look-alike letters', async () => {
    // A world of its own: the number must have no live call from another test.
    const own = await createWorld();
    try {
      const spellings = [
        '+919812345678',
        '＋９１９８１２３４５６７８',
        '٩٨١٢٣٤٥٦٧٨',
        '+९१ ९८१२३ ४५६७८',
        '৯৮১২৩ ৪৫৬৭৮',
        '+91 98123\u00a045678',
      ];
      const before = own.sim.calls().length;
      const first = await own.createCall({ widgetId: 'support', phone: spellings[0]! });
      expect(first.status).toBe(202);
      // Every other spelling is the same number, which already has a live call.
      for (const phone of spellings.slice(1)) {
        const answer = await expectWellFormed(await own.createCall({ widgetId: 'support', phone }));
        expect(answer.code, phone).toBe('call_in_progress');
      }
      expect(
        own.sim
          .calls()
          .slice(before)
          .map((c) => c.params.to),
      ).toEqual(['09812345678']);
      for (const phone of [
        '+91 98123 4567O',
        '+91 98l2345678',
        '+91 9812З45678',
        '+919812345678\u202e',
      ]) {
        const answer = await expectWellFormed(await own.createCall({ widgetId: 'support', phone }));
        expect(answer.code, phone).toBe('invalid_phone');
      }
    } finally {
      await own.close();
    }
  });

  it('refuses premium-rate and shared-cost ranges of every listed country', async () => {
    const before = await world.simStats();
    for (const range of PAID_RANGES) {
      const answer = await expectWellFormed(
        await world.createCall({ widgetId: 'intl', phone: `${range} 1234567`.slice(0, 20) }),
      );
      expect(['number_type_not_allowed', 'invalid_phone'], range).toContain(answer.code);
    }
    expect((await world.simStats()).connectRequests).toBe(before.connectRequests);
  });
});

describe('bounded memory', () => {
  /** A body produced on demand, counting how much of it the server actually pulled. */
  function endlessBody(chunkBytes: number, totalBytes: number) {
    const chunk = new Uint8Array(chunkBytes).fill(0x39);
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= totalBytes) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { stream, counter };
  }

  it('refuses 2,000 oversized and garbage requests without reading past the caps or growing the heap', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const CHUNK = 16 * 1024;
    const callbackPath = `/v1/exotel/status-callback?call=${real.id}&token=${real.token}`;
    const before = await world.simStats();
    const maxPulled = { create: 0, callback: 0 };
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) {
      const kind = i % 4;
      if (kind === 0 || kind === 1) {
        // 4 MiB offered to the 8 KiB create cap and the 64 KiB callback cap.
        const { stream, counter } = endlessBody(CHUNK, 4 * 1024 * 1024);
        const create = kind === 0;
        const response = await world.request(create ? '/v1/calls' : callbackPath, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: ORIGIN,
            'idempotency-key': newKey('mem'),
          },
          body: stream,
        });
        const answer = await expectWellFormed(response);
        expect(answer).toMatchObject({ status: 413, code: 'body_too_large' });
        const which = create ? 'create' : 'callback';
        maxPulled[which] = Math.max(maxPulled[which], counter.pulled);
      } else {
        const garbage = new Uint8Array(6000).map((_, j) => (i * 31 + j * 7) & 0xff);
        const response = await world.request(kind === 2 ? '/v1/calls' : callbackPath, {
          method: 'POST',
          headers: {
            'content-type': kind === 2 ? 'application/json' : 'multipart/form-data; boundary=zz',
            origin: ORIGIN,
            'idempotency-key': newKey('mem'),
          },
          body: garbage,
        });
        expect((await expectWellFormed(response)).status).toBe(400);
      }
    }
    gc?.();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    console.log(
      `[hardening:bad-input] 2,000 hostile bodies: heap growth ${growthMb.toFixed(1)} MB` +
        ` (gc ${gc ? 'forced' : 'not exposed'}); most read of a 4 MiB body:` +
        ` create ${maxPulled.create} B, callback ${maxPulled.callback} B`,
    );
    expect(growthMb).toBeLessThan(64);
    // Reading stops within a chunk of the cap: nothing is buffered whole.
    expect(maxPulled.create).toBeLessThanOrEqual(8192 + 2 * CHUNK);
    expect(maxPulled.callback).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
    expect((await world.simStats()).connectRequests).toBe(before.connectRequests);
    expect(world.crashes()).toEqual([]);
  });
});

describe('broken HTTP', () => {
  /**
   * Writes raw bytes and returns what the server answered before the connection closed.
   * `keepOpen` leaves the client's side open (a body still "on its way") until the server
   * closes; `hangUpWhen` drops the connection once that holds.
   */
  function raw(
    url: string,
    text: string,
    options: { keepOpen?: boolean; hangUpWhen?: () => boolean } = {},
  ): Promise<string> {
    return new Promise((resolve) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.once('close', () => resolve(answer));
      socket.once('error', () => resolve(answer));
      socket.write(text, async () => {
        if (options.hangUpWhen) {
          await until(options.hangUpWhen);
          socket.destroy();
        } else if (!options.keepOpen) socket.end();
      });
    });
  }
  /** Polls a condition another party makes true; bounded, so a failure fails. */
  async function until(condition: () => boolean) {
    for (let i = 0; i < 4000 && !condition(); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(condition()).toBe(true);
  }
  const createHead = (length: number) =>
    `POST /v1/calls HTTP/1.1\r\nHost: ringback.test\r\nContent-Type: application/json\r\n` +
    `Origin: ${ORIGIN}\r\nIdempotency-Key: ${newKey('raw')}\r\nContent-Length: ${length}\r\n\r\n`;

  it('refuses a declared 1 GB body, an 8 MiB chunked body, garbage and huge headers, and keeps serving', async () => {
    const http = await createWorld({ http: true });
    try {
      const status = (answer: string) => Number(answer.slice(9, 12));
      const declared = await raw(http.url, `${createHead(1_000_000_000)}{"widgetId":`, {
        keepOpen: true,
      });
      expect(status(declared)).toBe(413);
      expect(declared).toContain('"code":"body_too_large"');
      for (const garbage of [
        'GARBAGE\r\n\r\n',
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
        'POST /v1/calls HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
        'GET /v1/calls/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
      ]) {
        const answer = await raw(http.url, garbage);
        expect(status(answer), JSON.stringify(garbage.slice(0, 40))).toBeGreaterThanOrEqual(400);
        expect(status(answer)).toBeLessThan(500);
      }
      let chunks = 0;
      const eightMiB = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (++chunks > 512) return controller.close();
          controller.enqueue(new Uint8Array(16_384).fill(0x20));
        },
      });
      const chunked = await fetch(`${http.url}/v1/calls`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          'idempotency-key': newKey(),
        },
        body: eightMiB,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toMatchObject({ code: 'body_too_large' });

      expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
      const served = await http.createCall({ widgetId: 'support', phone: '+919812345678' });
      expect(served.status).toBe(202);
      expect(http.statuses.filter((s) => s >= 500)).toEqual([]);
      expect(http.crashes()).toEqual([]);
    } finally {
      await http.close();
    }
  });

  // A client disconnecting mid-body once surfaced as 500 internal_error plus an error
  // log line per request: a free way to flood the operator's error log.
  it('a client hanging up mid-body is refused without a 5xx or an error log', async () => {
    const http = await createWorld({ http: true });
    try {
      await raw(http.url, `${createHead(500)}{"widgetId":"support",`, {
        hangUpWhen: () => http.started() === 1,
      });
      // The answer cannot reach a closed socket; wait until the server has produced it.
      await until(() => http.statuses.length === 1);
      expect(http.statuses[0]).toBeLessThan(500);
      expect(http.crashes()).toEqual([]);
    } finally {
      await http.close();
    }
  });
});
