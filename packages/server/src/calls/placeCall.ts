import { type ConnectCallParams, type ExotelCall, ExotelError } from '@ringback/exotel';
import type { ResolvedWidget } from '../config/validateConfig.js';
import type { ProblemCode } from '../domain/problem.js';
import type { ResolvedAgent } from '../domain/ResolvedConfig.js';
import type { CallRecord } from '../domain/Store.js';
import { redactNumbers } from '../log/redactNumbers.js';
import { attemptSubject } from './callbackToken.js';
import type { ServerContext } from './ServerContext.js';

export type PlaceCallOutcome =
  | { kind: 'accepted'; call: ExotelCall }
  /** Exotel may have placed the call: find out, never re-send. */
  | { kind: 'unknown'; error: unknown }
  /** Exotel did not place the call; the visitor gets this problem. */
  | {
      kind: 'refused';
      error: unknown;
      refusal: { code: ProblemCode; status: number; detail: string; retryAfterSeconds?: number };
    };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What Exotel is asked: everything but the visitor's number comes from the server's configuration. */
export async function connectParams(
  ctx: ServerContext,
  widget: ResolvedWidget,
  call: CallRecord,
  agent: ResolvedAgent,
): Promise<ConnectCallParams> {
  const query = new URLSearchParams({
    call: call.id,
    attempt: String(call.attempt),
    token: await ctx.tokens.sign(attemptSubject(call.id, call.attempt)),
  });
  return {
    from: agent.number,
    to: call.to,
    callerId: widget.callerId,
    callType: 'trans',
    timeLimit: widget.timeLimit,
    timeOut: widget.timeOut,
    ...(widget.waitUrl ? { waitUrl: widget.waitUrl } : {}),
    record: widget.record,
    ...(widget.record && widget.recordingChannels
      ? { recordingChannels: widget.recordingChannels }
      : {}),
    customField: call.id,
    statusCallback: `${ctx.config.publicBaseUrl}/v1/exotel/status-callback?${query}`,
    statusCallbackEvents: ['terminal', 'answered'],
    statusCallbackContentType: ctx.config.exotel.statusCallbackContentType,
  };
}

function refusalFor(
  error: unknown,
): Extract<PlaceCallOutcome, { kind: 'refused' }>['refusal'] | undefined {
  if (!(error instanceof ExotelError)) return undefined;
  const unavailable = (detail: string, status = 503, retryAfterMs?: number) => ({
    code: 'upstream_unavailable' as const,
    status,
    detail,
    ...(retryAfterMs !== undefined
      ? { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
      : {}),
  });
  switch (error.kind) {
    case 'forbidden':
      if (error.reason === 'ndnc')
        return {
          code: 'number_blocked',
          status: 422,
          detail: 'This number is on the do-not-call registry and cannot be called.',
        };
      return {
        code: 'service_unavailable',
        status: 503,
        detail: 'Calls cannot be placed right now.',
      };
    case 'auth':
    case 'payment':
    case 'invalid_request':
    case 'not_found':
      // The account or the server's configuration is at fault: tell the operator (the log), not the visitor.
      return {
        code: 'service_unavailable',
        status: 503,
        detail: 'Calls cannot be placed right now.',
      };
    case 'rate_limited':
      return unavailable(
        'The telephony provider is busy; try again shortly.',
        503,
        error.retryAfterMs ?? 5000,
      );
    case 'server':
      return unavailable('The telephony provider could not place the call; try again later.', 502);
    case 'network':
      return error.mayHaveReachedExotel
        ? undefined
        : unavailable('The telephony provider cannot be reached; try again later.', 503, 10_000);
    case 'timeout':
      return undefined;
  }
}

/**
 * Asks Exotel to place the call. `Calls/connect` is not idempotent, so it is retried
 * only when the request provably never reached Exotel (connection refused, DNS) or
 * Exotel answered 429; a timeout or a dropped connection becomes `unknown`.
 */
export async function placeCall(
  ctx: ServerContext,
  widget: ResolvedWidget,
  call: CallRecord,
  agent: ResolvedAgent,
): Promise<PlaceCallOutcome> {
  const params = await connectParams(ctx, widget, call, agent);
  const { attempts, baseDelayMs, maxDelayMs } = ctx.config.upstreamRetry;
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: 'accepted', call: await ctx.exotel.connectCall(params) };
    } catch (error) {
      const retryable =
        error instanceof ExotelError &&
        (!error.mayHaveReachedExotel || error.kind === 'rate_limited');
      const delay = Math.max(
        baseDelayMs * 2 ** (attempt - 1),
        error instanceof ExotelError ? (error.retryAfterMs ?? 0) : 0,
      );
      if (retryable && attempt < attempts && delay <= maxDelayMs && !ctx.closing) {
        ctx.logger.warn({
          msg: 'exotel connect retried',
          callId: call.id,
          callAttempt: call.attempt,
          attempt,
          kind: (error as ExotelError).kind,
          delayMs: delay,
        });
        await sleep(delay);
        continue;
      }
      const refusal = refusalFor(error);
      return refusal ? { kind: 'refused', error, refusal } : { kind: 'unknown', error };
    }
  }
}

/** An error as the log may show it: kinds and codes, numbers redacted. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof ExotelError) {
    return {
      kind: error.kind,
      status: error.status,
      code: error.code,
      reason: error.reason,
      message: redactNumbers(error.message),
      mayHaveReachedExotel: error.mayHaveReachedExotel,
    };
  }
  return { message: redactNumbers(error instanceof Error ? error.message : String(error)) };
}
