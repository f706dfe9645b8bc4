/** What went wrong, in terms a caller can act on. */
export type ExotelErrorKind =
  | 'auth'
  | 'payment'
  | 'forbidden'
  | 'rate_limited'
  | 'invalid_request'
  | 'not_found'
  | 'server'
  | 'network'
  | 'timeout';

/** Why Exotel refused a call with 403, when its message says so. */
export type ExotelForbiddenReason = 'ndnc' | 'kyc';

export interface ExotelErrorInit {
  kind: ExotelErrorKind;
  message: string;
  status?: number;
  code?: number;
  reason?: ExotelForbiddenReason;
  retryAfterMs?: number;
  mayHaveReachedExotel: boolean;
  cause?: unknown;
}

/**
 * Every failure of the Exotel client. Never carries credentials: messages are built
 * from Exotel's answer or the transport error, not from the request.
 */
export class ExotelError extends Error {
  override readonly name = 'ExotelError';
  readonly kind: ExotelErrorKind;
  /** The HTTP status Exotel answered with; absent for network errors and timeouts. */
  readonly status?: number;
  /** Exotel's numeric `RestException.Code`, when it sent one. */
  readonly code?: number;
  /** For `forbidden`: the number is on India's do-not-call registry, or the account is not KYC compliant. */
  readonly reason?: ExotelForbiddenReason;
  /** From `Retry-After` on a 429, when Exotel sent one (it often does not). */
  readonly retryAfterMs?: number;
  /**
   * False only when the request provably never reached Exotel (connection refused,
   * DNS failure), so re-sending cannot place a second call.
   */
  readonly mayHaveReachedExotel: boolean;

  constructor(init: ExotelErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.mayHaveReachedExotel = init.mayHaveReachedExotel;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.reason !== undefined) this.reason = init.reason;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

export function isExotelError(value: unknown): value is ExotelError {
  return value instanceof ExotelError;
}
