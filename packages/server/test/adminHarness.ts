// The operator API's tests: the harness (real server, real simulator, manual clock) with a
// `console` configured, and a signed-in operator's requests over HTTP.
import { newApiToken } from '../src/admin/apiTokens.js';
import { hashPassword } from '../src/admin/passwords.js';
import type { RingbackConfig } from '../src/domain/RingbackConfig.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';

export const PASSWORD = 'correct horse battery staple';
export const ADMIN = 'asha@shop.example';
export const OPERATOR = 'ravi@shop.example';
export const VIEWER = 'meera@shop.example';

// One scrypt hash (about 0.2 s) serves every operator: each is checked with its own salt anyway.
let hashed: Promise<string> | undefined;
export const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

export interface ApiToken {
  token: string;
  tokenHash: string;
}
let tokens: Promise<{ viewer: ApiToken; operator: ApiToken }> | undefined;
/** Two API tokens: `ci-viewer` (viewer) and `ci-operator` (operator). */
export const apiTokens = () =>
  (tokens ??= Promise.all([newApiToken(), newApiToken()]).then(([viewer, operator]) => ({
    viewer,
    operator,
  })));

export async function consoleConfig(
  overrides: Partial<NonNullable<RingbackConfig['console']>> = {},
): Promise<NonNullable<RingbackConfig['console']>> {
  const hash = await passwordHash();
  const { viewer, operator } = await apiTokens();
  return {
    operators: [
      { email: ADMIN, passwordHash: hash, role: 'admin' },
      { email: OPERATOR, passwordHash: hash, role: 'operator' },
      { email: VIEWER, passwordHash: hash, role: 'viewer' },
    ],
    apiTokens: [
      { name: 'ci-viewer', tokenHash: viewer.tokenHash, role: 'viewer' },
      { name: 'ci-operator', tokenHash: operator.tokenHash, role: 'operator' },
    ],
    ...overrides,
  };
}

export async function startAdminHarness(
  options: HarnessOptions & { console?: Partial<NonNullable<RingbackConfig['console']>> } = {},
): Promise<Harness> {
  return startHarness({
    ...options,
    config: { ...options.config, console: await consoleConfig(options.console) },
  });
}

/** A signed-in operator: the cookie to send and the session's CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
  setCookie: string;
}

export async function logIn(h: Harness, email: string, password = PASSWORD): Promise<Session> {
  const response = await fetch(`${h.url}/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`log-in answered ${response.status}`);
  const setCookie = response.headers.get('set-cookie')!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0]!, csrf: csrfToken, setCookie };
}

/**
 * A request to the operator API as a signed-in operator: the cookie always, and the CSRF
 * token on changes unless `csrf: null` (or another value) is given.
 */
export function adminFetch(
  h: Harness,
  session: Session,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    csrf?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { cookie: session.cookie, ...init.headers };
  const csrf = init.csrf === undefined ? session.csrf : init.csrf;
  if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${h.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** A request with an API token instead of a session. */
export function tokenFetch(
  h: Harness,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** Runs simulated time until the call is final. */
export async function runToEnd(h: Harness, id: string): Promise<{ state: string }> {
  for (let i = 0; i < 40; i++) {
    await h.advance(5000);
    await h.server.idle();
    const call = await h.getCall(id);
    if (call.final) return call;
  }
  throw new Error(`call ${id} never ended`);
}

/** Creates a visitor's call and returns its id. */
export async function visitorCall(
  h: Harness,
  phone: string,
  widgetId = 'support',
): Promise<string> {
  const response = await h.createCall({ widgetId, phone });
  if (response.status !== 202)
    throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
