import {
  type CallSessionOptions,
  type ParsedPhoneNumber,
  parsePhoneNumber,
} from '@ringback/client';
import type { ChangeEvent, RefObject } from 'react';
import { focusedIn } from './focusedIn.js';
import { type CountryOption, countryOptions } from './formatters.js';
import type { ClickToCallMessages } from './messages.js';
import { useLayoutEffect, useMemo, useRef, useState } from './react.js';
import { errorMessage } from './statusMessage.js';
import type { CallSessionState, UseCallSessionOptions } from './useCallSession.js';

export interface UsePhoneFieldOptions extends Pick<CallSessionOptions, 'phoneRules'> {
  /** The phone field's text (controlled). */
  value?: string;
  /** The phone field's initial text (uncontrolled). @default '' */
  defaultValue?: string;
  /** Called as the visitor types, with the formatted text and the number as read. */
  onValueChange?: (value: string, phone: ParsedPhoneNumber) => void;
  /** The selected country (controlled), ISO 3166-1 alpha-2. */
  country?: string;
  /** The initially selected country. @default the widget's default country */
  defaultCountry?: string;
  onCountryChange?: (country: string) => void;
  /**
   * Countries to offer, in order. Narrowed to the widget's allowed countries once its
   * configuration arrives; shown as they are before that and on the server.
   * @default the widget's countries
   */
  countries?: readonly string[];
}

/** What the phone field and the actions share: texts, and whether the visitor acted. */
export interface WidgetContext {
  messages: ClickToCallMessages;
  locale: string;
  /** Set once the visitor works in the widget; focus moves only after that. */
  acted: RefObject<boolean>;
  /** Prefix of the parts' element ids (`useId`). */
  id: string;
}

const DIGIT = /[\d\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19]/;
const countDigits = (text: string) => [...text].filter((c) => DIGIT.test(c)).length;
/** The index in `text` just after its `n`th digit. */
const afterDigits = (text: string, n: number) => {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (n <= seen) return i;
    if (DIGIT.test(text[i]!)) seen++;
  }
  return text.length;
};

/**
 * The phone field and the country select: the countries offered, the text formatted
 * as it is typed with the caret kept after the same digit, and the number's problem
 * shown next to it.
 */
export function usePhoneField(
  options: UsePhoneFieldOptions,
  state: CallSessionState<UseCallSessionOptions & UsePhoneFieldOptions>,
  { messages, locale, acted, id }: WidgetContext,
) {
  const { session, snapshot, latest, isBusy, isLive, isEnded, phoneProblem } = state;
  const { widget, error } = snapshot;
  const allowed = widget?.countries;
  const codes = useMemo(() => {
    const wanted = options.countries ??
      allowed ?? [options.defaultCountry ?? options.country ?? 'IN'];
    const narrowed = allowed ? wanted.filter((c) => allowed.includes(c)) : wanted;
    return narrowed.length ? narrowed : (allowed ?? wanted);
  }, [options.countries, allowed, options.defaultCountry, options.country]);
  const rules = options.phoneRules;
  const countries: CountryOption[] = useMemo(
    () => countryOptions(codes, locale, rules),
    [codes, locale, rules],
  );

  const [ownCountry, setOwnCountry] = useState(options.defaultCountry);
  const wantedCountry = options.country ?? ownCountry ?? widget?.defaultCountry;
  const country = wantedCountry && codes.includes(wantedCountry) ? wantedCountry : codes[0]!;
  const [ownValue, setOwnValue] = useState(options.defaultValue ?? '');
  const value = options.value ?? ownValue;
  const phone = useMemo(
    () => parsePhoneNumber(value, { country, countries: codes, rules }),
    [value, country, codes, rules],
  );

  const inputRef = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  const [touched, setTouched] = useState(false);
  const touch = () => setTouched(true);

  const phoneError =
    phoneProblem && error
      ? error.code === 'invalid_phone' && snapshot.phone
        ? phoneMessage(snapshot.phone, messages)
        : errorMessage(error, messages, locale, countries)
      : touched && value && !phone.valid
        ? phoneMessage(phone, messages)
        : null;

  useLayoutEffect(() => {
    const input = inputRef.current;
    const at = caret.current;
    if (input && at !== null && input === focusedIn(input)) input.setSelectionRange(at, at);
    caret.current = null;
  });

  const setValue = (next: string) => {
    const parsed = parsePhoneNumber(next, { country, countries: codes, rules });
    if (options.value === undefined) setOwnValue(parsed.formatted);
    latest.current.onValueChange?.(parsed.formatted, parsed);
    // Pasting or autofilling "+44…" picks that country when it is offered.
    if (parsed.country !== country && codes.includes(parsed.country)) setCountry(parsed.country);
    // Editing after a refusal of the number or an ending starts over.
    if (phoneProblem || isEnded) session.reset();
    return parsed.formatted;
  };
  const setCountry = (next: string) => {
    if (options.country === undefined) setOwnCountry(next);
    latest.current.onCountryChange?.(next);
  };

  return {
    /** The phone field's text, formatted as typed. */
    value,
    country,
    countries,
    /** The number as read in the browser. */
    phone,
    /** The phone field's error, if any. */
    phoneError,
    setValue,
    setCountry,
    /** Marks the field as visited, so its problem shows (on blur, and on submit). */
    touch,
    phoneInputProps: {
      ref: inputRef,
      id: `${id}p`,
      name: 'phone',
      type: 'tel',
      inputMode: 'tel' as const,
      autoComplete: 'tel',
      // Digits read left to right in every script.
      dir: 'ltr',
      value,
      readOnly: isBusy || isLive,
      'aria-invalid': !!phoneError,
      'aria-describedby': phoneError ? `${id}e` : undefined,
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        acted.current = true;
        const input = event.target;
        let raw = input.value;
        let digitsBefore = countDigits(raw.slice(0, input.selectionStart ?? raw.length));
        // Deleting a space or dash deletes the digit before it instead.
        if (
          raw.length < value.length &&
          countDigits(raw) === countDigits(value) &&
          digitsBefore > 0
        ) {
          const at = afterDigits(raw, digitsBefore) - 1;
          raw = raw.slice(0, at) + raw.slice(at + 1);
          digitsBefore--;
        }
        const formatted = setValue(raw);
        caret.current = afterDigits(formatted, digitsBefore);
        if (/^\s*\+/.test(formatted) && digitsBefore === 0) caret.current = 1;
      },
      onBlur: touch,
    },
    phoneErrorProps: { id: `${id}e` },
    countrySelectProps: {
      id: `${id}c`,
      name: 'country',
      value: country,
      disabled: isBusy || isLive,
      onChange: (event: ChangeEvent<HTMLSelectElement>) => {
        acted.current = true;
        setCountry(event.target.value);
      },
    },
  };
}

const phoneMessage = (phone: ParsedPhoneNumber, messages: ClickToCallMessages): string =>
  messages[phone.problem ?? 'invalid'];
