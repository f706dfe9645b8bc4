export type { components, paths } from '@ringback/protocol';
export type {
  CallSession,
  CallSessionOptions,
  CallSessionSnapshot,
  SubmitInput,
} from './CallSession.js';
export {
  CallSessionError,
  type CallSessionErrorCode,
  type CallSessionErrorInit,
} from './CallSessionError.js';
export {
  type CheckedLead,
  checkLead,
  type LeadError,
  type LeadInput,
  type LeadProblem,
  leadErrors,
} from './checkLead.js';
export { collectCallContext } from './collectCallContext.js';
export type { CallStorage } from './createCallMemory.js';
export { createCallSession } from './createCallSession.js';
export type { CallTransport } from './followCall.js';
export {
  DEFAULT_PHONE_RULES,
  getCallingCode,
  type ParsedPhoneNumber,
  type ParsePhoneNumberOptions,
  type PhoneProblem,
  parsePhoneNumber,
} from './parsePhoneNumber.js';
export type { PhoneFormatData, PhoneRuleData, PhoneRules } from './phoneRule.js';
export {
  CALL_STATES,
  type Call,
  type CallContext,
  type CallSessionStatus,
  type CallState,
  type CreateCallRequest,
  callStateRank,
  canTransition,
  FINAL_STATES,
  type FinalCallState,
  isFinal,
  isWaiting,
  type LiveCallState,
  type LocalizedText,
  type Problem,
  type ProblemCode,
  type Slot,
  type SlotList,
  type Verification,
  WAITING_STATES,
  type WaitingCallState,
  type Widget,
  type WidgetConsent,
  type WidgetField,
} from './types.js';
