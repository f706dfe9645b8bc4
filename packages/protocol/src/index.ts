export {
  CALL_STATES,
  type CallState,
  callStateRank,
  canTransition,
  FINAL_STATES,
  type FinalCallState,
  isFinal,
  isWaiting,
  type LiveCallState,
  WAITING_STATES,
  type WaitingCallState,
} from './callStates.js';
export type { components, operations, paths } from './generated/ringback.js';
export { type FieldError, PROBLEMS, type ProblemBody, type ProblemCode } from './problems.js';

import type { components } from './generated/ringback.js';

type Schemas = components['schemas'];
/** A call as the proxy reports it. */
export type Call = Schemas['Call'];
/** A widget's public configuration. */
export type Widget = Schemas['Widget'];
/** The human-verification challenge a widget asks for. */
export type Verification = Schemas['Verification'];
/** The body of `POST /v1/calls`. */
export type CreateCallRequest = Schemas['CreateCallRequest'];
/** One free callback slot (`GET /v1/widgets/{widgetId}/slots`). */
export type Slot = Schemas['Slot'];
/** The answer of `GET /v1/widgets/{widgetId}/slots`. */
export type SlotList = Schemas['SlotList'];
