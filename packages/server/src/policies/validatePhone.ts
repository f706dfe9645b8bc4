import {
  type CountryCode,
  isSupportedCountry,
  type NumberType as LibNumberType,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { Problem } from '../domain/problem.js';
import type { NumberType } from '../domain/RingbackConfig.js';
import { asciiDigits } from './asciiDigits.js';

export interface PhonePolicy {
  countries: readonly string[];
  defaultCountry: string;
  numberTypes: ReadonlySet<NumberType>;
  /** E.164 numbers never called (the widget's own agent and ExoPhone, the server's blocklist). */
  blocked: ReadonlySet<string>;
}

export interface ValidPhone {
  /** E.164. */
  e164: string;
  country: string;
  type: NumberType;
}

const TYPE_NAMES: Record<Exclude<LibNumberType, 'FIXED_LINE_OR_MOBILE' | undefined>, NumberType> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed-line',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  VOIP: 'voip',
  PERSONAL_NUMBER: 'personal',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
};

const DESCRIBED: Record<NumberType, string> = {
  mobile: 'Mobile numbers',
  'fixed-line': 'Landline numbers',
  'toll-free': 'Toll-free numbers',
  'premium-rate': 'Premium-rate numbers',
  'shared-cost': 'Shared-cost numbers',
  voip: 'VoIP numbers',
  personal: 'Personal (follow-me) numbers',
  pager: 'Pager numbers',
  uan: 'UAN (company) numbers',
  voicemail: 'Voicemail numbers',
};

/**
 * Re-validates the visitor's number on the server with libphonenumber's full metadata,
 * whatever the widget already checked: country and number type must be allowed.
 * Throws the matching `Problem` otherwise.
 */
export function validatePhone(
  phone: string,
  country: string | undefined,
  policy: PhonePolicy,
): ValidPhone {
  // A national number is read in the country the visitor picked, else the widget's default.
  const region = country && isSupportedCountry(country) ? country : policy.defaultCountry;
  const parsed = parsePhoneNumberFromString(asciiDigits(phone), {
    defaultCountry: region as CountryCode,
    extract: false,
  });
  // With the full metadata a number is valid exactly when it has a type (that is how
  // libphonenumber's isValid() decides): matching the type once answers both.
  const libType = parsed?.getType();
  if (!parsed || libType === undefined || parsed.ext) {
    throw new Problem('invalid_phone', 'This is not a valid phone number.');
  }
  const numberCountry = parsed.country;
  if (!numberCountry || !policy.countries.includes(numberCountry)) {
    throw new Problem(
      'country_not_allowed',
      `Numbers from ${numberCountry ?? 'this region'} cannot be called from this widget.`,
    );
  }
  // "Fixed line or mobile" (US, CA, …) cannot be told apart; either being allowed is enough.
  const candidates: NumberType[] =
    libType === 'FIXED_LINE_OR_MOBILE'
      ? ['mobile', 'fixed-line']
      : libType
        ? [TYPE_NAMES[libType]]
        : [];
  const type = candidates.find((t) => policy.numberTypes.has(t));
  if (!type) {
    const what = candidates[0] ? DESCRIBED[candidates[0]] : 'Numbers of an unknown type';
    throw new Problem('number_type_not_allowed', `${what} cannot be called from this widget.`);
  }
  if (policy.blocked.has(parsed.number)) {
    throw new Problem('number_blocked', 'This number cannot be called.');
  }
  return { e164: parsed.number, country: numberCountry, type };
}
