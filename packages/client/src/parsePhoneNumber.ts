import { IN } from './generated/phoneRules.js';
import type { PhoneRuleData, PhoneRules } from './phoneRule.js';

/** The rules built in: India's. Add others from `@ringback/client/phone-rules`. */
export const DEFAULT_PHONE_RULES: PhoneRules = { IN };

/** Why a number fails the browser-side check. */
export type PhoneProblem = 'empty' | 'too_short' | 'too_long' | 'invalid' | 'country_not_allowed';

export interface ParsedPhoneNumber {
  /** What the visitor typed, formatted for display (as you type). */
  formatted: string;
  /** The number in E.164 (`+919812345678`), or `null` when it cannot be determined here. */
  e164: string | null;
  /** The country the number was read in: the calling code's country for `+…` input. */
  country: string;
  /** Whether the number passes the browser-side check. The server checks again. */
  valid: boolean;
  /** Why it is not valid, or `null`. */
  problem: PhoneProblem | null;
}

export interface ParsePhoneNumberOptions {
  /** ISO 3166-1 alpha-2 country a national number is read in. */
  country: string;
  /** Countries accepted; `+…` numbers from elsewhere are refused. @default [country] */
  countries?: readonly string[];
  /**
   * Numbering rules by country, e.g. `{ IN, AE, GB }` from `@ringback/client/phone-rules`.
   * Countries without rules get a light length check and are read by the server.
   * @default DEFAULT_PHONE_RULES (India)
   */
  rules?: PhoneRules;
}

// Digits other scripts type on phone keyboards: Arabic-Indic, Extended Arabic-Indic,
// Devanagari and full-width.
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0xff10];
const MAX_DIGITS = 17;

function digitsOf(input: string): string {
  let digits = '';
  for (const char of input) {
    const code = char.codePointAt(0)!;
    for (const zero of DIGIT_ZEROS) {
      if (code >= zero && code <= zero + 9) digits += code - zero;
    }
  }
  return digits.slice(0, MAX_DIGITS);
}

const fullMatch = (pattern: string, digits: string) => new RegExp(`^(?:${pattern})$`).test(digits);

/** The largest size of each group of a format pattern such as `(\d{2})(\d{4,5})(\d)`. */
const groupSizes = (pattern: string): number[] =>
  [...pattern.matchAll(/\\d(?:\{(?:\d+,)?(\d+)\})?\)/g)].map(([, max = '1']) => +max);

function formatNational(national: string, rule: PhoneRuleData): string {
  // The format whose leading digits match, preferring one the whole number fits.
  const formats = rule[4].filter(
    ([pattern, , leading]) =>
      new RegExp(`^(?:${leading})`).test(national) &&
      national.length <= groupSizes(pattern).reduce((sum, max) => sum + max, 0),
  );
  const [pattern, template] =
    formats.find(([pattern]) => fullMatch(pattern, national)) ?? formats[0] ?? [];
  if (!pattern || !template) return national;
  if (fullMatch(pattern, national)) {
    return national.replace(new RegExp(`^(?:${pattern})$`), template);
  }
  // Partial input: fill the groups in order and cut the template after the last one.
  const groups: string[] = [];
  let rest = national;
  for (const max of groupSizes(pattern)) {
    groups.push(rest.slice(0, max));
    rest = rest.slice(max);
  }
  const filled = groups.filter(Boolean).length;
  if (filled < 2) return national;
  const end = template.indexOf(`$${filled}`) + 2;
  return template.slice(0, end).replace(/\$(\d)/g, (_, i: string) => groups[+i - 1]!);
}

/** The calling code of a country with rules (`'IN'` → `'91'`). */
export const getCallingCode = (
  country: string,
  rules: PhoneRules = DEFAULT_PHONE_RULES,
): string | undefined => rules[country]?.[0];

/**
 * Reads what a visitor typed into a phone field: formats it as they type and, when
 * complete, normalizes it to E.164. Rules cover the countries in `PHONE_RULES`; for
 * others the number gets a light length check and is left for the server to read.
 */
export function parsePhoneNumber(
  input: string,
  options: ParsePhoneNumberOptions,
): ParsedPhoneNumber {
  const countries = options.countries ?? [options.country];
  const RULES = options.rules ?? DEFAULT_PHONE_RULES;
  let country = options.country;
  let digits = digitsOf(input);
  const international = /^\s*(\+|00)/.test(input);
  if (international && !input.trimStart().startsWith('+')) digits = digits.slice(2);

  let rule = RULES[country];
  if (international) {
    const match = [country, ...countries].find((c) => {
      const code = RULES[c]?.[0];
      return code && digits.startsWith(code);
    });
    if (match) {
      country = match;
      rule = RULES[match];
    } else {
      rule = undefined;
      // A +code from a country outside the allowlist: refuse only when every allowed
      // country is known here, otherwise let the server decide.
      if (countries.every((c) => RULES[c]) && digits.length >= 3) {
        return {
          formatted: `+${digits}`,
          e164: null,
          country,
          valid: false,
          problem: 'country_not_allowed',
        };
      }
    }
  }

  if (!rule) {
    const ok = digits.length >= (international ? 8 : 4) && digits.length <= 15;
    return {
      formatted: input.replace(/[^\d\s()+.-]/g, '').slice(0, 24),
      e164: international && ok ? `+${digits}` : null,
      country,
      valid: ok,
      problem: digits ? (ok ? null : digits.length < 4 ? 'too_short' : 'too_long') : 'empty',
    };
  }

  const [callingCode, nationalPrefix, pattern, lengths] = rule;
  let national = international ? digits.slice(callingCode.length) : digits;
  let typedPrefix = '';
  if (
    !international &&
    nationalPrefix &&
    national.startsWith(nationalPrefix) &&
    !fullMatch(pattern, national)
  ) {
    typedPrefix = nationalPrefix;
    national = national.slice(nationalPrefix.length);
  }

  let formatted = formatNational(national, rule);
  if (international) formatted = `+${callingCode}${national ? ' ' : ''}${formatted}`;
  else formatted = typedPrefix + formatted;

  const valid = lengths.includes(national.length) && fullMatch(pattern, national);
  const problem: PhoneProblem | null = valid
    ? null
    : !digits
      ? 'empty'
      : national.length < Math.min(...lengths)
        ? 'too_short'
        : national.length > Math.max(...lengths)
          ? 'too_long'
          : 'invalid';
  return {
    formatted,
    e164: valid ? `+${callingCode}${national}` : null,
    country,
    valid,
    problem,
  };
}
