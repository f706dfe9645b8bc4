import { ExotelError } from './ExotelError.js';

/**
 * Transport error codes that prove the request was never sent: no connection was
 * made, so Exotel cannot have seen it. Anything else (a reset, a closed socket) may
 * have happened after Exotel received the request.
 */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
]);

/** Wraps an exception thrown by `fetch` (never an HTTP answer) as an ExotelError. */
export function transportError(error: unknown, timeoutMs: number): ExotelError {
  if (isTimeout(error)) {
    return new ExotelError({
      kind: 'timeout',
      message: `Exotel did not answer within ${timeoutMs} ms`,
      mayHaveReachedExotel: true,
      cause: error,
    });
  }
  const codes = errorCodes(error);
  const neverSent = codes.length > 0 && codes.every((code) => NEVER_SENT_CODES.has(code));
  const what =
    codes.length > 0 ? codes.join(', ') : error instanceof Error ? error.message : String(error);
  return new ExotelError({
    kind: 'network',
    message: `Could not reach Exotel (${what})`,
    mayHaveReachedExotel: !neverSent,
    cause: error,
  });
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Collects `code`s from the error, its causes and AggregateError members (undici nests them). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const found: string[] = [];
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') found.push(code);
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested))
    for (const inner of nested) found.push(...errorCodes(inner, depth + 1));
  found.push(...errorCodes((error as { cause?: unknown }).cause, depth + 1));
  return [...new Set(found)];
}
