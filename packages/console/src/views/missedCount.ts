import type { MissedReason, StatsFigures } from '../api/types.js';

/** Why calls are missed, in the order the console shows them. */
export const MISSED_REASONS: readonly MissedReason[] = [
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'expired',
];

/** Every miss, whatever the reason. */
export const missedCount = (figures: StatsFigures) =>
  MISSED_REASONS.reduce((sum, reason) => sum + figures.missed[reason], 0);
