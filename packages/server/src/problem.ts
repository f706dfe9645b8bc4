import type { components } from './generated/ringback.js';

export type ProblemCode = components['schemas']['ProblemCode'];
export type ProblemBody = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

const PROBLEM_BASE = 'https://ringback.dev/problems/';

/** The HTTP status and title of each problem code; the spec's `ProblemCode` table. */
export const PROBLEMS: Record<ProblemCode, { status: number; title: string }> = {
  invalid_body: { status: 400, title: 'Invalid request body' },
  body_too_large: { status: 413, title: 'Body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  idempotency_key_required: { status: 400, title: 'Idempotency key required' },
  idempotency_key_invalid: { status: 400, title: 'Invalid idempotency key' },
  idempotency_key_reused: { status: 409, title: 'Idempotency key reused' },
  widget_not_found: { status: 404, title: 'Widget not found' },
  call_not_found: { status: 404, title: 'Call not found' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  origin_not_allowed: { status: 403, title: 'Origin not allowed' },
  verification_required: { status: 403, title: 'Verification required' },
  verification_failed: { status: 403, title: 'Verification failed' },
  verification_unavailable: { status: 503, title: 'Verification unavailable' },
  closed: { status: 403, title: 'Closed' },
  invalid_phone: { status: 422, title: 'Invalid phone number' },
  country_not_allowed: { status: 422, title: 'Country not allowed' },
  number_type_not_allowed: { status: 422, title: 'Number type not allowed' },
  number_blocked: { status: 422, title: 'Number cannot be called' },
  rate_limited: { status: 429, title: 'Too many calls' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  upstream_unavailable: { status: 502, title: 'Telephony provider unavailable' },
  invalid_last_event_id: { status: 400, title: 'Invalid Last-Event-ID' },
  invalid_callback: { status: 400, title: 'Invalid callback' },
  callback_forbidden: { status: 403, title: 'Callback forbidden' },
  shutting_down: { status: 503, title: 'Shutting down' },
  internal_error: { status: 500, title: 'Internal error' },
};

/** Extra members of a problem, beyond the RFC 9457 ones and `code`. */
export type ProblemExtras = Partial<
  Pick<ProblemBody, 'errors' | 'retryAfterSeconds' | 'limit' | 'nextOpening'>
> & { status?: number };

/**
 * A refusal on its way to becoming a response. Thrown inside handlers and turned into
 * `application/problem+json` at the edge, so a policy can stop a request from anywhere.
 */
export class Problem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly detail: string;
  readonly extras: ProblemExtras;

  constructor(
    code: ProblemCode,
    detail: string,
    extras: ProblemExtras = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = 'Problem';
    this.code = code;
    this.status = extras.status ?? PROBLEMS[code].status;
    this.detail = detail;
    this.extras = extras;
  }

  toJSON(): ProblemBody {
    const { status: _status, ...extras } = this.extras;
    return {
      type: `${PROBLEM_BASE}${this.code}`,
      title: PROBLEMS[this.code].title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...extras,
    };
  }

  toResponse(headers?: HeadersInit): Response {
    const h = new Headers(headers);
    h.set('content-type', 'application/problem+json');
    h.set('cache-control', 'no-store');
    if (this.extras.retryAfterSeconds !== undefined) {
      h.set('retry-after', String(this.extras.retryAfterSeconds));
    }
    return new Response(JSON.stringify(this.toJSON()), { status: this.status, headers: h });
  }
}

export function problemResponse(
  code: ProblemCode,
  detail: string,
  extras?: ProblemExtras,
  headers?: HeadersInit,
): Response {
  return new Problem(code, detail, extras).toResponse(headers);
}
