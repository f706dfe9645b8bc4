const EXOTEL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/**
 * Converts Exotel's zone-less `YYYY-MM-DD HH:mm:ss` into ISO 8601 with the account's
 * UTC offset (India accounts report IST, `+05:30`). Returns undefined for text that
 * is not a valid date-time; values already carrying a zone pass through.
 */
export function toIsoDateTime(value: string, utcOffset = '+05:30'): string | undefined {
  if (ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const match = EXOTEL_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  // Reject 2026-02-30 and 25:00:00 rather than letting Date roll them over.
  if (
    date.getUTCMonth() !== month! - 1 ||
    date.getUTCDate() !== day! ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 59
  ) {
    return undefined;
  }
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${utcOffset}`;
}
