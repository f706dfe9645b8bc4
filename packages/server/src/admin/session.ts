// `/v1/admin/session`: log in (a session cookie and its CSRF token), who is signed in,
// log out.

import type { components } from '@ringback/protocol';
import { sha256Base64url } from '#crypto';
import type { Logger } from '../domain/logger.js';
import { type FieldError, Problem } from '../domain/problem.js';
import type { ResolvedConfig, ResolvedConsole } from '../domain/ResolvedConfig.js';
import type { RateCheck, Store } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { readJsonBody } from '../http/readBody.js';
import { hasControlCharacters } from '../policies/hasControlCharacters.js';
import { ipRateKey } from '../policies/ipRateKey.js';
import { audit } from './audit.js';
import { checkOrigin, type Operator, randomToken, sessionId } from './authenticate.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { sessionCookie } from './sessionCookie.js';

type AdminSession = components['schemas']['AdminSession'];

export function sessionBody(operator: Operator): AdminSession {
  const { session } = operator;
  return {
    email: operator.actor,
    role: operator.role,
    csrfToken: session?.csrfToken ?? null,
    expiresAt: session ? new Date(session.expiresAt).toISOString() : null,
  };
}

/** `LogInRequest`, strictly: unknown fields refused, each problem named. */
export function validateLogIn(body: unknown): { email: string; password: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new Problem('invalid_body', 'The request body must be a JSON object.', {
      errors: [{ path: '', message: 'must be an object' }],
    });
  const input = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key of Object.keys(input))
    if (key !== 'email' && key !== 'password')
      errors.push({ path: `/${encodeURIComponent(key).slice(0, 64)}`, message: 'unknown field' });
  const text = (key: string, min: number, max: number) => {
    const value = input[key];
    if (value === undefined) errors.push({ path: `/${key}`, message: 'is required' });
    else if (typeof value !== 'string' || value.length < min || value.length > max)
      errors.push({ path: `/${key}`, message: `must be a string of ${min} to ${max} characters` });
  };
  text('email', 3, 254);
  text('password', 1, 1024);
  if (typeof input.email === 'string' && hasControlCharacters(input.email))
    errors.push({ path: '/email', message: 'must not hold control characters' });
  if (errors.length > 0)
    throw new Problem(
      'invalid_body',
      `The request body has ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}.`,
      { errors },
    );
  return { email: input.email as string, password: input.password as string };
}

/**
 * Log-in attempts per address and per email tried, successful ones included. Resolves
 * `undefined` when the attempt may go on, else the refusal and whether it is the first
 * for this address and email in the window (only that one is audited: attempts refused
 * before any password is checked must not fill the audit log at request rate).
 */
async function throttle(
  store: Store,
  limits: ResolvedConsole['loginLimits'],
  ip: string,
  email: string,
  now: number,
): Promise<{ refusal: Problem; first: boolean } | undefined> {
  const { address, account } = limits;
  // The email is hashed: the rate entries are no list of who tried to log in.
  const who = await sha256Base64url(`ringback/login/v1:${email}`);
  const checks: RateCheck[] = [
    {
      key: `login-ip:${ipRateKey(ip)}:${address.windowSeconds}`,
      limit: address.limit,
      windowMs: address.windowSeconds * 1000,
    },
    {
      key: `login-account:${who}:${account.windowSeconds}`,
      limit: account.limit,
      windowMs: account.windowSeconds * 1000,
    },
  ];
  const result = await store.consumeRateLimits(checks, now);
  if (result.allowed) return undefined;
  const wait = Math.max(...result.denied.map((d) => d.retryAfterMs));
  const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
  const refusal = new Problem(
    'rate_limited',
    `Too many log-in attempts; try again in ${retryAfterSeconds} seconds.`,
    { limit: 'login', retryAfterSeconds },
  );
  const once = await store.consumeRateLimits(
    [{ key: `login-refused:${ipRateKey(ip)}:${who}`, limit: 1, windowMs: wait }],
    now,
  );
  return { refusal, first: once.allowed };
}

export interface LogInContext {
  config: ResolvedConfig;
  console: ResolvedConsole;
  store: Store;
  logger: Logger;
  now(): number;
  /** The server's own origin (`publicBaseUrl`'s). */
  ownOrigin: string;
}

/**
 * `POST /v1/admin/session`. A wrong email and a wrong password are one answer, after one
 * scrypt each (an unknown email is checked against a decoy with the same cost). Every
 * attempt is audited once the email is known.
 */
export async function logIn(
  ctx: LogInContext,
  request: Request,
  ip: string,
  headers: Headers,
): Promise<Response> {
  const { console, store } = ctx;
  checkOrigin(request, ctx.ownOrigin);
  const { email: typed, password } = validateLogIn(
    await readJsonBody(request, ctx.config.maxBodyBytes),
  );
  const email = typed.trim().toLowerCase();
  const record = (outcome: string, role: Operator['role'] | null) =>
    audit(store, ctx.logger, ctx.now(), {
      actor: email.slice(0, 254),
      role,
      action: outcome === 'ok' ? 'log-in' : 'log-in-failed',
      target: null,
      ip,
      outcome,
    });
  const throttled = await throttle(store, console.loginLimits, ip, email, ctx.now());
  if (throttled) {
    if (throttled.first) await record(throttled.refusal.code, null);
    throw throttled.refusal;
  }
  const operator = console.operators.get(email);
  const hash = operator?.passwordHash ?? decoy(console);
  const matches = await verifyPassword(hash, password);
  if (!operator || !matches) {
    await record('invalid_credentials', null);
    throw new Problem('invalid_credentials', 'The email or the password is wrong.');
  }
  const token = randomToken();
  const now = ctx.now();
  const session = {
    id: await sessionId(token),
    email: operator.email,
    csrfToken: randomToken(),
    createdAt: now,
    expiresAt: now + console.sessionMs,
  };
  await store.createSession(session);
  await record('ok', operator.role);
  headers.set('set-cookie', sessionCookie(ctx.config, token, Math.floor(console.sessionMs / 1000)));
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  const body = sessionBody({ actor: operator.email, role: operator.role, session });
  return new BufferedResponse(JSON.stringify(body), { status: 200, headers });
}

const decoys = new WeakMap<ResolvedConsole, string>();
/** One decoy per configuration, with the first operator's scrypt cost. */
function decoy(console: ResolvedConsole): string {
  let hash = decoys.get(console);
  if (!hash) {
    hash = decoyHash([...console.operators.values()][0]?.passwordHash);
    decoys.set(console, hash);
  }
  return hash;
}
