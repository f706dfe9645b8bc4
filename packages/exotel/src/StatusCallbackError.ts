/**
 * Why a StatusCallback body was refused. Stable: safe to branch on and to log. A
 * `Status` or `EventType` the parser does not know is not a refusal: the event
 * lists it in `unrecognized`.
 */
export type StatusCallbackErrorCode =
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'malformed_body'
  | 'missing_field'
  | 'invalid_field';

/** A StatusCallback that cannot be trusted to mean anything; nothing should be changed by it. */
export class StatusCallbackError extends Error {
  override readonly name = 'StatusCallbackError';
  readonly code: StatusCallbackErrorCode;
  /** The offending field, when one is to blame. */
  readonly field?: string;

  constructor(
    code: StatusCallbackErrorCode,
    message: string,
    options?: { field?: string; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}
