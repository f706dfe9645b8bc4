const EXOTEL_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
export const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
/** Exotel writes the Unix epoch, in IST or not, where a time is not known yet. */
const NO_TIME = /^1970-01-01[ T](00:00:00|05:30:00)/;

/** The text trimmed, or `null` for `""` and the text `null` (any case): Exotel's ways of sending no value as a string. */
export function textOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toLowerCase() === 'null' ? null : trimmed;
}

/** `""` and the text `null` (any case): see textOrNull. */
export function isEmptyText(value: string): boolean {
  return textOrNull(value) === null;
}

/**
 * Converts an Exotel date-time into ISO 8601. Exotel mostly writes
 * `YYYY-MM-DD HH:mm:ss` without a zone, in the account's time (India accounts
 * report IST, `+05:30`, the default `utcOffset`); some payloads carry an offset
 * (`+05:30`, `+0530`, `Z`), which is kept.
 *
 * Returns `null` where Exotel means "no time": `""`, the text `null`, and the epoch
 * (`1970-01-01 05:30:00`, `1970-01-01 00:00:00`); `undefined` for text that is not
 * a valid date-time.
 *
 * @example toIsoDateTime('2025-12-05 19:21:01') // '2025-12-05T19:21:01+05:30'
 * @example toIsoDateTime('2025-12-05 19:21:01+0530') // '2025-12-05T19:21:01+05:30'
 * @example toIsoDateTime('1970-01-01 05:30:00') // null
 */
export function toIsoDateTime(value: string, utcOffset = '+05:30'): string | null | undefined {
  if (isEmptyText(value)) return null;
  const text = value.trim();
  const match = EXOTEL_DATE_TIME.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Reject 2026-02-30 and 25:00:00 rather than letting Date roll them over.
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const zone = match[8];
  let offset = utcOffset;
  if (zone === 'Z') offset = 'Z';
  else if (zone) {
    offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (!UTC_OFFSET.test(offset)) return undefined;
  }
  if (NO_TIME.test(text)) return null;
  const fraction = match[7] ?? '';
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${fraction}${offset}`;
}
