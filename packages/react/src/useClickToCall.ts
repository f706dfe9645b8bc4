import {
  type Call,
  type CallSession,
  type CallSessionOptions,
  type CallSessionSnapshot,
  type CallSessionStatus,
  createCallSession,
  type FinalCallState,
  isFinal,
  type ParsedPhoneNumber,
  parsePhoneNumber,
} from '@ringback/client';
import {
  type ChangeEvent,
  type FormEvent,
  type MouseEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { type CountryOption, countryOptions } from './formatters.js';
import { type ClickToCallMessages, resolveMessages } from './messages.js';
import { errorMessage, statusMessage } from './statusMessage.js';
import { useLocale } from './useLocale.js';

/** What `onCallEnded` receives. */
export interface CallEndedEvent {
  state: FinalCallState;
  call: Call;
  /** How long the visitor and the agent talked, when known. */
  conversationSeconds: number | null;
}

export interface UseClickToCallOptions
  extends Pick<
    CallSessionOptions,
    | 'endpoint'
    | 'widgetId'
    | 'fetch'
    | 'EventSource'
    | 'getVerificationToken'
    | 'pollIntervalMs'
    | 'phoneRules'
  > {
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
  /** BCP 47 locale of the texts, country names and dates. @default navigator.language */
  locale?: string;
  /** Overrides of any text; wins over the catalogs and the server's labels. */
  messages?: Partial<ClickToCallMessages>;
  /** Called on every status change, e.g. for analytics. */
  onStateChange?: (status: CallSessionStatus, snapshot: CallSessionSnapshot) => void;
  /** Called once when a call reaches its ending. */
  onCallEnded?: (event: CallEndedEvent) => void;
}

const PHONE_CODES = [
  'invalid_phone',
  'country_not_allowed',
  'number_type_not_allowed',
  'number_blocked',
];
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
 * Binds a click-to-call session to React and returns its state plus prop bags for
 * each part (`phoneInputProps`, `countrySelectProps`, `submitButtonProps`,
 * `statusProps`, …), so any markup gets the behaviour and accessibility of `<ClickToCall/>`.
 */
export function useClickToCall(options: UseClickToCallOptions) {
  const { endpoint, widgetId } = options;
  const latest = useRef(options);
  latest.current = options;

  // A new session when the endpoint or widget changes; creating one has no side effects.
  const key = `${endpoint} ${widgetId}`;
  const [entry, setEntry] = useState(() => ({ key, session: create(latest) }));
  let session: CallSession = entry.session;
  if (entry.key !== key) {
    session = create(latest);
    setEntry({ key, session });
  }
  const snapshot = useSyncExternalStore(
    session.subscribe,
    session.getSnapshot,
    session.getSnapshot,
  );

  // Callbacks see every transition, even those React batches into one render.
  useEffect(() => {
    let last = session.getSnapshot().status;
    return session.subscribe((next) => {
      if (next.status === last) return;
      last = next.status;
      latest.current.onStateChange?.(next.status, next);
      if (isFinal(next.status) && next.call) {
        latest.current.onCallEnded?.({
          state: next.status,
          call: next.call,
          conversationSeconds: next.call.conversationSeconds,
        });
      }
    });
  }, [session]);

  const { status, widget, error } = snapshot;
  const locale = useLocale(options.locale);
  const messages = useMemo(
    () =>
      resolveMessages(
        locale,
        widget?.labels.button ? { submit: widget.labels.button } : undefined,
        widget?.labels,
        options.messages,
      ),
    [locale, widget, options.messages],
  );

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
    () => parsePhoneNumber(value, { country, countries: codes, ...(rules && { rules }) }),
    [value, country, codes, rules],
  );

  const base = useId();
  const id = (part: string) => base + part;
  const inputRef = useRef<HTMLInputElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const caret = useRef<number | null>(null);
  const acted = useRef(false);
  const [touched, setTouched] = useState(false);

  const isBusy = status === 'validating' || status === 'submitting';
  const isLive = status !== 'error' && !!snapshot.call && !snapshot.call.final;
  const isEnded = isFinal(status);
  const isClosed = !snapshot.open || error?.code === 'closed';
  const phoneProblem = status === 'error' && !!error && PHONE_CODES.includes(error.code);
  const message = statusMessage(snapshot, messages, locale, countries);
  // A refused number is told next to the field (it gets the focus), not in the status.
  const statusText = phoneProblem ? '' : message.text;
  const phoneError =
    phoneProblem && error
      ? error.code === 'invalid_phone' && snapshot.phone
        ? phoneMessage(snapshot.phone, messages)
        : errorMessage(error, messages, locale, countries)
      : touched && value && !phone.valid
        ? phoneMessage(phone, messages)
        : null;
  const blocked =
    isBusy ||
    isLive ||
    (isClosed && !!snapshot.nextOpening) ||
    (status === 'error' && !!error?.retryAt && !snapshot.canRetry);

  // Focus follows what needs attention next, but only when the visitor was working in
  // the widget: a refusal of the number focuses the number; an ending or another
  // failure focuses its action (Try again) or the message.
  useEffect(() => {
    const active = focusedIn(inputRef.current);
    const ours = [inputRef, submitRef, statusRef, actionRef].some((r) => r.current === active);
    // (Focus on <body>: the control the visitor used has just gone, like Cancel.)
    if (!acted.current || !(ours || document.activeElement === document.body)) return;
    if (phoneProblem) inputRef.current?.focus();
    else if (isEnded || status === 'error') (actionRef.current ?? statusRef.current)?.focus();
  }, [status, phoneProblem, isEnded]);

  useLayoutEffect(() => {
    if (caret.current !== null && inputRef.current === focusedIn(inputRef.current)) {
      inputRef.current?.setSelectionRange(caret.current, caret.current);
    }
    caret.current = null;
  });

  const setValue = (next: string) => {
    const parsed = parsePhoneNumber(next, { country, countries: codes, ...(rules && { rules }) });
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
  const submit = () => {
    acted.current = true;
    setTouched(true);
    if (!blocked) void session.submit({ phone: value, country });
  };
  const act = (fn: () => unknown) => () => {
    acted.current = true;
    fn();
  };
  const retry = act(session.retry);
  const cancel = act(session.cancel);
  const reset = act(() => {
    session.reset();
    inputRef.current?.focus();
  });

  return {
    /** The session's full snapshot. */
    snapshot,
    status,
    error,
    /** The phone field's text, formatted as typed. */
    value,
    country,
    countries,
    /** The number as read in the browser. */
    phone,
    locale,
    messages,
    /** Validating or submitting. */
    isBusy,
    /** A call is under way. */
    isLive,
    isEnded,
    /** Outside business hours. */
    isClosed,
    canRetry: snapshot.canRetry,
    canCancel: status === 'validating' && !!widget?.verification,
    /** Whether the status text is news, success or trouble. */
    tone: message.tone,
    statusText,
    /** The phone field's error, if any. */
    phoneError,
    submit,
    retry,
    cancel,
    /** Back to the form, focusing the number. */
    reset,
    setValue,
    setCountry,
    formProps: {
      noValidate: true,
      'aria-busy': isBusy || undefined,
      onSubmit: (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        submit();
      },
    },
    phoneInputProps: {
      ref: inputRef,
      id: id('p'),
      name: 'phone',
      type: 'tel',
      inputMode: 'tel' as const,
      autoComplete: 'tel',
      // Digits read left to right in every script.
      dir: 'ltr',
      value,
      readOnly: isBusy || isLive,
      'aria-invalid': !!phoneError,
      'aria-describedby': phoneError ? id('e') : undefined,
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
      onBlur: () => setTouched(true),
    },
    phoneErrorProps: { id: id('e') },
    countrySelectProps: {
      id: id('c'),
      name: 'country',
      value: country,
      disabled: isBusy || isLive,
      onChange: (event: ChangeEvent<HTMLSelectElement>) => {
        acted.current = true;
        setCountry(event.target.value);
      },
    },
    submitButtonProps: {
      ref: submitRef,
      type: 'submit' as const,
      'aria-disabled': blocked || undefined,
      onClick: (event: MouseEvent<HTMLButtonElement>) => {
        if (blocked) event.preventDefault();
      },
    },
    statusProps: {
      ref: statusRef,
      id: id('s'),
      role: 'status',
      'aria-live': 'polite' as const,
      tabIndex: -1,
    },
    /** For the one action that follows an ending or a failure (Try again, or Use another number). */
    actionRef,
    retryButtonProps: { type: 'button' as const, onClick: retry },
    cancelButtonProps: { type: 'button' as const, onClick: cancel },
    resetButtonProps: { type: 'button' as const, onClick: reset },
  };
}

/** What `useClickToCall` returns. */
export type ClickToCallState = ReturnType<typeof useClickToCall>;

function create(latest: { current: UseClickToCallOptions }): CallSession {
  // The session reads only its own options (endpoint, widgetId, fetch, EventSource,
  // pollIntervalMs, phoneRules) and treats an undefined one as unset.
  return createCallSession({
    ...latest.current,
    // Read at call time, so a new function from a re-render is used.
    getVerificationToken: (verification) =>
      latest.current.getVerificationToken?.(verification) ?? '',
  });
}

const phoneMessage = (phone: ParsedPhoneNumber, messages: ClickToCallMessages): string =>
  messages[phone.problem ?? 'invalid'];

/**
 * The focused element of the document or shadow root holding `node`: in a shadow root
 * (the script-tag embed) `document.activeElement` is only the host.
 */
function focusedIn(node: Element | null): Element | null {
  return ((node?.getRootNode() ?? document) as Document | ShadowRoot).activeElement;
}
