import { CallSessionError } from './CallSessionError.js';
import type { Problem } from './types.js';

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);

/** Turns a failed proxy response into a `CallSessionError`. */
export function errorFromResponse(response: Response, body: unknown): CallSessionError {
  const problem = body as Partial<Problem> | undefined;
  if (!problem || typeof problem !== 'object' || typeof problem.code !== 'string') {
    return new CallSessionError({
      code: 'unexpected_response',
      message: `HTTP ${response.status}`,
      status: response.status,
    });
  }
  const header = Number(response.headers.get('Retry-After'));
  const retryAfter = problem.retryAfterSeconds ?? (header > 0 ? header : undefined);
  return new CallSessionError({
    code: problem.code,
    message: problem.detail ?? problem.title ?? problem.code,
    status: response.status,
    retryAt: retryAfter ? new Date(Date.now() + retryAfter * 1000) : null,
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
