import type { ProblemCode } from './types.js';

/**
 * A problem code from the proxy, or one the session found itself:
 * `network_error` (the endpoint could not be reached) and `unexpected_response`
 * (an answer that is not the proxy's, such as a gateway's HTML error page).
 */
export type CallSessionErrorCode = ProblemCode | 'network_error' | 'unexpected_response';

export interface CallSessionErrorInit {
  code: CallSessionErrorCode;
  message: string;
  /** HTTP status, when there was a response. */
  status?: number | undefined;
  /** When a retry is allowed again (`rate_limited`, `Retry-After`). */
  retryAt?: Date | null;
  /** With `rate_limited`: which limit was reached. */
  limit?: string | undefined;
  /** With `closed`: when calls are accepted again (`null`: not scheduled). */
  nextOpening?: Date | null;
  /** With `invalid_body`: the fields at fault. */
  fields?: { path: string; message: string }[] | undefined;
  /** `client` when the browser-side check refused it before anything was sent. */
  source?: 'client' | 'server';
  cause?: unknown;
}

/** Why a session could not load its widget or place a call; a value to act on. */
export class CallSessionError extends Error {
  override name = 'CallSessionError';
  // Declared only: the constructor assigns them all at once; a class field would emit a second write.
  declare readonly code: CallSessionErrorCode;
  declare readonly status: number | undefined;
  declare readonly retryAt: Date | null;
  declare readonly limit: string | undefined;
  declare readonly nextOpening: Date | null;
  declare readonly fields: { path: string; message: string }[] | undefined;
  declare readonly source: 'client' | 'server';

  constructor({
    message,
    cause,
    retryAt = null,
    nextOpening = null,
    source = 'server',
    ...rest
  }: CallSessionErrorInit) {
    super(message, { cause });
    Object.assign(this, rest, { retryAt, nextOpening, source });
  }

  /**
   * Whether trying the same thing again can succeed (after `retryAt`, if set): no
   * answer, a rate limit, a server-side failure, or a verification to redo.
   */
  get retryable(): boolean {
    const { code, status } = this;
    return (
      code === 'network_error' || code === 'verification_failed' || status === 429 || status! >= 500
    );
  }
}
