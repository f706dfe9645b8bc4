// The operator API's doors: log-in, sessions, CSRF, roles, API tokens, throttling, the
// audit log, and the wall between it and the widget's endpoints. Real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/store/memoryStore.js';
import {
  ADMIN,
  adminFetch,
  apiTokens,
  logIn,
  OPERATOR,
  PASSWORD,
  runToEnd,
  type Session,
  startAdminHarness,
  tokenFetch,
  VIEWER,
  visitorCall,
} from './adminHarness.js';
import { type Harness, ORIGIN, startHarness } from './harness.js';

const GROUP = {
  from: undefined,
  agents: [
    { id: 'priya', number: '+919000000011', name: 'Priya' },
    { id: 'arjun', number: '+919000000012', name: 'Arjun' },
  ],
};
const NO_VISITOR_LIMITS = {
  ip: [{ limit: 1000, windowSeconds: 60 }],
  number: [{ limit: 1000, windowSeconds: 60 }],
  distinctNumbersPerIp: [{ limit: 1000, windowSeconds: 60 }],
};

let h: Harness;
let admin: Session;
let operator: Session;
let viewer: Session;

beforeAll(async () => {
  h = await startAdminHarness({
    widget: { ...GROUP, limits: NO_VISITOR_LIMITS },
    console: {
      sessionSeconds: 3600,
      loginLimits: { address: { limit: 100, windowSeconds: 900 } },
    },
  });
  [admin, operator, viewer] = await Promise.all([
    logIn(h, ADMIN),
    logIn(h, OPERATOR),
    logIn(h, VIEWER),
  ]);
});
afterAll(async () => {
  await h?.close();
});

const problem = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as { code: string; limit?: string; errors?: unknown[] };
};

const ADMIN_PATHS = [
  ['GET', '/v1/admin/session'],
  ['DELETE', '/v1/admin/session'],
  ['GET', '/v1/admin/calls'],
  ['GET', '/v1/admin/calls.csv'],
  ['GET', '/v1/admin/calls/call_AAAAAAAAAAAAAAAAAAAAAAAA'],
  ['POST', '/v1/admin/calls/call_AAAAAAAAAAAAAAAAAAAAAAAA/callback'],
  ['GET', '/v1/admin/stats?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z'],
  ['GET', '/v1/admin/agents'],
  ['PUT', '/v1/admin/agents/priya/availability'],
  ['GET', '/v1/admin/events'],
  ['GET', '/v1/admin/webhook-deliveries'],
  ['POST', '/v1/admin/webhook-deliveries/msg_x/redeliver'],
  ['GET', '/v1/admin/audit'],
] as const;

