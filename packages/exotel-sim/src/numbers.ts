/**
 * Exotel accepts Indian numbers in several spellings and echoes them back in
 * 0-prefixed national form (`09812345678`) in every response and callback.
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

/** The 10 national digits of a normalised Indian number, or `null` for foreign ones. */
export function nationalDigits(normalized: string): string | null {
  return /^0\d{10}$/.test(normalized) ? normalized.slice(1) : null;
}
