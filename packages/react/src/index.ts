'use client';

// The texts first: bundlers emit modules in import order, and the code after the texts
// compresses better (about 60 B of this package's 10 kB, 100 B of the embed's script).
// biome-ignore assist/source/organizeImports: the order above is deliberate
export { type ClickToCallMessages, catalogs, en, hi, resolveMessages } from './messages.js';
export * from '@ringback/client';
export { ClickToCall, type ClickToCallProps } from './ClickToCall.js';
export type { CountryOption } from './formatters.js';
export { onPageChange, pageColorScheme, pageLanguage } from './pageSettings.js';
export type { StatusTone } from './statusMessage.js';
export { css as clickToCallCss } from './styles.js';
export type { SlotGroup } from './useSlotPicker.js';
export {
  type CallEndedEvent,
  type ClickToCallState,
  type UseClickToCallOptions,
  useClickToCall,
} from './useClickToCall.js';
