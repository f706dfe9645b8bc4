import type { components } from './generated/ringback.js';

/** What the visitor sees of a call (spec/ringback.yaml `CallState`). */
export type CallState = components['schemas']['CallState'];

/** Every call state, in the order a call moves through them; the endings last. */
export const CALL_STATES = [
  'scheduled',
  'retry-scheduled',
  'requested',
  'unknown',
  'dialing-agent',
  'dialing-you',
  'connected',
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
  'ended',
  'expired',
] as const satisfies readonly CallState[];

/** The states after which nothing about the visitor's call changes. */
export const FINAL_STATES = [
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
  'ended',
  'expired',
] as const satisfies readonly CallState[];

/**
 * The states in which a call waits for a time to be placed: a callback the visitor
 * booked (`scheduled`) or a retry after a miss (`retry-scheduled`). Each starts a round.
 */
export const WAITING_STATES = [
  'scheduled',
  'retry-scheduled',
] as const satisfies readonly CallState[];

/** A call state after which nothing changes. */
export type FinalCallState = (typeof FINAL_STATES)[number];
/** A call state while the call is under way. */
export type LiveCallState = Exclude<CallState, FinalCallState>;
/** A call state in which the call waits to be placed. */
export type WaitingCallState = (typeof WAITING_STATES)[number];

/** Whether `state` is an ending. Accepts any string, so a session status can be asked too. */
export const isFinal = (state: string): state is FinalCallState =>
  (FINAL_STATES as readonly string[]).includes(state);

/** Whether `state` waits for a time to be placed (`scheduled`, `retry-scheduled`). */
export const isWaiting = (state: string): state is WaitingCallState =>
  (WAITING_STATES as readonly string[]).includes(state);

/**
 * How far along the current round of a call in `state` is: 0 while it waits
 * (`scheduled`, `retry-scheduled`), 1 (`requested`) … 5 (`connected`), 6 for every
 * ending. Within a round states only move to a higher rank, so duplicated, replayed and
 * reordered updates never move a call backwards, and the first ending wins.
 */
export function callStateRank(state: CallState): number {
  if (isFinal(state)) return 6;
  return isWaiting(state) ? 0 : CALL_STATES.indexOf(state) - 1;
}

/**
 * Whether a call in `from` may move to `to`. A call is one or more rounds (the visitor's
 * request, a booked callback, then each automatic retry): within a round, forward only
 * (by rank); a round that missed (or a booked callback that found nobody to ring) may end
 * in `retry-scheduled` instead of an ending, and the next round starts from there (rank
 * 0) as a booked callback starts from `scheduled`. Nothing moves into `scheduled` or from
 * `retry-scheduled` into itself, and nothing leaves an ending.
 */
export function canTransition(from: CallState, to: CallState): boolean {
  if (isFinal(from) || to === 'scheduled') return false;
  if (to === 'retry-scheduled') return from !== 'retry-scheduled';
  return callStateRank(to) > callStateRank(from);
}
