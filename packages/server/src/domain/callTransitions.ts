import type { ResolvedHours } from './businessHours.js';
import { nextInside } from './callingHours.js';
import { type CallState, canTransition, isFinal, isWaiting } from './callState.js';
import type { AttemptRecord, CallRecord, CallSchedule, RetryPlan } from './Store.js';

/** Something learned about a call. Only what moves it forward is applied. */
export interface CallObservation {
  state?: CallState;
  exotelSid?: string;
  exotelStatus?: string;
  conversationSeconds?: number | null;
  /** The recording Exotel reports (a StatusCallback's or Call Details' `RecordingUrl`). */
  recordingUrl?: string | null;
  refusal?: NonNullable<CallRecord['refusal']>;
  /** Reschedule the reconciler's next look (bookkeeping, no event); `checkAt: null` stops looking. */
  reschedule?: { checkAt: number | null; checks: number };
  /**
   * The attempt the observation is about; the current one when absent. What is learned
   * about an earlier attempt goes into its record only: it never moves the call.
   */
  attempt?: number;
  /** The attempt ended with the agent missing it, before the visitor's phone rang. */
  agentMissed?: boolean;
  /** Starts the next attempt (stored before it is dialled): only from `advancing`. */
  nextAttempt?: { agentId: string; agentName: string | null };
  /** Ends an `advancing` call that has no one left to try, in this final state. */
  giveUp?: CallState;
  /** Ends the undo window: dialling starts now (only while the call is held). */
  startDialing?: true;
  /** The visitor undid the call in its undo window: `canceled`, nothing dialled (only while held). */
  cancel?: true;
  /**
   * A booked callback or retry fell due: a new round starts with its first attempt, stored
   * before it is dialled (only while the call waits).
   */
  startRound?: {
    agentId: string;
    agentName: string | null;
    /** The most attempts of the round. */
    attempts: number;
    /** Who holds the visitor's number during the round. */
    lineHolder: string | null;
  };
  /** A waiting call found nobody to ring when it fell due: retried, or ended `agent-unavailable`. */
  noAgent?: true;
  /** A waiting call can no longer be placed (the server was down too long, or outside calling hours). */
  expire?: true;
  /** A retry the limits refuse: the call ends as the round that missed did. */
  abandonRetry?: true;
  /** A waiting call's due time moves (it could not be placed yet): bookkeeping, no event. */
  postpone?: { dialAt: number };
}

/** Which retry rule a round's ending falls under, if any. */
const RETRY_REASON: Partial<Record<CallState, keyof RetryPlan>> = {
  'not-answered': 'visitorMissed',
  busy: 'visitorMissed',
  'agent-unavailable': 'agentsUnavailable',
};

/** Calling hours as business hours every day. */
export function callingHoursOf(schedule: Pick<CallSchedule, 'callingHours'>): ResolvedHours {
  const { from, to, timeZone } = schedule.callingHours;
  return {
    timeZone,
    weekly: Array.from({ length: 7 }, () => [[from, to] as [number, number]]),
    closedDates: new Set(),
  };
}

/**
 * How a round that ended `ending` leaves the call: waiting for a retry (`retry-scheduled`,
 * due after the rule's wait, moved into calling hours) while the call's retry plan has
 * one left for that kind of miss; otherwise ended.
 */
export function endRound(next: CallRecord, ending: CallState, now: number, graceMs: number): void {
  const schedule = next.schedule;
  const reason = RETRY_REASON[ending];
  const rule = schedule && reason ? schedule.plan[reason] : undefined;
  const at =
    schedule && reason && rule && schedule.used[reason] < rule.attempts
      ? nextInside(callingHoursOf(schedule), now + rule.afterMs)
      : null;
  next.updatedAt = now;
  next.checks = 0;
  if (schedule && reason && at !== null) {
    next.state = 'retry-scheduled';
    next.dialAt = at;
    next.checkAt = at;
    next.schedule = {
      ...schedule,
      retryAt: at,
      retryOf: ending,
      used: { ...schedule.used, [reason]: schedule.used[reason] + 1 },
    };
    return;
  }
  next.state = ending;
  next.dialAt = null;
  if (schedule) next.schedule = { ...schedule, retryAt: null };
  next.checkAt = nextCheckAt(next, now, graceMs);
}

