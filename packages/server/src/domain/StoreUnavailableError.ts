/**
 * The store's backend cannot be reached right now (a lost connection, a timeout, a
 * failover). The server answers `503 service_unavailable` with `Retry-After` instead of
 * `500`, so callers and Exotel's callback retries try again. Thrown by `createRedisStore`;
 * a custom `Store` may throw it too.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Also recognises an instance from another copy of this package (a bundler may duplicate it). */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return (
    error instanceof StoreUnavailableError ||
    (error instanceof Error &&
      error.name === 'StoreUnavailableError' &&
      (error as { code?: unknown }).code === 'store_unavailable')
  );
}
