// Who an operator request comes from: a session cookie (with its CSRF token for changes)
// or an API token, resolved against the configuration as it is now, so an operator removed
// from it (or given another role) is so on their next request.
import { sha256Base64url } from '#crypto';
import { base64url } from '../domain/callId.js';
import type { OperatorRole } from '../domain/consoleSchema.js';
import { OPERATOR_ROLES } from '../domain/consoleSchema.js';
import { equalBytes } from '../domain/equalBytes.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedConsole } from '../domain/ResolvedConfig.js';
import type { OperatorSession, Store } from '../domain/Store.js';
import { findApiToken } from './apiTokens.js';
import { sessionTokenOf } from './sessionCookie.js';

/** Someone the operator API knows. */
export interface Operator {
  /** The operator's email, or the API token's name. */
  actor: string;
  role: OperatorRole;
  /** The session, when the request came with the cookie; `undefined` with an API token. */
  session: OperatorSession | undefined;
}

/** 32 random bytes, base64url: session tokens and CSRF tokens. */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** The store keeps a session under the hash of its token: a leaked store opens no session. */
export const sessionId = (token: string) => sha256Base64url(`ringback/session/v1:${token}`);

const unauthenticated = (detail = 'Log in to the console first.') =>
  new Problem('unauthenticated', detail);

/**
 * The operator a request comes from, or `unauthenticated`. An `Authorization` header
 * must hold a configured API token (the cookie is not looked at then); otherwise the
 * session cookie must name a live session of an operator still configured.
 */
export async function authenticate(
  request: Request,
  console: ResolvedConsole,
  store: Store,
  now: number,
): Promise<Operator> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const m = /^Bearer +(\S+)$/i.exec(authorization);
    const token = m ? await findApiToken(console.apiTokens, m[1]!) : undefined;
    if (!token) throw unauthenticated('The API token is not one of the server’s.');
    return { actor: token.name, role: token.role, session: undefined };
  }
  const token = sessionTokenOf(request);
  if (!token || !SESSION_TOKEN.test(token)) throw unauthenticated();
  const id = await sessionId(token);
  const session = await store.getSession(id, now);
  if (!session || session.expiresAt <= now)
    throw unauthenticated('The session has ended; log in again.');
  const operator = console.operators.get(session.email);
  if (!operator) {
    // Removed from the configuration: their sessions end with it.
    await store.deleteSession(id);
    throw unauthenticated('The session has ended; log in again.');
  }
  return { actor: operator.email, role: operator.role, session };
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * A change made with the session cookie must prove it comes from the console: the
 * session's CSRF token in `X-CSRF-Token` (compared in constant time), and no `Origin`
 * other than the server's own. An API token is not sent by browsers on their own, so
 * it needs neither.
 */
export function checkCsrf(request: Request, operator: Operator, ownOrigin: string): void {
  if (SAFE_METHODS.has(request.method) || !operator.session) return;
  checkOrigin(request, ownOrigin);
  const sent = request.headers.get('x-csrf-token') ?? '';
  const encoder = new TextEncoder();
  if (!equalBytes(encoder.encode(sent), encoder.encode(operator.session.csrfToken)))
    throw new Problem(
      'csrf_failed',
      'Send the session’s CSRF token as X-CSRF-Token (from logIn or GET /v1/admin/session).',
    );
}

/** Refuses a request a page of another origin sent (browsers always say so in `Origin`). */
export function checkOrigin(request: Request, ownOrigin: string): void {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== ownOrigin)
    throw new Problem(
      'csrf_failed',
      `Requests from ${origin.slice(0, 100)} are not accepted here.`,
    );
}

/** Refuses an operator whose role is below `least`. */
export function requireRole(operator: Operator, least: OperatorRole): void {
  if (OPERATOR_ROLES.indexOf(operator.role) < OPERATOR_ROLES.indexOf(least))
    throw new Problem(
      'role_forbidden',
      `This needs the ${least} role or more; ${operator.actor} has ${operator.role}.`,
    );
}
