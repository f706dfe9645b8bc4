import { type ExotelCall, ExotelError } from '@ringback/exotel';
import type { ServerContext } from '../serverContext.js';
import type { CallRecord } from '../store/Store.js';
import { isFinal } from './callState.js';
import type { CallObservation } from './callUpdater.js';
import { stateFromExotel } from './exotelState.js';

const BATCH = 50;
const CONCURRENCY = 4;
const MAX_BACKOFF_MS = 10 * 60 * 1000;

export interface ReconcileResult {
  /** Calls looked at. */
  checked: number;
  /** Calls that reached a final state. */
  settled: number;
}

function seconds(value: unknown): number | null {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** What Call Details says, as an observation; only its forward moves are applied. */
export function observeCallDetails(
  details: ExotelCall,
  current: CallRecord['state'],
): CallObservation {
  const legs = details.Details;
  const conversationSeconds = seconds(legs?.ConversationDuration);
  const status = details.Status;
  return {
    state: stateFromExotel(
      {
        eventType: null,
        status,
        agentLeg: legs?.Leg1Status || null,
        visitorLeg: legs?.Leg2Status || null,
        conversationSeconds,
      },
      current,
    ),
    exotelSid: details.Sid,
    exotelStatus: status,
    ...(['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status)
      ? { conversationSeconds }
      : {}),
  };
}

function backoff(ctx: ServerContext, call: CallRecord): { checkAt: number; checks: number } {
  const delay = Math.min(
    Math.max(ctx.config.reconcileGraceMs, 5000) * 2 ** call.checks,
    MAX_BACKOFF_MS,
  );
  return { checkAt: ctx.now() + delay, checks: call.checks + 1 };
}

/**
 * Settles one call Exotel has gone quiet about. With a CallSid it asks Call Details;
 * without one (the create timed out and no callback ever came) the call is failed once
 * Exotel would certainly have called back: two ring timeouts and the grace period.
 */
async function reconcileCall(ctx: ServerContext, call: CallRecord): Promise<boolean> {
  if (isFinal(call.state)) return false;
  if (
    call.state === 'requested' &&
    ctx.now() - call.createdAt > ctx.config.exotel.timeoutMs + 5000
  ) {
    // The create that stored it died before Exotel answered (a crash): it may have dialled.
    await ctx.update(call.id, () => ({ state: 'unknown' }), 'reconcile');
  }
  if (!call.exotelSid) {
    if (call.state === 'requested' || call.state === 'unknown') {
      const deadline = call.createdAt + 2 * call.timeOut * 1000 + ctx.config.reconcileGraceMs;
      if (ctx.now() >= deadline) {
        ctx.logger.warn({ msg: 'call never confirmed by Exotel; failing it', callId: call.id });
        const updated = await ctx.update(call.id, () => ({ state: 'failed' }), 'reconcile');
        return !!updated && isFinal(updated.state);
      }
      await ctx.update(
        call.id,
        () => ({ reschedule: { checkAt: deadline, checks: call.checks } }),
        'reconcile',
      );
    }
    return false;
  }
  const sid = call.exotelSid;
  let details: ExotelCall;
  try {
    details = await ctx.exotel.getCall(sid, { details: true });
  } catch (error) {
    if (error instanceof ExotelError && error.kind === 'not_found') {
      ctx.logger.warn({ msg: 'Exotel does not know the call; failing it', callId: call.id });
      const updated = await ctx.update(call.id, () => ({ state: 'failed' }), 'reconcile');
      return !!updated && isFinal(updated.state);
    }
    ctx.logger.warn({
      msg: 'call details failed; will retry',
      callId: call.id,
      kind: error instanceof ExotelError ? error.kind : 'error',
    });
    await ctx.update(call.id, (current) => ({ reschedule: backoff(ctx, current) }), 'reconcile');
    return false;
  }
  const updated = await ctx.update(
    call.id,
    (current) => {
      const observation = observeCallDetails(details, current.state);
      // Still live and no further along: look again later.
      if (
        !observation.state ||
        observation.state === current.state ||
        !isFinal(observation.state)
      ) {
        return { ...observation, reschedule: backoff(ctx, current) };
      }
      return observation;
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
