import type { ResolvedAgent, ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { CallEventSource, CallRecord } from '../domain/Store.js';
import { describeError, type PlaceCallOutcome, placeCall } from './placeCall.js';
import type { ServerContext } from './ServerContext.js';

/**
 * Dials the call's current attempt, already stored, and records what Exotel said:
 * `dialing-agent` with its CallSid; `unknown` when Exotel may or may not have placed it
 * (found out later, never dialled again); `failed` with the refusal. `call` is the copy
 * its caller stored or got back from the store: Exotel's answer is recorded on it without
 * reading it again (a change that got there meanwhile fails the compare-and-set, and the
 * update reads afresh).
 */
export async function dialAttempt(
  ctx: ServerContext,
  widget: ResolvedWidget,
  call: CallRecord,
  agent: ResolvedAgent,
  source: CallEventSource,
): Promise<{ outcome: PlaceCallOutcome; call: CallRecord | undefined }> {
  const outcome = await placeCall(ctx, widget, call, agent);
  const { attempt } = call;
  switch (outcome.kind) {
    case 'accepted':
      return {
        outcome,
        call: await ctx.update(
          call.id,
          () => ({
            attempt,
            state: 'dialing-agent',
            exotelSid: outcome.call.sid,
            exotelStatus: outcome.call.status,
          }),
          source,
          call,
        ),
      };
    case 'unknown':
      ctx.logger.warn({
        msg: 'exotel connect outcome unknown; reconciling',
        callId: call.id,
        attempt,
        error: describeError(outcome.error),
      });
      return {
        outcome,
        call: await ctx.update(call.id, () => ({ attempt, state: 'unknown' }), source, call),
      };
    case 'refused':
      ctx.logger[outcome.refusal.code === 'number_blocked' ? 'warn' : 'error']({
        msg: 'exotel refused the call',
        callId: call.id,
        widgetId: widget.id,
        attempt,
        code: outcome.refusal.code,
        error: describeError(outcome.error),
      });
      return {
        outcome,
        call: await ctx.update(
          call.id,
          () => ({ attempt, state: 'failed', refusal: outcome.refusal }),
          source,
          call,
        ),
      };
  }
}