describe('log-in and sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie on the mount path and answers the session with its CSRF token', async () => {
    const response = await fetch(`${h.url}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Ravi@Shop.Example', password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // http://127.0.0.1 is this machine: no Secure, or the browser would drop the cookie.
    expect(response.headers.get('set-cookie')).toMatch(
      /^rb_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=3600$/,
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      email: OPERATOR,
      role: 'operator',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(h.sim.clock.now() + 3_600_000).toISOString(),
    });

    const me = await adminFetch(h, operator, '/v1/admin/session');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      email: OPERATOR,
      role: 'operator',
      csrfToken: operator.csrf,
    });
  });

  it('refuses every operator endpoint without a session, and with a made-up one', async () => {
    for (const cookie of [undefined, 'rb_session=nope', `rb_session=${'A'.repeat(43)}`]) {
      for (const [method, path] of ADMIN_PATHS) {
        const response = await fetch(`${h.url}${path}`, {
          method,
          headers: cookie ? { cookie } : {},
        });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect((await problem(response)).code).toBe('unauthenticated');
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
      }
    }
  });

  it('ends a session at its expiry (the injected clock), and on log-out', async () => {
    const short = await startAdminHarness({ console: { sessionSeconds: 300 } });
    try {
      const session = await logIn(short, VIEWER);
      expect((await adminFetch(short, session, '/v1/admin/calls')).status).toBe(200);
      await short.sim.clock.advance(299_000);
      expect((await adminFetch(short, session, '/v1/admin/calls')).status).toBe(200);
      await short.sim.clock.advance(1000);
      const expired = await adminFetch(short, session, '/v1/admin/calls');
      expect(expired.status).toBe(401);
      expect((await problem(expired)).code).toBe('unauthenticated');

      const again = await logIn(short, VIEWER);
      const out = await adminFetch(short, again, '/v1/admin/session', { method: 'DELETE' });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toBe(
        'rb_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
      );
      expect((await adminFetch(short, again, '/v1/admin/calls')).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('logs out an operator removed from the configuration, on every instance sharing the store', async () => {
    const store = createMemoryStore();
    const before = await startAdminHarness({ config: { store } });
    const after = await startAdminHarness({
      config: { store },
      console: {
        operators: (
          await import('./adminHarness.js').then((m) => m.consoleConfig())
        ).operators.filter((o) => o.email !== VIEWER),
      },
    });
    try {
      const session = await logIn(before, VIEWER);
      expect((await adminFetch(before, session, '/v1/admin/session')).status).toBe(200);
      expect((await adminFetch(after, session, '/v1/admin/session')).status).toBe(401);
      // Revoked in the shared store, not merely refused by the second instance.
      expect((await adminFetch(before, session, '/v1/admin/session')).status).toBe(401);
    } finally {
      await before.close();
      await after.close();
    }
  });
});

describe('wrong credentials and throttling', () => {
  it('answers a wrong password and an unknown email alike, then throttles the account (429, limit login)', async () => {
    const t = await startAdminHarness({
      console: { loginLimits: { account: { limit: 3, windowSeconds: 900 } } },
    });
    try {
      const attempt = (email: string, password: string) =>
        fetch(`${t.url}/v1/admin/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      const wrong = await attempt(ADMIN, 'not the password');
      const unknown = await attempt('nobody@shop.example', PASSWORD);
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const [a, b] = [await problem(wrong), await problem(unknown)];
      expect(a).toEqual(b);
      expect(a.code).toBe('invalid_credentials');

      expect((await attempt(ADMIN, 'still wrong')).status).toBe(401);
      expect((await attempt(ADMIN, 'again wrong')).status).toBe(401);
      // The account's 3 attempts are spent: even the right password waits now.
      const throttled = await attempt(ADMIN, PASSWORD);
      expect(throttled.status).toBe(429);
      // Refused again: audited once per address and account in the window, not per request.
      expect((await attempt(ADMIN, 'whatever')).status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await problem(throttled)).toMatchObject({ code: 'rate_limited', limit: 'login' });
      // Another account from the same address is not held back by it.
      expect((await attempt(VIEWER, PASSWORD)).status).toBe(200);
      // After the window, the right password works again.
      await t.sim.clock.advance(900_000);
      expect((await attempt(ADMIN, PASSWORD)).status).toBe(200);

      const session = await logIn(t, ADMIN);
      const audit = (await (await adminFetch(t, session, '/v1/admin/audit?limit=200')).json()) as {
        entries: { action: string; actor: string; outcome: string; role: string | null }[];
      };
      const seen = audit.entries.map((e) => `${e.action} ${e.actor} ${e.outcome}`).reverse();
      expect(seen).toEqual([
        `log-in-failed ${ADMIN} invalid_credentials`,
        'log-in-failed nobody@shop.example invalid_credentials',
        `log-in-failed ${ADMIN} invalid_credentials`,
        `log-in-failed ${ADMIN} invalid_credentials`,
        `log-in-failed ${ADMIN} rate_limited`,
        `log-in ${VIEWER} ok`,
        `log-in ${ADMIN} ok`,
        `log-in ${ADMIN} ok`,
      ]);
    } finally {
      await t.close();
    }
  });

  it('throttles one address trying many accounts', async () => {
    const t = await startAdminHarness({
      console: { loginLimits: { address: { limit: 3, windowSeconds: 600 } } },
    });
    try {
      const statuses: number[] = [];
      for (const email of ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example']) {
        const response = await fetch(`${t.url}/v1/admin/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'guess-guess-guess' }),
        });
        statuses.push(response.status);
        if (response.status === 429) expect((await problem(response)).limit).toBe('login');
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  it('refuses malformed log-in bodies with named errors, before any password is checked', async () => {
    const send = (body: string, type = 'application/json') =>
      fetch(`${h.url}/v1/admin/session`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
    const bad = await send(JSON.stringify({ email: ADMIN, password: PASSWORD, role: 'admin' }));
    expect(bad.status).toBe(400);
    expect(await problem(bad)).toMatchObject({
      code: 'invalid_body',
      errors: [{ path: '/role', message: 'unknown field' }],
    });
    expect((await send('{"email":')).status).toBe(400);
    expect((await send('email=a&password=b', 'application/x-www-form-urlencoded')).status).toBe(
      415,
    );
    expect((await send(JSON.stringify({ email: ADMIN, password: 'x'.repeat(9000) }))).status).toBe(
      413,
    );
  });
});

describe('CSRF and origins', () => {
  it('refuses a cookie-made change without the CSRF token, with a wrong one, or from another origin, and changes nothing', async () => {
    const agents = async () =>
      (
        (await (await adminFetch(h, admin, '/v1/admin/agents')).json()) as {
          agents: { id: string; availability: string }[];
        }
      ).agents.find((a) => a.id === 'priya')!.availability;
    const away = { method: 'PUT', body: { availability: 'away' } };
    for (const [init, why] of [
      [{ ...away, csrf: null }, 'no token'],
      [{ ...away, csrf: 'x'.repeat(43) }, 'wrong token'],
      [{ ...away, csrf: viewer.csrf }, "another session's token"],
      [{ ...away, headers: { origin: 'https://evil.example' } }, 'another origin'],
    ] as const) {
      const response = await adminFetch(h, operator, '/v1/admin/agents/priya/availability', init);
      expect(response.status, why).toBe(403);
      expect((await problem(response)).code, why).toBe('csrf_failed');
      expect(await agents(), why).toBe('available');
    }
    // The same change with the token, from the console's own origin, goes through.
    const ok = await adminFetch(h, operator, '/v1/admin/agents/priya/availability', {
      ...away,
      headers: { origin: h.url },
    });
    expect(ok.status).toBe(200);
    expect(await agents()).toBe('away');
    await adminFetch(h, operator, '/v1/admin/agents/priya/availability', {
      method: 'PUT',
      body: { availability: 'available' },
    });

    // Logging out is a change too.
    const out = await adminFetch(h, viewer, '/v1/admin/session', { method: 'DELETE', csrf: null });
    expect(out.status).toBe(403);
    expect((await adminFetch(h, viewer, '/v1/admin/session')).status).toBe(200);
  });

  it('refuses a log-in posted from another origin', async () => {
    const response = await fetch(`${h.url}/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect((await problem(response)).code).toBe('csrf_failed');
  });
});

describe('roles and API tokens', () => {
  it('lets a viewer read but not call back, and only an admin read the audit log', async () => {
    const id = await visitorCall(h, '+919812300001');
    await runToEnd(h, id);
    const before = h.sim.calls().length;
    const refused = await adminFetch(h, viewer, `/v1/admin/calls/${id}/callback`, {
      method: 'POST',
      headers: { 'idempotency-key': 'viewer-callback-0001' },
    });
    expect(refused.status).toBe(403);
    expect((await problem(refused)).code).toBe('role_forbidden');
    expect(h.sim.calls().length).toBe(before);
    expect((await adminFetch(h, viewer, `/v1/admin/calls/${id}`)).status).toBe(200);

    expect((await adminFetch(h, operator, '/v1/admin/audit')).status).toBe(403);
    const log = await adminFetch(h, admin, '/v1/admin/audit');
    expect(log.status).toBe(200);
    const { entries } = (await log.json()) as {
      entries: {
        action: string;
        actor: string;
        role: string;
        target: string;
        outcome: string;
        ip: string;
      }[];
    };
    expect(entries[0]).toMatchObject({
      action: 'call-back',
      actor: VIEWER,
      role: 'viewer',
      target: id,
      outcome: 'role_forbidden',
      ip: '127.0.0.1',
    });
  });

  it('takes an API token without a CSRF token, with its own role, and refuses anything else', async () => {
    const { viewer: viewerToken, operator: operatorToken } = await apiTokens();
    const me = await tokenFetch(h, viewerToken.token, '/v1/admin/session');
    expect(await me.json()).toEqual({
      email: 'ci-viewer',
      role: 'viewer',
      csrfToken: null,
      expiresAt: null,
    });
    expect((await tokenFetch(h, viewerToken.token, '/v1/admin/calls')).status).toBe(200);
    const forbidden = await tokenFetch(
      h,
      viewerToken.token,
      '/v1/admin/agents/arjun/availability',
      {
        method: 'PUT',
        body: { availability: 'away' },
      },
    );
    expect((await problem(forbidden)).code).toBe('role_forbidden');
    const set = await tokenFetch(h, operatorToken.token, '/v1/admin/agents/arjun/availability', {
      method: 'PUT',
      body: { availability: 'away' },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ id: 'arjun', availability: 'away' });
    await tokenFetch(h, operatorToken.token, '/v1/admin/agents/arjun/availability', {
      method: 'PUT',
      body: { availability: 'available' },
    });

    for (const authorization of [
      `Bearer rbk_${'A'.repeat(43)}`,
      `Bearer ${viewerToken.token}x`,
      `Basic ${btoa(`${ADMIN}:${PASSWORD}`)}`,
      viewerToken.token,
    ]) {
      const response = await fetch(`${h.url}/v1/admin/calls`, {
        headers: { authorization, cookie: admin.cookie },
      });
      // A bad Authorization is refused even alongside a good cookie.
      expect(response.status, authorization.slice(0, 12)).toBe(401);
    }
    const logOut = await tokenFetch(h, viewerToken.token, '/v1/admin/session', {
      method: 'DELETE',
    });
    expect((await problem(logOut)).code).toBe('unauthenticated');
  });
});

describe('the wall between the widget and the operator API', () => {
  it("opens nothing with a visitor's call id or cancel token, and nothing on the widget's side with a session", async () => {
    const created = await h.createCall({ widgetId: 'support', phone: '+919812300002' });
    const { id, cancelToken } = (await created.json()) as { id: string; cancelToken: string };
    for (const headers of [
      { authorization: `Bearer ${cancelToken}` } as Record<string, string>,
      { cookie: `rb_session=${cancelToken}` },
      { cookie: `rb_session=${id}` },
    ]) {
      const response = await fetch(`${h.url}/v1/admin/calls/${id}`, { headers });
      expect(response.status).toBe(401);
    }
    // A session cancels no visitor's call: the widget's endpoint wants the cancel token.
    const cancel = await fetch(`${h.url}/v1/calls/${id}`, {
      method: 'DELETE',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: ORIGIN },
    });
    expect(cancel.status).toBe(403);
    expect((await problem(cancel)).code).toBe('cancel_forbidden');
    await runToEnd(h, id);
  });

  it('answers no CORS, not even a preflight, and never lets a response be cached', async () => {
    const preflight = await fetch(`${h.url}/v1/admin/calls`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await adminFetch(h, admin, '/v1/admin/calls', { headers: { origin: ORIGIN } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('cache-control')).toBe('no-store');
  });

  it('is not there at all without `console`', async () => {
    const plain = await startHarness();
    try {
      for (const path of ['/v1/admin/session', '/v1/admin/calls', '/console/', '/console']) {
        const response = await fetch(`${plain.url}${path}`);
        expect(response.status, path).toBe(404);
        expect((await problem(response)).code).toBe('not_found');
      }
    } finally {
      await plain.close();
    }
  });
});
