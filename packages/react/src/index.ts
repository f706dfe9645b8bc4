'use client';

export * from '@ringback/client';
export { ClickToCall, type ClickToCallProps } from './ClickToCall.js';
export type { CountryOption } from './formatters.js';
export { type ClickToCallMessages, catalogs, en, hi, resolveMessages } from './messages.js';
export type { StatusTone } from './statusMessage.js';
export { css as clickToCallCss } from './styles.js';
export {
  type CallEndedEvent,
  type ClickToCallState,
  type UseClickToCallOptions,
  useClickToCall,
} from './useClickToCall.js';
