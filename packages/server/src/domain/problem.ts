import { type FieldError, PROBLEMS, type ProblemBody, type ProblemCode } from '@ringback/protocol';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';

export { type FieldError, PROBLEMS, type ProblemBody, type ProblemCode };

const PROBLEM_BASE = 'https://ringback.dev/problems/';

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
    // A refusal is an answer, not a fault: its stack would never be read, and capturing
    // one is a large share of refusing a request (a flood of refusals must stay cheap).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(detail, options);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
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

  /**
   * The `application/problem+json` answer. A `Headers` passed in becomes the answer's
   * own (and is added to), not a copy: pass one made for this answer.
   */
  toResponse(headers?: HeadersInit): Response {
    const h = headers instanceof Headers ? headers : new Headers(headers);
    h.set('content-type', 'application/problem+json');
    h.set('cache-control', 'no-store');
    if (this.extras.retryAfterSeconds !== undefined) {
      h.set('retry-after', String(this.extras.retryAfterSeconds));
    }
    return new BufferedResponse(JSON.stringify(this.toJSON()), { status: this.status, headers: h });
  }
}
