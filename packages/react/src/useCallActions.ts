import type { FormEvent, MouseEvent } from 'react';
import { focusedIn } from './focusedIn.js';
import { fill } from './messages.js';
import { useEffect, useRef } from './react.js';
import { statusMessage } from './statusMessage.js';
import type { CallSessionState } from './useCallSession.js';
import type { useLeadFields } from './useLeadFields.js';
import type { usePhoneField, WidgetContext } from './usePhoneField.js';
import { useRingCountdown } from './useRingCountdown.js';

/**
 * The form, the submit button, the live status and the actions after it (Undo, Try
 * again, Cancel, Call again), with focus moved to what needs attention next.
 */
export function useCallActions(
  state: CallSessionState,
  field: ReturnType<typeof usePhoneField>,
  { lead, leadProblem, check }: ReturnType<typeof useLeadFields>,
  { messages, locale, acted, id }: WidgetContext,
  /** The callback slot the form books instead of calling now (`useSlotPicker`). */
  scheduledFor?: string,
) {
  const { session, snapshot, isBusy, isLive, isEnded, isClosed } = state;
  // A refused number or answer is told at its control, which gets the focus.
  const refused = state.phoneProblem || leadProblem;
  const { status, error, canRetry } = snapshot;
  const inputRef = field.phoneInputProps.ref;
  const statusRef = useRef<HTMLDivElement>(null);
  const actionRef = useRef<HTMLButtonElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  const message = statusMessage(snapshot, messages, locale, field.countries);
  const { ringSeconds, undoSeconds = 0 } = snapshot.widget ?? {};
  const ringing = status === 'dialing-agent' || status === 'dialing-you';
  const left = useRingCountdown(
    ringing && !snapshot.reconnecting ? `${status}${snapshot.attempt}` : null,
    ringSeconds,
  );
  const blocked =
    isBusy ||
    isLive ||
    (isClosed && !!snapshot.nextOpening && !scheduledFor) ||
    (status === 'error' && !!error?.retryAt && !canRetry);

  // Focus follows what needs attention next, but only when the visitor was working in
  // the widget: a refusal of the number or an answer focuses the first control at
  // fault; an ending or another failure focuses its action (Try again) or the message.
  useEffect(() => {
    const input = inputRef.current;
    const active = focusedIn(input);
    const ours =
      !!input?.form?.contains(active) ||
      [inputRef, submitRef, statusRef, actionRef].some((r) => r.current === active);
    // (Focus on <body>: the control the visitor used has just gone, like Cancel.)
    if (!acted.current || !(ours || document.activeElement === document.body)) return;
    if (refused) (input?.form?.querySelector<HTMLElement>('[aria-invalid=true]') ?? input)?.focus();
    else if (isEnded || status === 'error') (actionRef.current ?? statusRef.current)?.focus();
    // (The two refs never change; they are listed because they come from outside.)
  }, [status, refused, isEnded, acted, inputRef]);

  const act = (fn: () => unknown) => () => {
    acted.current = true;
    fn();
  };
  const submit = act(() => {
    field.touch();
    check();
    if (!blocked)
      void session.submit({ phone: field.value, country: field.country, ...lead, scheduledFor });
  });
  const retry = act(session.retry);
  const cancel = act(session.cancel);
  const undo = act(async () => {
    await session.undo();
    // Undone: back to the form, the number still in it.
    if (session.getSnapshot().status === 'idle') inputRef.current?.focus();
  });
  const reset = act(() => {
    session.reset();
    inputRef.current?.focus();
  });

  return {
    canRetry,
    canCancel: status === 'validating' && !!snapshot.widget?.verification,
    /**
     * After a call that took place (or may have), or a callback that fell due too late:
     * back to the form. Other endings offer Try again, or nothing when trying again
     * would fail (no agent could take it).
     */
    canReset: status === 'completed' || status === 'ended' || status === 'expired',
    /** While the call is held before dialling, a booked callback or a retry waits: Undo or Cancel. */
    canUndo: snapshot.canUndo,
    /** Whether the status text is news, success or trouble. */
    tone: message.tone,
    // A refused number or answer is told next to its control (it gets the focus), not in the status.
    statusText: refused ? '' : message.text,
    /**
     * Time, outside the live region (it changes every second): how long the phone may
     * ring yet, or before a call how soon the visitor's phone rings, when known.
     */
    timeText: left
      ? fill(messages.ringing, { seconds: `${left}` })
      : status === 'idle' && ringSeconds && !isClosed
        ? fill(messages.expected, { seconds: `${undoSeconds + ringSeconds}` })
        : '',
    submit,
    retry,
    cancel,
    /** Cancels the held call and goes back to the form. */
    undo,
    /** Back to the form, focusing the number. */
    reset,
    formProps: {
      noValidate: true,
      'aria-busy': isBusy || undefined,
      onSubmit: (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        submit();
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
      id: `${id}s`,
      role: 'status',
      'aria-live': 'polite' as const,
      tabIndex: -1,
    },
    /** For the one action that follows an ending or a failure (Try again, or Call again). */
    actionRef,
    retryButtonProps: buttonProps(retry),
    cancelButtonProps: buttonProps(cancel),
    undoButtonProps: buttonProps(undo),
    resetButtonProps: buttonProps(reset),
  };
}

const buttonProps = (onClick: () => void) => ({ type: 'button' as const, onClick });
