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

/** A day: `Wed, 2 Dec`. */
export const DAY = { weekday: 'short', day: 'numeric', month: 'short' } as const;
/** A time of day: `10:30 am`. */
export const TIME = { hour: 'numeric', minute: '2-digit' } as const;
/** Both: `Wed, 2 Dec, 10:30 am`. */
export const WHEN = { ...DAY, ...TIME };

/**
 * `date` in the visitor's locale and the shop's time zone (`timeZone`; the visitor's
 * own without one), naming the zone with a time when the visitor's clock would read
 * otherwise: `Wed, 2 Dec, 10:30 am IST`.
 */
export function formatWhen(
  date: Date,
  locale: string,
  timeZone?: string | null,
  parts: Intl.DateTimeFormatOptions = WHEN,
): string {
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone ?? undefined }).format(date);
  try {
    const own = new Intl.DateTimeFormat(locale, WHEN).format(date);
    return format({
      ...parts,
      timeZoneName: parts.hour && own !== format(WHEN) ? 'short' : undefined,
    });
  } catch {
    // An invalid locale tag or zone.
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
