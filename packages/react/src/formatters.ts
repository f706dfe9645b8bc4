import { getCallingCode, type PhoneRules } from '@ringback/client';

export interface CountryOption {
  /** ISO 3166-1 alpha-2. */
  code: string;
  /** The name in the visitor's language, from `Intl.DisplayNames`. */
  name: string;
  /** `'91'` for India; `undefined` for countries without browser-side rules. */
  callingCode: string | undefined;
}

export function countryOptions(
  codes: readonly string[],
  locale: string,
  rules: PhoneRules | undefined,
): CountryOption[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  } catch {
    // An invalid locale tag: fall back to the codes.
  }
  return codes.map((code) => ({
    code,
    name: names?.of(code) ?? code,
    callingCode: getCallingCode(code, rules),
  }));
}

/** A date and time in the visitor's locale and time zone. */
export function formatWhen(date: Date, locale: string): string {
  try {
    return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return date.toLocaleString();
  }
}

/** `41` → `0:41`. */
export const formatDuration = (seconds: number | null | undefined): string =>
  seconds == null ? '' : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
