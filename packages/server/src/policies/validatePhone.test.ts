import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { NumberType } from '../domain/RingbackConfig.js';
import { type PhonePolicy, validatePhone } from './validatePhone.js';

const policy: PhonePolicy = {
  countries: ['IN', 'US'],
  defaultCountry: 'IN',
  numberTypes: new Set<NumberType>(['mobile', 'fixed-line']),
  blocked: new Set(['+919876543210']),
};

function refusal(phone: string, country?: string, p: PhonePolicy = policy) {
  try {
    validatePhone(phone, country, p);
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'accepted';
}

describe('validatePhone', () => {
  it('normalizes E.164 and national spellings', () => {
    expect(validatePhone('+91 98123 45678', undefined, policy)).toEqual({
      e164: '+919812345678',
      country: 'IN',
      type: 'mobile',
    });
    expect(validatePhone('098123-45678', undefined, policy).e164).toBe('+919812345678');
    expect(validatePhone('(415) 555-0123', 'US', policy)).toEqual({
      e164: '+14155550123',
      country: 'US',
      type: 'mobile',
    });
  });

  it('accepts an Indian landline as fixed-line', () => {
    expect(validatePhone('080 4711 2400', 'IN', policy).type).toBe('fixed-line');
  });

  it('refuses what is not a valid number', () => {
    expect(refusal('hello')).toBe('invalid_phone');
    expect(refusal('12345')).toBe('invalid_phone');
    expect(refusal('+91 98123 45678 ext. 12')).toBe('invalid_phone');
    expect(refusal('+999 1234567')).toBe('invalid_phone');
  });

  it('refuses countries outside the allowlist', () => {
    expect(refusal('+44 7400 123456')).toBe('country_not_allowed');
    // Non-geographic numbers have no country.
    expect(refusal('+800 1234 5678')).toBe('country_not_allowed');
  });

  it('refuses premium-rate, toll-free, shared-cost and other types by default', () => {
    const gb: PhonePolicy = { ...policy, countries: ['GB', 'IN'] };
    expect(refusal('+44 871 234 5678', undefined, gb)).toBe('number_type_not_allowed');
    expect(refusal('+44 909 876 5432', undefined, gb)).toBe('number_type_not_allowed');
    expect(refusal('1800 210 0000', 'IN', gb)).toBe('number_type_not_allowed');
    expect(refusal('+44 56 1234 5678', undefined, gb)).toBe('number_type_not_allowed');
    expect(refusal('+44 70 1234 5678', undefined, gb)).toBe('number_type_not_allowed');
    expect(refusal('+44 7640 123456', undefined, gb)).toBe('number_type_not_allowed');
  });

  it('allows a refused type when the widget lists it', () => {
    const tollFree: PhonePolicy = { ...policy, numberTypes: new Set<NumberType>(['toll-free']) };
    expect(validatePhone('1800 210 0000', 'IN', tollFree).type).toBe('toll-free');
    expect(refusal('+91 98123 45678', undefined, tollFree)).toBe('number_type_not_allowed');
  });

  it('treats US "fixed line or mobile" as allowed when either is', () => {
    const landlineOnly: PhonePolicy = {
      ...policy,
      numberTypes: new Set<NumberType>(['fixed-line']),
    };
    expect(validatePhone('+1 415 555 0123', undefined, landlineOnly).type).toBe('fixed-line');
  });

  it('refuses blocked numbers', () => {
    expect(refusal('+91 98765 43210')).toBe('number_blocked');
  });

  it('rests on what libphonenumber holds: with the full metadata, valid is having a type', () => {
    // validatePhone reads validity from getType() alone; check that against isValid().
    const prefixes = ['+91', '+1', '+44', '+971', '+65', '+61', '+49', '+7', '+880', '+0'];
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.stringMatching(/^[0-9]{3,13}$/),
        (prefix, digits) => {
          const parsed = parsePhoneNumberFromString(`${prefix}${digits}`, { extract: false });
          if (!parsed) return;
          expect(parsed.getType() !== undefined).toBe(parsed.isValid());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
