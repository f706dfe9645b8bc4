// The call states and their rule live in @ringback/protocol, shared with the widget.
export {
  type CallState,
  canTransition,
  FINAL_STATES,
  isFinal,
  isWaiting,
} from '@ringback/protocol';
