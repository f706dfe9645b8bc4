import type { components } from '../generated/ringback.js';

export type CallState = components['schemas']['CallState'];

export const FINAL_STATES: ReadonlySet<CallState> = new Set<CallState>([
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
  'ended',
]);

// How far along a call is. A call only moves to a higher rank, so duplicated, replayed
// and reordered callbacks can never move it backwards; final states share the top rank,
// so the first ending wins and nothing re-opens a finished call.
const RANK: Record<CallState, number> = {
  requested: 0,
  unknown: 1,
  'dialing-agent': 2,
  'dialing-you': 3,
  connected: 4,
  completed: 5,
  'agent-unavailable': 5,
  'not-answered': 5,
  busy: 5,
  failed: 5,
  canceled: 5,
  ended: 5,
};

export function isFinal(state: CallState): boolean {
  return FINAL_STATES.has(state);
}

/** Whether a call in `from` may move to `to`. */
export function canTransition(from: CallState, to: CallState): boolean {
  if (isFinal(from)) return false;
  return RANK[to] > RANK[from];
}
