import type { StatusCallbackEventType } from './validateConnect.js';

/** Every StatusCallbackEvents value Exotel documents. */
export const CALLBACK_EVENTS: readonly StatusCallbackEventType[] = ['terminal', 'answered'];

/** Why `value` is not a list of callback events, or `undefined` when it is one. */
export function checkCallbackEvents(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'Callback events must be a list, e.g. ["terminal"]';
  for (const event of value) {
    if (!(CALLBACK_EVENTS as readonly unknown[]).includes(event)) {
      return `Unknown callback event ${JSON.stringify(event)}: use ${CALLBACK_EVENTS.join(', ')}`;
    }
  }
  if (new Set(value).size !== value.length) return 'Callback events must not repeat';
  return undefined;
}
