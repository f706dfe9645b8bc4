// The call states and their rule live in @ringback/protocol, shared with the widget.
export {
  CALL_STATES,
  type CallState,
  canTransition,
  FINAL_STATES,
  isFinal,
  isWaiting,
} from '@ringback/protocol';
