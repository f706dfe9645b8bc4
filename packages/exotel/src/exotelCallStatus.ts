import type { ExotelCallStatus, ExotelStatusReading } from './types.js';

/** The statuses with which Exotel closes a call: nothing about it changes after one. */
export const EXOTEL_FINAL_STATUSES = [
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const satisfies readonly ExotelCallStatus[];

/** Whether Exotel's `Status` (of a call or of one leg) is an ending. Any string may be asked. */
export const isFinalExotelStatus = (
  status: string | null | undefined,
): status is (typeof EXOTEL_FINAL_STATUSES)[number] =>
  (EXOTEL_FINAL_STATUSES as readonly (string | null | undefined)[]).includes(status);

const KNOWN_STATUSES: ReadonlySet<string> = new Set<ExotelCallStatus>([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
]);

/** A status compared without case (`Completed` is `completed`); one not known is kept as sent. */
export function readExotelStatus(value: string): ExotelStatusReading {
  const lower = value.toLowerCase();
  return KNOWN_STATUSES.has(lower)
    ? { status: lower as ExotelCallStatus, statusKnown: true }
    : { status: value, statusKnown: false };
}
