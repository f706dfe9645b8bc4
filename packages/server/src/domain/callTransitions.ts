import { type CallState, canTransition, isFinal } from './callState.js';
import type { CallRecord } from './Store.js';

/** Something learned about a call. Only what moves it forward is applied. */
export interface CallObservation {
  state?: CallState;
  exotelSid?: string;
  exotelStatus?: string;
  conversationSeconds?: number | null;
  refusal?: NonNullable<CallRecord['refusal']>;
  /** Reschedule the reconciler's next look (bookkeeping, no event); `checkAt: null` stops looking. */
  reschedule?: { checkAt: number | null; checks: number };
}

/** The first late look at a call settled `ended`: Exotel fills Call Details in minutes. */
export const LATE_LOOK_MS = 10 * 60 * 1000;

/**
 * When the reconciler should look at a call that Exotel has gone quiet about: one ring
 * timeout (plus grace) per dialling stage, the time limit while connected. An earlier
 * callback moves the check on; a final state clears it.
 */
export function nextCheckAt(call: CallRecord, now: number, graceMs: number): number | null {
  switch (call.state) {
    case 'requested':
    case 'unknown':
      return call.createdAt + 2 * call.timeOut * 1000 + graceMs;
    case 'dialing-agent':
    case 'dialing-you':
      return now + call.timeOut * 1000 + graceMs;
    case 'connected':
      return now + call.timeLimit * 1000 + graceMs;
    case 'ended':
      // Settled without word from Exotel: keep asking Call Details for the real ending.
      return now + LATE_LOOK_MS;
    default:
      return null;
  }
}

/** The call with the observation applied, or `undefined` when nothing changes. */
export function applyObservation(
  current: CallRecord,
  o: CallObservation,
  now: number,
  graceMs: number,
): CallRecord | undefined {
  const next: CallRecord = { ...current, version: current.version + 1 };
  let changed = false;
  const final = isFinal(current.state);
  // A call settled `ended` without word from Exotel still takes Exotel's late word into
  // the record (for the operator); the visitor's state stays as it is.
  const correctable = current.state === 'ended' && !current.reportedEnding;
  if (o.exotelSid && !current.exotelSid) {
    next.exotelSid = o.exotelSid;
    changed = true;
  }
  if ((!final || correctable) && o.exotelStatus && o.exotelStatus !== current.exotelStatus) {
    next.exotelStatus = o.exotelStatus;
    changed = true;
  }
  // A late terminal callback may still tell how long a settled call lasted.
  if (
    typeof o.conversationSeconds === 'number' &&
    o.conversationSeconds !== current.conversationSeconds &&
    (!final || current.conversationSeconds === null)
  ) {
    next.conversationSeconds = o.conversationSeconds;
    changed = true;
  }
  if (o.refusal && !current.refusal) {
    next.refusal = o.refusal;
    changed = true;
  }
  if (correctable && o.state && isFinal(o.state) && o.state !== 'ended') {
    next.reportedEnding = o.state;
    next.checkAt = null;
    changed = true;
  } else if (o.state && canTransition(current.state, o.state)) {
    next.state = o.state;
    next.updatedAt = now;
    next.checks = 0;
    next.checkAt = nextCheckAt(next, now, graceMs);
    changed = true;
  } else if (o.reschedule && (!final || correctable)) {
    next.checkAt = o.reschedule.checkAt;
    next.checks = o.reschedule.checks;
    changed = true;
  }
  return changed ? next : undefined;
}
