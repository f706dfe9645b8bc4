import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import * as ALL_RULES from './generated/phoneRules.js';
import { getCallingCode, parsePhoneNumber } from './parsePhoneNumber.js';

const COUNTRIES = Object.keys(ALL_RULES);
const rules = { ...ALL_RULES };
type Country = Parameters<typeof parsePhoneNumberWithError>[1];

describe('parsePhoneNumber agrees with libphonenumber-js (max metadata)', () => {
  it.each(COUNTRIES)('%s: the example mobile number, national and international', (country) => {
    const reference = parsePhoneNumberWithError(
      examples[country as keyof typeof examples],
      country as Country,
    );
    const national = parsePhoneNumber(reference.formatNational(), { country, rules });
    expect(national).toEqual({
      formatted: reference.formatNational(),
      e164: reference.number,
      country,
      valid: true,
      problem: null,
    });
    const international = parsePhoneNumber(reference.number, {
      country: 'IN',
      countries: ['IN', country],
      rules,
    });
    expect(international).toMatchObject({ e164: reference.number, valid: true, country });
    expect(getCallingCode(country, rules)).toBe(reference.countryCallingCode);
  });

  it.each([
    ['IN', '011 2345 6789', '+911123456789'],
    ['IN', '1800 123 4567', '+9118001234567'],
    ['IN', '080 4711 2400', '+918047112400'],
    ['GB', '020 7946 0018', '+442079460018'],
    ['US', '(212) 555-0142', '+12125550142'],
    ['SG', '6123 4567', '+6561234567'],
  ])('%s: %s is %s', (country, input, e164) => {
    const reference = parsePhoneNumberWithError(input, country as Country);
    expect(reference.number).toBe(e164);
    expect(parsePhoneNumber(input, { country, rules })).toMatchObject({ e164, valid: true });
  });
});

describe('parsePhoneNumber as you type (India)', () => {
  const typed = (input: string) => parsePhoneNumber(input, { country: 'IN' });

  it('groups a mobile number as it grows', () => {
    expect(
      ['9', '98', '981', '9812', '98123', '981234', '9812345678'].map((s) => typed(s).formatted),
    ).toEqual(['9', '98', '981', '9812', '98123', '98123 4', '98123 45678']);
  });

  it('keeps a typed national prefix, as the number is written in India', () => {
    expect(typed('09812345678')).toMatchObject({
      formatted: '098123 45678',
      e164: '+919812345678',
    });
  });

  it('reads +91 and 0091 as international', () => {
    expect(typed('+919812345678')).toMatchObject({
      formatted: '+91 98123 45678',
      e164: '+919812345678',
    });
    expect(typed('0091 98123 45678')).toMatchObject({
      formatted: '+91 98123 45678',
      e164: '+919812345678',
    });
    expect(typed('+91').formatted).toBe('+91');
  });

  it('reads Devanagari, Arabic-Indic and full-width digits', () => {
    expect(typed('९८१२३ ४५६७८').e164).toBe('+919812345678');
    expect(typed('٩٨١٢٣٤٥٦٧٨').e164).toBe('+919812345678');
    expect(typed('９８１２３４５６７８').e164).toBe('+919812345678');
  });

  it('ignores letters and punctuation', () => {
    expect(typed('(98123)-45678 call me').e164).toBe('+919812345678');
  });

  it('says why a number is not valid', () => {
    expect(typed('').problem).toBe('empty');
    expect(typed('98123').problem).toBe('too_short');
    expect(typed('98123456789012').problem).toBe('too_long');
    expect(typed('98123456789').problem).toBe('invalid');
    expect(typed('+44 7400 123456').problem).toBe('country_not_allowed');
  });

  it('caps absurdly long input', () => {
    expect(typed('9'.repeat(100)).formatted.replace(/\D/g, '')).toHaveLength(17);
  });
});

describe('parsePhoneNumber for countries without browser-side rules', () => {
  it('applies a light length check and leaves the national number to the server', () => {
    expect(parsePhoneNumber('030 1234567', { country: 'DE' })).toEqual({
      formatted: '030 1234567',
      e164: null,
      country: 'DE',
      valid: true,
      problem: null,
    });
    expect(parsePhoneNumber('12', { country: 'DE' }).problem).toBe('too_short');
    expect(parsePhoneNumber('1234567890123456', { country: 'DE' }).problem).toBe('too_long');
  });

  it('passes +numbers through in E.164 when an allowed country is unknown here', () => {
    expect(
      parsePhoneNumber('+49 30 1234567', { country: 'IN', countries: ['IN', 'DE'] }),
    ).toMatchObject({
      e164: '+49301234567',
      valid: true,
    });
  });

  it('has no calling code for them', () => {
    expect(getCallingCode('DE')).toBeUndefined();
    expect(getCallingCode('IN')).toBe('91');
  });

  it('uses the rules it is given', () => {
    expect(parsePhoneNumber('050 123 4567', { country: 'AE' }).e164).toBeNull();
    expect(
      parsePhoneNumber('050 123 4567', { country: 'AE', rules: { AE: ALL_RULES.AE } }),
    ).toMatchObject({
      e164: '+971501234567',
      valid: true,
    });
  });
});
