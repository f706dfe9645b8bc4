import type { Logger } from '../domain/logger.js';
import { Problem } from '../domain/problem.js';
import { isStoreUnavailable } from '../domain/StoreUnavailableError.js';

/**
 * What a request that threw is answered with: a `Problem` as itself; the store's
 * backend being away as a retryable 503; anything else as a logged 500 that says
 * nothing was changed (handlers write nothing before they can no longer fail).
 */
export function toErrorResponse(
  error: unknown,
  request: Request,
  path: string,
  headers: Headers,
  logger: Logger,
): Response {
  if (error instanceof Problem) return error.toResponse(headers);
  if (isStoreUnavailable(error)) {
    // Redis (or another store's backend) is away: a retry, with the same Idempotency-Key
    // for a create, is safe, and Exotel retries its callbacks by itself.
    logger.warn({
      msg: 'store unavailable',
      method: request.method,
      path,
      reason: error.message,
    });
    return new Problem(
      'service_unavailable',
      'The service cannot reach its data store right now; try again shortly.',
      { retryAfterSeconds: 2 },
    ).toResponse(headers);
  }
  logger.error({ msg: 'request failed', method: request.method, path, error });
  return new Problem(
    'internal_error',
    'Something went wrong on the server; nothing was changed.',
  ).toResponse(headers);
}
