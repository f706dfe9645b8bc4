import { CallSessionError } from './CallSessionError.js';
import { toDate } from './toDate.js';
import type { Problem } from './types.js';

/** Turns a failed proxy response into a `CallSessionError`. */
export function errorFromResponse({ status, headers }: Response, body: unknown): CallSessionError {
  const problem = body as Partial<Problem> | null | undefined;
  if (typeof problem?.code !== 'string') {
    return new CallSessionError({ code: 'unexpected_response', message: `HTTP ${status}`, status });
  }
  const header = Number(headers.get('Retry-After'));
  const retryAfter = problem.retryAfterSeconds ?? (header > 0 ? header : undefined);
  return new CallSessionError({
    code: problem.code,
    message: problem.detail ?? problem.title ?? problem.code,
    status,
    retryAt: toDate(retryAfter && Date.now() + retryAfter * 1000),
    limit: problem.limit,
    nextOpening: toDate(problem.nextOpening),
    fields: problem.errors,
  });
}

/** The error for a request that got no answer. */
export const networkError = (cause: unknown): CallSessionError =>
  new CallSessionError({
    code: 'network_error',
    message: 'No answer from the endpoint',
    cause,
  });
