import type { components } from './generated/ringback.js';

/** What the visitor sees of a call (spec/ringback.yaml `CallState`). */
export type CallState = components['schemas']['CallState'];

/** Every call state, in the order a call moves through them; the endings last. */
export const CALL_STATES = [
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
] as const satisfies readonly CallState[];

/** A call state after which nothing changes. */
export type FinalCallState = (typeof FINAL_STATES)[number];
/** A call state while the call is under way. */
export type LiveCallState = Exclude<CallState, FinalCallState>;

/** Whether `state` is an ending. Accepts any string, so a session status can be asked too. */
export const isFinal = (state: string): state is FinalCallState =>
  (FINAL_STATES as readonly string[]).includes(state);

/**
 * How far along a call in `state` is: 0 (`requested`) … 4 (`connected`), 5 for every
 * ending. States only move to a higher rank, so duplicated, replayed and reordered
 * updates can never move a call backwards, and the first ending wins.
 */
export function callStateRank(state: CallState): number {
  return isFinal(state) ? 5 : CALL_STATES.indexOf(state);
}

/** Whether a call in `from` may move to `to`: forward only, and never out of an ending. */
export function canTransition(from: CallState, to: CallState): boolean {
  return !isFinal(from) && callStateRank(to) > callStateRank(from);
}
