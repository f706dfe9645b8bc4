import { checkLead, type LeadProblem, leadErrors, type WidgetField } from '@ringback/client';
import type { ChangeEvent } from 'react';
import { localize } from './messages.js';
import { useState } from './react.js';
import type { CallSessionState } from './useCallSession.js';
import type { WidgetContext } from './usePhoneField.js';

type Control = HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement;

/**
 * The widget's own questions (`fields`: text, textarea, select) and its consent box:
 * the answers, their labels in the visitor's language, and each one's problem, from
 * the browser's check once the visitor tried to call, or from the proxy's refusal.
 */
export function useLeadFields(
  state: CallSessionState,
  { messages, locale, acted, id }: WidgetContext,
) {
  const { session, snapshot, isBusy, isLive } = state;
  const { widget, status, error } = snapshot;
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  // Problems show once the visitor tried to call, then follow the answers as they change.
  const [checked, setChecked] = useState(false);
  const refused =
    status === 'error' && error?.code === 'invalid_body' ? leadErrors(error.fields) : {};
  const box = widget?.consent;
  // Only an answer the form shows can be told at its control; a refusal of one the widget
  // no longer asks for (its configuration changed since it loaded) is told in the status.
  const leadProblem = Object.keys(refused).some((path) =>
    path === '/consent' ? box : widget?.fields?.some((field) => path === `/fields/${field.id}`),
  );
  const problems: Record<string, LeadProblem> = {
    ...(checked && widget && leadErrors(checkLead(widget, { fields: answers, consent }).errors)),
    ...refused,
  };
  const locked = isBusy || isLive;

  /** A control's texts and prop bags: ids, its problem, and the edit that clears a refusal. */
  const part = <Props>(
    path: string,
    key: string,
    required: boolean,
    set: (control: Control) => void,
    props: Props,
  ) => {
    const problem = problems[path];
    const errorId = `${id}${key}e`;
    return {
      /** The problem's text, or `null`. */
      error: problem
        ? problem !== 'required'
          ? messages.fieldInvalid
          : path === '/consent'
            ? messages.consentRequired
            : messages.required
        : null,
      errorProps: { id: errorId },
      controlProps: {
        id: `${id}${key}`,
        'aria-required': required || undefined,
        'aria-invalid': !!problem,
        'aria-describedby': problem ? errorId : undefined,
        onChange: (event: ChangeEvent<Control>) => {
          acted.current = true;
          // Editing after a refusal starts over, as with the number.
          if (leadProblem) session.reset();
          set(event.target);
        },
        ...props,
      },
    };
  };

  return {
    /** The answers to the widget's fields by field id, and whether the consent box is ticked. */
    lead: { fields: answers, consent },
    /** The last attempt was refused for an answer: told at its field, not in the status. */
    leadProblem,
    /** Shows every answer's problem from now on (on a submit). */
    check: () => setChecked(true),
    /**
     * The widget's fields in order, each with its label, options (a select's) and error
     * in the visitor's language, and `controlProps` for its `<input>`, `<textarea>` or
     * `<select>`.
     */
    fields: (widget?.fields ?? []).map((field: WidgetField, i) => {
      const { id: name, type, required, maxLength, options } = field;
      return {
        field,
        label: localize(field.label, locale),
        options: options?.map((option) => ({ ...option, label: localize(option.label, locale) })),
        ...part(
          `/fields/${name}`,
          `f${i}`,
          required,
          (control) => setAnswers((all) => ({ ...all, [name]: control.value })),
          {
            name,
            value: answers[name] ?? '',
            ...(type === 'select' ? { disabled: locked } : { maxLength, readOnly: locked }),
          },
        ),
      };
    }),
    /** The widget's consent box, or `null`: `controlProps` are the checkbox's. */
    consentField: box
      ? {
          label: localize(box.text, locale),
          ...part('/consent', 'k', box.required, (control) => setConsent(control.checked), {
            type: 'checkbox' as const,
            name: 'consent',
            checked: consent,
            disabled: locked,
          }),
        }
      : null,
  };
}
