import { type ExotelCall, ExotelError } from '@ringback/exotel';
import { isFinal, isWaiting } from '../domain/callState.js';
import { attemptStartedAt, type CallObservation } from '../domain/callTransitions.js';
import { observeCallDetails } from '../domain/observeCallDetails.js';
import type { CallRecord } from '../domain/Store.js';
import { advanceAttempt } from './advanceAttempt.js';
import { dialHeld } from './holdCall.js';
import type { ServerContext } from './ServerContext.js';
import { placeDue } from './scheduler.js';

const BATCH = 50;
const CONCURRENCY = 4;
const MAX_BACKOFF_MS = 10 * 60 * 1000;

export interface ReconcileResult {
  /** Calls looked at. */
  checked: number;
  /** Calls that reached a final state. */
  settled: number;
}

/** How long after creation a settled-`ended` call is still looked up for its real ending. */
const LATE_LOOK_HORIZON_MS = 24 * 3600 * 1000;

/**
 * The latest moment a call's current attempt can still be going on: Exotel rings each leg for at most
 * `TimeOut` seconds and cuts the conversation after `TimeLimit`, plus the grace period.
 * Past it, a call Exotel has not reported on is over, whatever it never told us.
 */
export function lifetimeBound(call: CallRecord, graceMs: number): number {
  return attemptStartedAt(call) + (2 * call.timeOut + call.timeLimit) * 1000 + graceMs;
}

/** The next look after one that told nothing: doubling, capped, and never past `bound`. */
function backoff(
  ctx: ServerContext,
  call: CallRecord,
  bound: number,
  maxMs: number,
): { checkAt: number; checks: number } {
  const delay = Math.min(Math.max(ctx.config.reconcileGraceMs, 5000) * 2 ** call.checks, maxMs);
  return { checkAt: Math.min(ctx.now() + delay, bound), checks: call.checks + 1 };
}

/**
 * A call Exotel has said nothing final about, past the longest it could last: it is over,
 * so the visitor's call ends `ended` (an honest "we don't know how"), logged as a warning.
 * Later callbacks and Call Details answers still correct the operator's record
 * (`reportedEnding`); the reconciler keeps asking for a day.
 */
async function settleWithoutWord(
  ctx: ServerContext,
  call: CallRecord,
  why: string,
  observation: CallObservation = {},
): Promise<boolean> {
  ctx.logger.warn({ msg: 'call settled without word from Exotel', callId: call.id, why });
  const updated = await ctx.update(
    call.id,
    (current) =>
      isFinal(current.state)
        ? undefined
        : { ...observation, attempt: call.attempt, state: 'ended' },
    'reconcile',
  );
  return !!updated && isFinal(updated.state);
}

/** A call settled `ended`: ask Call Details how it really ended, for the operator's record. */
async function lookLate(ctx: ServerContext, call: CallRecord): Promise<void> {
  if (!call.exotelSid || ctx.now() - call.createdAt > LATE_LOOK_HORIZON_MS) {
    await ctx.update(call.id, () => ({ reschedule: { checkAt: null, checks: 0 } }), 'reconcile');
    return;
  }
  const reschedule = (current: CallRecord) => ({
    reschedule: backoff(ctx, current, Number.POSITIVE_INFINITY, 6 * 3600 * 1000),
  });
  let details: ExotelCall;
  try {
    details = await ctx.exotel.getCall(call.exotelSid, { details: true });
  } catch {
    await ctx.update(call.id, reschedule, 'reconcile');
    return;
  }
  const updated = await ctx.update(
    call.id,
    (current) => {
      const observation = { ...observeCallDetails(details, current.state), attempt: call.attempt };
      return observation.state && isFinal(observation.state)
        ? observation
        : { ...observation, ...reschedule(current) };
    },
    'reconcile',
  );
  if (updated?.reportedEnding)
    ctx.logger.info({
      msg: 'late ending recorded',
      callId: call.id,
      reportedEnding: updated.reportedEnding,
    });
}

/**
 * Settles one call Exotel has gone quiet about. With a CallSid it asks Call Details;
 * without one (the create timed out and no callback ever came) the call is failed once
 * Exotel would certainly have called back: two ring timeouts and the grace period.
 * Whatever Call Details does, a call past `lifetimeBound` is settled.
 */
