import type { ExotelCall } from '@ringback/exotel';
import { isFinal } from '../domain/callState.js';
import { observeCallDetails } from '../domain/observeCallDetails.js';
import type { CallEvent } from '../domain/Store.js';
import type { ServerContext } from './ServerContext.js';

/** Exotel's limit on all Voice API requests of an account. */
const EXOTEL_PER_MINUTE = 200;
/** Left for the reconciler's own Call Details requests. */
const RECONCILER_SHARE = 10;
/** How long a dialling stage may go without a callback before Call Details is asked. */
export const LIVE_POLL_AFTER_MS = 5000;
/** How often a watched call is looked up while callbacks stay away. */
export const LIVE_POLL_EVERY_MS = 5000;

/** What is known about a call someone is watching (an open event stream on this instance). */
export interface Watch {
  watchers: number;
  /** A StatusCallback moved the call: Exotel reports its legs, nothing to poll. */
  callbackSeen: boolean;
  /** Not before then: one look per `LIVE_POLL_EVERY_MS`. */
  nextPollAt: number;
}

/**
 * Marks a call as watched while an event stream follows it; the stream passes every
 * event it sees to `seen` and calls `release` when it closes.
 */
export function watchCall(
  ctx: ServerContext,
  callId: string,
): { seen(event: CallEvent): void; release(): void } {
  const watch = ctx.watched.get(callId) ?? { watchers: 0, callbackSeen: false, nextPollAt: 0 };
  watch.watchers += 1;
  ctx.watched.set(callId, watch);
  let released = false;
  return {
    seen(event) {
      if (event.source === 'callback') watch.callbackSeen = true;
    },
    release() {
      if (released) return;
      released = true;
      watch.watchers -= 1;
      if (watch.watchers <= 0 && ctx.watched.get(callId) === watch) ctx.watched.delete(callId);
    },
  };
}

/** Call Details requests a minute the live poll may spend: what creates and the reconciler leave. */
function pollBudget(ctx: ServerContext): number {
  const { limit, windowSeconds } = ctx.config.globalLimit;
  return Math.floor(EXOTEL_PER_MINUTE - RECONCILER_SHARE - (limit * 60) / windowSeconds);
}

/**
 * Live status for accounts whose Exotel sends no `answered` callbacks (its connect API
 * page lists only `terminal`): a watched call that has sat in a dialling stage for a
 * few seconds with no callback at all is looked up with Call Details (`Leg1Status`,
 * `Leg2Status`) every few seconds, until a callback arrives, it connects or it ends.
 * Requests come out of a per-minute budget shared by all instances, which is what
 * Exotel's 200 a minute leaves after the creates' `globalLimit`: creates always win.
 */
export async function pollWatchedCalls(ctx: ServerContext): Promise<number> {
  const budget = pollBudget(ctx);
  if (budget <= 0 || ctx.watched.size === 0) return 0;
  const store = await ctx.store();
  let polled = 0;
  for (const [callId, watch] of [...ctx.watched]) {
    const now = ctx.now();
    if (watch.callbackSeen || now < watch.nextPollAt || ctx.closing) continue;
    const call = await store.getCall(callId);
    if (!call || isFinal(call.state) || !call.exotelSid) continue;
    if (call.state !== 'dialing-agent' && call.state !== 'dialing-you') continue;
    if (now - call.updatedAt < LIVE_POLL_AFTER_MS) continue;
    const allowed = await store.consumeRateLimits(
      [{ key: 'exotel-live-poll:60', limit: budget, windowMs: 60_000 }],
      now,
    );
    // The budget is spent for this minute: the calls wait for the next pass.
    if (!allowed.allowed) break;
    watch.nextPollAt = now + LIVE_POLL_EVERY_MS;
    polled += 1;
    let details: ExotelCall;
    try {
      details = await ctx.exotel.getCall(call.exotelSid, { details: true });
    } catch (error) {
      ctx.logger.warn({ msg: 'live call details failed', callId, error: String(error) });
      continue;
    }
    const { attempt } = call;
    await ctx.update(
      callId,
      (current) => ({ ...observeCallDetails(details, current.state), attempt }),
      'reconcile',
    );
  }
  return polled;
}
