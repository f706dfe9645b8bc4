import type { CallState } from './callState.js';
import type { CallContext, CallEvent } from './Store.js';

/** A call as the business's own code sees it, with what the browser never gets. */
export interface CallSnapshot {
  id: string;
  widgetId: string;
  /** The visitor's number, E.164. */
  to: string;
  state: CallState;
  final: boolean;
  /** Exotel's CallSid, once known: look the call up in Exotel's dashboard. */
  exotelSid: string | null;
  /** Exotel's last reported status. */
  exotelStatus: string | null;
  /** The recording of the current attempt, once Exotel has told it (`record: true`). */
  recordingUrl: string | null;
  /**
   * For a call settled `ended` (Exotel never said how it ended within the call's longest
   * possible life): the ending Exotel reported later, if it did. Read it from the store;
   * no further event is sent for it.
   */
  reportedEnding: CallState | null;
  conversationSeconds: number | null;
  createdAt: string;
  updatedAt: string;
  /** The attempt the call is on, from 1 (0: no agent could be tried). */
  attempt: number;
  maxAttempts: number;
  /** The configured id of the agent the current attempt rings. */
  agentId: string | null;
  /** Every attempt so far: which agent, Exotel's CallSid and status, how it ended. */
  attempts: AttemptSnapshot[];
  /** The lead's answers to the widget's `fields`, by field id (`{}` when none). */
  fields: Record<string, string>;
  /** That the visitor ticked the consent box: when, and the text shown; `null` otherwise. */
  consent: { at: string; text: { en: string; hi?: string } } | null;
  /** The page, referrer and campaign tags the call came from, when the widget sent them. */
  context: CallContext | null;
  /** The slot the visitor booked, for a booked callback; `null` otherwise. */
  scheduledFor: string | null;
  /** While a missed round waits to be retried: when it will be; `null` otherwise. */
  retryAt: string | null;
}

/** One Exotel connect to one agent, as the business's code sees it. */
export interface AttemptSnapshot {
  attempt: number;
  agentId: string;
  agentName: string | null;
  exotelSid: string | null;
  exotelStatus: string | null;
  /** How the attempt ended, `null` while it runs. */
  outcome: CallState | null;
  /** The attempt's recording, once Exotel has told it. */
  recordingUrl: string | null;
  startedAt: string;
  endedAt: string | null;
}

/** Called after each state change is stored. A throw or rejection is logged and ignored. */
export type CallEventHook = (call: CallSnapshot, event: CallEvent) => void | Promise<void>;
