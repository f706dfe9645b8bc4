import { type ClickToCallMessages, resolveMessages } from './messages.js';
import { useId, useMemo, useRef } from './react.js';
import { useCallActions } from './useCallActions.js';
import { type UseCallSessionOptions, useCallSession } from './useCallSession.js';
import { useLeadFields } from './useLeadFields.js';
import { useLocale } from './useLocale.js';
import { type UsePhoneFieldOptions, usePhoneField, type WidgetContext } from './usePhoneField.js';
import { useSlotPicker } from './useSlotPicker.js';

export type { CallEndedEvent } from './useCallSession.js';

export interface UseClickToCallOptions extends UseCallSessionOptions, UsePhoneFieldOptions {
  /** BCP 47 locale of the texts, country names and dates. @default navigator.language */
  locale?: string;
  /** Overrides of any text; wins over the catalogs and the server's labels. */
  messages?: Partial<ClickToCallMessages>;
}

/**
 * Binds a click-to-call session to React and returns its state plus prop bags for
 * each part (`phoneInputProps`, `countrySelectProps`, each of `fields`' and
 * `consentField`'s `controlProps`, `slotSelectProps`, `submitButtonProps`, `statusProps`, …), so any
 * markup gets the behaviour and accessibility of `<ClickToCall/>`. Composed of
 * `useCallSession` (the session and its callbacks), `usePhoneField` (the number and the
 * country), `useLeadFields` (the widget's questions and consent box) and
 * `useSlotPicker` (the callback slots) and `useCallActions` (the form, the status and
 * the actions).
 */
export function useClickToCall(options: UseClickToCallOptions) {
  const state = useCallSession(options);
  const { snapshot, isBusy, isLive, isEnded, isClosed } = state;
  const { status, error } = snapshot;
  const labels = snapshot.widget?.labels;
  const locale = useLocale(options.locale);
  const messages = useMemo(
    () =>
      resolveMessages(
        locale,
        labels?.button ? { submit: labels.button } : undefined,
        labels,
        options.messages,
      ),
    [locale, labels, options.messages],
  );
  const context: WidgetContext = { messages, locale, acted: useRef(false), id: useId() };
  const field = usePhoneField(options, state, context);
  const { check, ...lead } = useLeadFields(state, context);
  const picker = useSlotPicker(state, context);
  const actions = useCallActions(state, field, { ...lead, check }, context, picker.scheduledFor);
  const { touch, ...fieldState } = field;

  return {
    /** The session's full snapshot. */
    snapshot,
    status,
    error,
    locale,
    messages,
    /** Validating or submitting. */
    isBusy,
    /** A call is under way. */
    isLive,
    isEnded,
    /** Outside business hours. */
    isClosed,
    ...fieldState,
    ...lead,
    ...picker,
    ...actions,
  };
}

/** What `useClickToCall` returns. */
export type ClickToCallState = ReturnType<typeof useClickToCall>;
