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

/**
 * How long until `date`, roughly, in words: `10 minutes`, `45 seconds`, `2 hours`.
 * A wait reads better than a clock time, which would be in a time zone the visitor
 * may not think in.
 */
export function formatWait(date: Date, locale: string): string {
  const seconds = Math.max(Math.ceil((date.getTime() - Date.now()) / 1000), 1);
  const [unit, count] =
    seconds < 60
      ? ['second', seconds]
      : seconds < 5400
        ? ['minute', Math.ceil(seconds / 60)]
        : ['hour', Math.round(seconds / 3600)];
  const options = { style: 'unit', unit, unitDisplay: 'long' } as const;
  try {
    return new Intl.NumberFormat(locale, options).format(count);
  } catch {
    return new Intl.NumberFormat('en', options).format(count);
  }
}
