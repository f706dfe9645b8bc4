/**
 * One country's numbering rules, as generated from libphonenumber-js's "min" metadata:
 * `[callingCode, nationalPrefix, nationalNumberPattern, possibleLengths, formats]`.
 */
export type PhoneRuleData = [
  callingCode: string,
  nationalPrefix: string,
  nationalNumberPattern: string,
  possibleLengths: number[],
  formats: PhoneFormatData[],
];

/**
 * A national format: `[pattern, format, leadingDigits]`, e.g.
 * `['(\\d{5})(\\d{5})', '$1 $2', '16|[6-9]']`.
 */
export type PhoneFormatData = [pattern: string, format: string, leadingDigits: string];

/** Numbering rules by ISO 3166-1 alpha-2 country code. */
export type PhoneRules = Partial<Record<string, PhoneRuleData>>;