/** A waiting call (booked or retry) falling due, or given up: only while it waits. */
function observeWaiting(
  current: CallRecord,
  o: CallObservation,
  now: number,
  graceMs: number,
): CallRecord | undefined {
  if (!isWaiting(current.state) || current.dialAt === null) return undefined;
  const next: CallRecord = { ...current, version: current.version + 1 };
  const schedule = current.schedule;
  if (o.postpone) {
    next.dialAt = o.postpone.dialAt;
    next.checkAt = o.postpone.dialAt;
    if (schedule?.retryAt != null) next.schedule = { ...schedule, retryAt: o.postpone.dialAt };
    return next;
  }
  // Leaving the wait: the callback's slot and pending counts are free again.
  if (schedule) next.schedule = { ...schedule, claims: [], retryAt: null };
  if (o.startRound) {
    const { agentId, agentName, attempts, lineHolder } = o.startRound;
    const attempt = current.attempts.length + 1;
    Object.assign(next, {
      state: 'requested',
      updatedAt: now,
      attempt,
      maxAttempts: attempt - 1 + attempts,
      agentId,
      attempts: [...current.attempts, newAttempt(attempt, agentId, agentName, now)],
      advancing: false,
      exotelSid: null,
      exotelStatus: null,
      checks: 0,
      dialAt: null,
      lineHolder,
    } satisfies Partial<CallRecord>);
    if (next.schedule)
      next.schedule = { ...next.schedule, rounds: next.schedule.rounds + 1, firstAttempt: attempt };
    next.checkAt = nextCheckAt(next, now, graceMs);
    return next;
  }
  if (o.noAgent) {
    endRound(next, 'agent-unavailable', now, graceMs);
    return next;
  }
  const ending: CallState | undefined = o.expire
    ? 'expired'
    : o.abandonRetry
      ? (schedule?.retryOf ?? 'agent-unavailable')
      : undefined;
  if (!ending) return undefined;
  Object.assign(next, { state: ending, updatedAt: now, dialAt: null, checkAt: null, checks: 0 });
  return next;
}

/** How long the reconciler waits before resuming an advance that this process started. */
export const ADVANCE_GRACE_MS = 15_000;

/** An attempt as it is stored before it is dialled. */
export function newAttempt(
  attempt: number,
  agentId: string,
  agentName: string | null,
  startedAt: number,
): AttemptRecord {
  return {
    attempt,
    agentId,
    agentName,
    startedAt,
    exotelSid: null,
    exotelStatus: null,
    outcome: null,
    endedAt: null,
  };
}

