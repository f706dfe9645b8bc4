import { EXOTEL_FINAL_STATUSES, isFinalExotelStatus } from '@ringback/exotel';
import type { CallState } from './callState.js';

/** What Exotel said about a call, from a StatusCallback or from Call Details. */
export interface ExotelObservation {
  /** `answered`, `terminal`, or `null` (Call Details, or a callback without an event type). */
  eventType: 'answered' | 'terminal' | null;
  status: string;
  /** Leg 1 is the agent (`From`), leg 2 the visitor (`To`); `null` when not reached or not reported. */
  agentLeg: string | null;
  visitorLeg: string | null;
  conversationSeconds: number | null;
}

// A leg that ended without being answered: every ending but `completed`.
const FAILED_LEG: ReadonlySet<string> = new Set(
  EXOTEL_FINAL_STATUSES.filter((s) => s !== 'completed'),
);
const UP = new Set(['in-progress', 'completed']);

const VISITOR_ENDING: Record<string, CallState> = {
  busy: 'busy',
  'no-answer': 'not-answered',
  failed: 'failed',
  canceled: 'canceled',
};
const AGENT_ENDING: Record<string, CallState> = {
  busy: 'agent-unavailable',
  'no-answer': 'agent-unavailable',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * The visitor-facing state an Exotel observation implies; the caller applies it only
 * if it moves the call forward. `current` fills gaps when Exotel sends no leg data.
 * The mapping is documented in the package README ("Call states").
 */
export function stateFromExotel(o: ExotelObservation, current: CallState): CallState {
  const agentUp = o.agentLeg !== null && UP.has(o.agentLeg);
  const visitorUp = o.visitorLeg !== null && UP.has(o.visitorLeg);

  if (!isFinalExotelStatus(o.status)) {
    // The call is live: how far it got is told by its legs.
    if (visitorUp) return 'connected';
    if (agentUp) return 'dialing-you';
    // An `answered` event without leg data is at least the agent picking up.
    if (o.eventType === 'answered') return 'dialing-you';
    return 'dialing-agent';
  }

  const talked = visitorUp || (o.conversationSeconds ?? 0) > 0 || current === 'connected';
  if (o.status === 'completed' && talked) return 'completed';
  // The call takes the status of the leg that failed; the legs say which one it was.
  if (o.visitorLeg !== null && FAILED_LEG.has(o.visitorLeg)) return VISITOR_ENDING[o.visitorLeg]!;
  if (o.agentLeg !== null && FAILED_LEG.has(o.agentLeg)) return AGENT_ENDING[o.agentLeg]!;
  const agentAnswered = agentUp || current === 'dialing-you';
  if (o.status === 'completed') return agentAnswered ? 'not-answered' : 'agent-unavailable';
  return (agentAnswered ? VISITOR_ENDING : AGENT_ENDING)[o.status]!;
}

/**
 * Whether a call ended because the agent never picked up (busy, no answer, failed,
 * canceled) before the visitor's phone rang: then another agent may be tried. Once the
 * agent answered, or the visitor's leg was dialled, the ending is the visitor's.
 */
export function agentMissed(o: ExotelObservation, current: CallState): boolean {
  if (!isFinalExotelStatus(o.status)) return false;
  const agentAnswered =
    (o.agentLeg !== null && UP.has(o.agentLeg)) ||
    current === 'dialing-you' ||
    current === 'connected';
  const visitorDialled =
    o.visitorLeg !== null && (UP.has(o.visitorLeg) || FAILED_LEG.has(o.visitorLeg));
  return !agentAnswered && !visitorDialled && (o.conversationSeconds ?? 0) === 0;
}