async function reconcileCall(ctx: ServerContext, call: CallRecord): Promise<boolean> {
  if (isWaiting(call.state)) {
    // A booked callback or retry: placed once it is due (armed on a timer before).
    await placeDue(ctx, call.id);
    return false;
  }
  if (call.dialAt !== null && !isFinal(call.state)) {
    // Held in its undo window: dialled once it is over (if this process's timer did not).
    if (ctx.now() >= call.dialAt) await dialHeld(ctx, call.id);
    else
      await ctx.update(
        call.id,
        () => ({ reschedule: { checkAt: call.dialAt, checks: call.checks } }),
        'reconcile',
      );
    return false;
  }
  if (call.advancing) {
    // An attempt the agent missed, and the next one never stored (a crash, or a wait
    // for Exotel's budget): try the next agent now.
    await advanceAttempt(ctx, call.id);
    return false;
  }
  const { attempt } = call;
  if (call.state === 'ended' && !call.reportedEnding) {
    await lookLate(ctx, call);
    return false;
  }
  if (isFinal(call.state)) return false;
  if (
    call.state === 'requested' &&
    ctx.now() - attemptStartedAt(call) > ctx.config.exotel.timeoutMs + 5000
  ) {
    // The create that stored it died before Exotel answered (a crash): it may have dialled.
    await ctx.update(call.id, () => ({ attempt, state: 'unknown' }), 'reconcile');
  }
  if (!call.exotelSid) {
    // Not confirmed by Exotel: a first attempt still `requested` or `unknown`, or a later
    // attempt whose connect never answered (its CallSid comes with Exotel's answer).
    const unconfirmed =
      call.state === 'requested' ||
      call.state === 'unknown' ||
      (call.attempt > 1 && call.state === 'dialing-agent');
    if (unconfirmed) {
      const deadline =
        attemptStartedAt(call) + 2 * call.timeOut * 1000 + ctx.config.reconcileGraceMs;
      if (ctx.now() >= deadline) {
        ctx.logger.warn({ msg: 'call never confirmed by Exotel; failing it', callId: call.id });
        const updated = await ctx.update(
          call.id,
          () => ({ attempt, state: 'failed' }),
          'reconcile',
        );
        return !!updated && isFinal(updated.state);
      }
      await ctx.update(
        call.id,
        () => ({ attempt, reschedule: { checkAt: deadline, checks: call.checks } }),
        'reconcile',
      );
      return false;
    }
    // A live call whose CallSid never reached us (a callback for it was refused or lost):
    // nothing to ask Exotel, only the bound is left.
    const bound = lifetimeBound(call, ctx.config.reconcileGraceMs);
    if (ctx.now() >= bound) return settleWithoutWord(ctx, call, 'no CallSid');
    await ctx.update(
      call.id,
      () => ({ attempt, reschedule: { checkAt: bound, checks: call.checks } }),
      'reconcile',
    );
    return false;
  }
  const sid = call.exotelSid;
  const bound = lifetimeBound(call, ctx.config.reconcileGraceMs);
  let details: ExotelCall;
  try {
    details = await ctx.exotel.getCall(sid, { details: true });
  } catch (error) {
    if (error instanceof ExotelError && error.kind === 'not_found') {
      ctx.logger.warn({ msg: 'Exotel does not know the call; failing it', callId: call.id });
      const updated = await ctx.update(call.id, () => ({ attempt, state: 'failed' }), 'reconcile');
      return !!updated && isFinal(updated.state);
    }
    const kind = error instanceof ExotelError ? error.kind : 'error';
    if (ctx.now() >= bound) return settleWithoutWord(ctx, call, `call details failed (${kind})`);
    ctx.logger.warn({ msg: 'call details failed; will retry', callId: call.id, kind });
    await ctx.update(
      call.id,
      (current) => ({ attempt, reschedule: backoff(ctx, current, bound, MAX_BACKOFF_MS) }),
      'reconcile',
    );
    return false;
  }
  const observation = observeCallDetails(details, call.state);
  if (observation.agentMissed && call.attempt < call.maxAttempts) {
    // The agent missed this attempt: the next one is tried (the change starts it).
    await ctx.update(
      call.id,
      (current) => ({ ...observeCallDetails(details, current.state), attempt }),
      'reconcile',
    );
    return false;
  }
  if (ctx.now() >= bound && !(observation.state && isFinal(observation.state))) {
    // Call Details says the call is live past its time limit: it cannot be.
    return settleWithoutWord(ctx, call, `call details still say ${details.status}`, {
      exotelStatus: details.status,
    });
  }
  const updated = await ctx.update(
    call.id,
    (current) => {
      const seen = { ...observeCallDetails(details, current.state), attempt };
      // Still live and no further along: look again later.
      if (!seen.state || seen.state === current.state || !isFinal(seen.state)) {
        return { ...seen, reschedule: backoff(ctx, current, bound, MAX_BACKOFF_MS) };
      }
      return seen;
    },
    'reconcile',
  );
  return !!updated && isFinal(updated.state);
}

/** One pass over due calls (or, at start-up, every open call). */
export async function reconcile(
  ctx: ServerContext,
  options: { all?: boolean } = {},
): Promise<ReconcileResult> {
  const store = await ctx.store();
  const result: ReconcileResult = { checked: 0, settled: 0 };
  const seen = new Set<string>();
  for (;;) {
    const batch = (
      options.all
        ? await store.listOpenCalls(BATCH * 20)
        : await store.listDueCalls(ctx.now(), BATCH)
    ).filter((c) => !seen.has(c.id));
    if (batch.length === 0 || ctx.closing) break;
    for (let i = 0; i < batch.length; i += CONCURRENCY) {
      const settled = await Promise.all(
        batch.slice(i, i + CONCURRENCY).map(async (call) => {
          seen.add(call.id);
          try {
            return await reconcileCall(ctx, call);
          } catch (error) {
            ctx.logger.error({ msg: 'reconcile failed', callId: call.id, error });
            return false;
          }
        }),
      );
      result.checked += settled.length;
      result.settled += settled.filter(Boolean).length;
    }
    if (options.all) break;
  }
  return result;
}
