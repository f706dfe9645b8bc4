/**
 * Exotel accepts Indian numbers in several spellings. The simulator keys its fates
 * on one normalised form (`09812345678`), and echoes `To`/`From` the way live
 * Exotel does: E.164 when they were sent with the country code, 0-prefixed national
 * form otherwise.
 */

const SEPARATORS = /[\s\-().]/g;

/**
 * Normalises a number the way Exotel echoes it: Indian numbers become `0` + 10
 * digits; other E.164 numbers are kept as `+…`. Returns `null` for anything that is
 * not a phone number.
 *
 * @example normalizeNumber('+919812345678') // '09812345678'
 */
export function normalizeNumber(raw: string): string | null {
  // A raw `+` in a urlencoded body decodes to a space (curl -d From=+91…): the
  // separator strip below turns ` 919812345678` back into a 12-digit number.
  const value = raw.trim().replace(SEPARATORS, '');
  let match = /^(?:\+91|0091|91)(\d{10})$/.exec(value);
  if (match) return `0${match[1]}`;
  match = /^0(\d{10})$/.exec(value);
  if (match) return value;
  match = /^([1-9]\d{9})$/.exec(value);
  if (match) return `0${match[1]}`;
  // Other countries pass through in E.164; a +91 number of the wrong length does not.
  if (/^\+[1-9]\d{6,14}$/.test(value) && !value.startsWith('+91')) return value;
  return null;
}

/**
 * A number as Exotel echoes it in responses and callbacks: `+91…` when it was sent
 * with the country code (`+91`, `0091`, `91`), `0…` when sent national, foreign
 * E.164 as is. `null` for anything that is not a phone number.
 *
 * @example echoNumber('+91 98123 45678') // '+919812345678'
 * @example echoNumber('9812345678') // '09812345678'
 */
export function echoNumber(raw: string): string | null {
  const normalized = normalizeNumber(raw);
  if (normalized === null) return null;
  const international = /^(?:\+91|0091|91)\d{10}$/.test(raw.trim().replace(SEPARATORS, ''));
  return international ? `+91${normalized.slice(1)}` : normalized;
}

/** The 10 national digits of a normalised Indian number, or `null` for foreign ones. */
export function nationalDigits(normalized: string): string | null {
  return /^0\d{10}$/.test(normalized) ? normalized.slice(1) : null;
}