/** When the current attempt started (the call's creation for the first). */
export function attemptStartedAt(call: CallRecord): number {
  return call.attempts[call.attempt - 1]?.startedAt ?? call.createdAt;
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
      return attemptStartedAt(call) + 2 * call.timeOut * 1000 + graceMs;
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

/** `attempts[n - 1]` with `changes`, in a copied list. */
function withAttempt(
  call: CallRecord,
  n: number,
  changes: Partial<AttemptRecord>,
): AttemptRecord[] | undefined {
  const attempt = call.attempts[n - 1];
  if (!attempt) return undefined;
  const next = { ...attempt, ...changes };
  const changed = (Object.keys(changes) as (keyof AttemptRecord)[]).some(
    (k) => next[k] !== attempt[k],
  );
  return changed ? call.attempts.map((a, i) => (i === n - 1 ? next : a)) : undefined;
}

/** What an observation tells about one attempt's own record (the operator's view). */
function attemptChanges(
  attempt: AttemptRecord,
  o: CallObservation,
  now: number,
): Partial<AttemptRecord> {
  const changes: Partial<AttemptRecord> = {};
  if (o.exotelSid && !attempt.exotelSid) changes.exotelSid = o.exotelSid;
  if (o.recordingUrl && o.recordingUrl !== attempt.recordingUrl)
    changes.recordingUrl = o.recordingUrl;
  if (attempt.outcome === null) {
    if (o.exotelStatus) changes.exotelStatus = o.exotelStatus;
    if (o.state && isFinal(o.state)) {
      changes.outcome = o.state;
      changes.endedAt = now;
    }
  }
  return changes;
}

/** An earlier attempt's late word: recorded for the operator, never moving the call. */
function observePastAttempt(
  current: CallRecord,
  n: number,
  o: CallObservation,
  now: number,
): CallRecord | undefined {
  const attempt = current.attempts[n - 1];
  if (!attempt) return undefined;
  const attempts = withAttempt(current, n, attemptChanges(attempt, o, now));
  return attempts ? { ...current, version: current.version + 1, attempts } : undefined;
}

/** The next attempt, stored before it is dialled: the visitor sees `dialing-agent` again. */
function startNextAttempt(
  current: CallRecord,
  next: NonNullable<CallObservation['nextAttempt']>,
  now: number,
  graceMs: number,
): CallRecord | undefined {
  if (!current.advancing || isFinal(current.state)) return undefined;
  const call: CallRecord = {
    ...current,
    version: current.version + 1,
    attempt: current.attempt + 1,
    agentId: next.agentId,
    attempts: [
      ...current.attempts,
      newAttempt(current.attempt + 1, next.agentId, next.agentName, now),
    ],
    advancing: false,
    exotelSid: null,
    exotelStatus: null,
    recordingUrl: null,
    state: 'dialing-agent',
    updatedAt: now,
    checks: 0,
  };
  // Until Exotel confirms the new attempt, look at it as at a new call.
  call.checkAt = attemptStartedAt(call) + 2 * call.timeOut * 1000 + graceMs;
  return call;
}

/**
 * The current attempt is over and the next not yet stored: the advance either gives up
 * (the call ends) or waits (reschedules); anything Exotel says now is about the attempt
 * that ended, and goes into its record only.
 */
function observeBetweenAttempts(
  current: CallRecord,
  o: CallObservation,
  now: number,
): CallRecord | undefined {
  if (o.giveUp && isFinal(o.giveUp)) {
    const next: CallRecord = { ...current, version: current.version + 1, advancing: false };
    endRound(next, o.giveUp, now, 0);
    if (isFinal(next.state)) next.checkAt = null;
    return next;
  }
  if (o.reschedule) {
    return {
      ...current,
      version: current.version + 1,
      checkAt: o.reschedule.checkAt,
      checks: o.reschedule.checks,
    };
  }
  return observePastAttempt(current, current.attempt, o, now);
}

/**
 * The end of a call's undo window, once: dialling starts (the first attempt starts now,
 * so its deadlines count from the dial) or the visitor canceled it. Whoever ends it
 * first wins; a held call is dialled once or not at all.
 */
function endHold(
  current: CallRecord,
  o: CallObservation,
  now: number,
  graceMs: number,
): CallRecord | undefined {
  if (current.dialAt === null || isFinal(current.state)) return undefined;
  // A booked callback or retry is placed by the scheduler (`startRound`), never as a hold.
  if (o.startDialing && isWaiting(current.state)) return undefined;
  const next: CallRecord = { ...current, version: current.version + 1, dialAt: null };
  if (o.cancel) {
    if (current.schedule)
      next.schedule = {
        ...current.schedule,
        claims: [],
        retryAt: null,
        ...(isWaiting(current.state) ? { canceledWaiting: true as const } : {}),
      };
    next.state = 'canceled';
    next.updatedAt = now;
    next.checkAt = null;
    // Only the attempt held in the window ends canceled; an earlier round's keep their endings.
    next.attempts = current.attempts.map((a) =>
      a.outcome === null ? { ...a, outcome: 'canceled', endedAt: now } : a,
    );
    return next;
  }
  next.attempts = current.attempts.map((a, i) =>
    i === current.attempt - 1 ? { ...a, startedAt: now } : a,
  );
  next.checkAt = nextCheckAt(next, now, graceMs);
  return next;
}

/** The call with the observation applied, or `undefined` when nothing changes. */
export function applyObservation(
  current: CallRecord,
  o: CallObservation,
  now: number,
  graceMs: number,
): CallRecord | undefined {
  if (o.startDialing || o.cancel) return endHold(current, o, now, graceMs);
  if (o.startRound || o.noAgent || o.expire || o.abandonRetry || o.postpone)
    return observeWaiting(current, o, now, graceMs);
  // Waiting for its time: nothing Exotel says about an earlier round moves it.
  if (isWaiting(current.state)) {
    const n = o.attempt ?? current.attempt;
    return n >= 1 ? observePastAttempt(current, n, o, now) : undefined;
  }
  if (o.nextAttempt) return startNextAttempt(current, o.nextAttempt, now, graceMs);
  const n = o.attempt ?? current.attempt;
  if (n !== current.attempt) return observePastAttempt(current, n, o, now);
  if (current.advancing) return observeBetweenAttempts(current, o, now);

  const next: CallRecord = { ...current, version: current.version + 1 };
  let changed = false;
  const final = isFinal(current.state);
  // A call settled `ended` without word from Exotel still takes Exotel's late word into
  // the record (for the operator); the visitor's state stays as it is.
  const correctable = current.state === 'ended' && !current.reportedEnding;
  const attempt = current.attempts[n - 1];
  if (attempt) {
    const attempts = withAttempt(current, n, attemptChanges(attempt, o, now));
    if (attempts) {
      next.attempts = attempts;
      changed = true;
    }
  }
  if (o.exotelSid && !current.exotelSid) {
    next.exotelSid = o.exotelSid;
    changed = true;
  }
  // A recording is kept whenever Exotel tells it, even on a settled call (the operator's record).
  if (o.recordingUrl && o.recordingUrl !== current.recordingUrl) {
    next.recordingUrl = o.recordingUrl;
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
  const missed = !final && o.state && isFinal(o.state) && o.agentMissed;
  if (missed && current.attempt < current.maxAttempts) {
    // Another agent may still answer: the next attempt is chosen and stored, then dialled.
    next.advancing = true;
    next.checkAt = now + ADVANCE_GRACE_MS;
    changed = true;
  } else if (correctable && o.state && isFinal(o.state) && o.state !== 'ended') {
    next.reportedEnding = o.state;
    next.checkAt = null;
    changed = true;
  } else if (o.state && canTransition(current.state, o.state)) {
    if (isFinal(o.state)) endRound(next, o.state, now, graceMs);
    else {
      next.state = o.state;
      next.updatedAt = now;
      next.checks = 0;
      next.checkAt = nextCheckAt(next, now, graceMs);
    }
    changed = true;
  } else if (o.reschedule && (!final || correctable)) {
    next.checkAt = o.reschedule.checkAt;
    next.checks = o.reschedule.checks;
    changed = true;
  }
  return changed ? next : undefined;
}
