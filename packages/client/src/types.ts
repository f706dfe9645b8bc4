import type { components } from './generated/ringback.js';

type Schemas = components['schemas'];

/** A call as the proxy reports it. */
export type Call = Schemas['Call'];
/** The states a call moves through on the server. */
export type CallState = Schemas['CallState'];
/** A widget's public configuration. */
export type Widget = Schemas['Widget'];
/** The human-verification challenge a widget asks for. */
export type Verification = Schemas['Verification'];
/** An RFC 9457 problem from the proxy. */
export type Problem = Schemas['Problem'];
/** The proxy's stable problem codes. */
export type ProblemCode = Schemas['ProblemCode'];
/** The body of `POST /v1/calls`. */
export type CreateCallRequest = Schemas['CreateCallRequest'];

/** Call states after which nothing changes. */
export type FinalCallState = Extract<
  CallState,
  'completed' | 'agent-unavailable' | 'not-answered' | 'busy' | 'failed' | 'canceled' | 'ended'
>;

/** Call states while the call is under way. */
export type LiveCallState = Exclude<CallState, FinalCallState>;

/**
 * Where a session is: before a call (`idle`, `validating`, `submitting`), the call's
 * own state once the proxy accepted it, or `error` (see `snapshot.error.code`).
 */
export type CallSessionStatus = 'idle' | 'validating' | 'submitting' | CallState | 'error';

export const FINAL_STATES: readonly FinalCallState[] = [
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
  'ended',
];

/** Whether a status is the end of a call. */
export const isFinalState = (status: CallSessionStatus): status is FinalCallState =>
  (FINAL_STATES as readonly string[]).includes(status);
