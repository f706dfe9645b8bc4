import type { CallState, components } from '@ringback/protocol';

export type {
  CallState,
  FinalCallState,
  LiveCallState,
  WaitingCallState,
} from '@ringback/protocol';
export {
  CALL_STATES,
  callStateRank,
  canTransition,
  FINAL_STATES,
  isFinal,
  isWaiting,
  WAITING_STATES,
} from '@ringback/protocol';

type Schemas = components['schemas'];

/** A call as the proxy reports it. */
export type Call = Schemas['Call'];
/** A widget's public configuration. */
export type Widget = Schemas['Widget'];
/** A question a widget asks the visitor (name, reason…): a text field, a textarea or a select. */
export type WidgetField = Schemas['WidgetField'];
/** The consent box a widget shows. */
export type WidgetConsent = Schemas['WidgetConsent'];
/** A text in English and, optionally, Hindi. */
export type LocalizedText = Schemas['LocalizedText'];
/** Where a call was requested from: page, referrer and campaign tags. */
export type CallContext = Schemas['CallContext'];
/** The human-verification challenge a widget asks for. */
export type Verification = Schemas['Verification'];
/** An RFC 9457 problem from the proxy. */
export type Problem = Schemas['Problem'];
/** The proxy's stable problem codes. */
export type ProblemCode = Schemas['ProblemCode'];
/** A callback slot a visitor may book: `start` (send it as `scheduledFor`) and `end`, in UTC. */
export type Slot = Schemas['Slot'];
/** The free callback slots of a widget, and the shop's time zone to show them in. */
export type SlotList = Schemas['SlotList'];
/** The body of `POST /v1/calls`. */
export type CreateCallRequest = Schemas['CreateCallRequest'];

/**
 * Where a session is: before a call (`idle`, `validating`, `submitting`), the call's
 * own state once the proxy accepted it, or `error` (see `snapshot.error.code`).
 */
export type CallSessionStatus = 'idle' | 'validating' | 'submitting' | CallState | 'error';
