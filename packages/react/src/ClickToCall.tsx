import { callStateRank, isWaiting, type LiveCallState } from '@ringback/client';
import type { CSSProperties, ReactNode } from 'react';
import { onPageChange, pageColorScheme } from './pageSettings.js';
import { useRef, useSyncExternalStore } from './react.js';
import { css } from './styles.js';
import { type UseClickToCallOptions, useClickToCall } from './useClickToCall.js';

export interface ClickToCallProps extends UseClickToCallOptions {
  /**
   * `auto` follows the page's `color-scheme` (CSS, or `<meta name="color-scheme">`),
   * and the visitor's `prefers-color-scheme` when the page offers both or says nothing.
   * @default 'auto'
   */
  theme?: 'light' | 'dark' | 'auto';
  /** Text direction; inherited from the page when not set. */
  dir?: 'ltr' | 'rtl';
  /** Consent or privacy text shown under the number, e.g. "We call you once about your order." */
  consent?: ReactNode;
  /** Leaves the stylesheet out, for pages that style `.rb-ctc-*` themselves. @default false */
  unstyled?: boolean;
  /** A CSP nonce for the injected `<style>`. */
  nonce?: string;
  className?: string;
  /** Inline styles of the root, e.g. custom properties: `{ '--ringback-accent': '#7b1fa2' }`. */
  style?: CSSProperties & Record<`--${string}`, string | number>;
}

/** The progress steps' texts: dialing the agent, dialing the visitor, connected. */
const STEPS = ['stepAgent', 'stepYou', 'stepConnected'] as const;
/** A call before the first step (`requested`, `unknown`) shows the first one. */
const FIRST_STEP = callStateRank('dialing-agent');

/**
 * The ready-made click-to-call widget: country, phone number, the widget's own
 * questions and consent box, "Call me", and a live status that walks the visitor
 * through the call. Composed from `useClickToCall`.
 */
export function ClickToCall(props: ClickToCallProps) {
  const { theme = 'auto', dir, consent, unstyled, nonce, className, style } = props;
  const c = useClickToCall(props);
  const { messages: m, status, countries, isLive, isEnded, canRetry, canCancel, canUndo } = c;
  const current = isLive ? Math.max(callStateRank(status as LiveCallState) - FIRST_STEP, 0) : -1;
  const waiting = isWaiting(status);
  const groups = c.slotGroups;
  const single = countries.length === 1 ? countries[0] : undefined;
  const box = c.consentField;
  const root = useRef<HTMLDivElement>(null);
  // Read from the page once mounted (CSS alone follows only the OS); `auto` until then.
  const scheme = useSyncExternalStore(
    onPageChange,
    () => (theme === 'auto' ? pageColorScheme(root.current?.parentElement) : undefined),
    () => undefined,
  );

  return (
    <div
      className={className ? `rb-ctc ${className}` : 'rb-ctc'}
      ref={root}
      data-theme={scheme ?? theme}
      data-status={status}
      data-tone={c.tone}
      dir={dir}
      lang={c.locale}
      style={style}
    >
      {!unstyled && (
        <style href="ringback-click-to-call" precedence="low" nonce={nonce}>
          {css}
        </style>
      )}
      <form className="rb-ctc-form" {...c.formProps}>
        <label className="rb-ctc-label" htmlFor={c.phoneInputProps.id}>
          {m.phone}
        </label>
        <div className="rb-ctc-row">
          {single ? (
            single.callingCode && (
              <span className="rb-ctc-prefix">
                <span className="rb-ctc-sr">{single.name} </span>
                {`+${single.callingCode}`}
              </span>
            )
          ) : (
            <>
              <label className="rb-ctc-sr" htmlFor={c.countrySelectProps.id}>
                {m.country}
              </label>
              <select className="rb-ctc-select" {...c.countrySelectProps}>
                {countries.map(({ code, name, callingCode }) => (
                  <option key={code} value={code}>
                    {callingCode ? `${name} +${callingCode}` : name}
                  </option>
                ))}
              </select>
            </>
          )}
          <input className="rb-ctc-input" {...c.phoneInputProps} />
        </div>
        {c.phoneError && (
          <p className="rb-ctc-error" {...c.phoneErrorProps}>
            {c.phoneError}
          </p>
        )}
        {c.fields.map(({ field, label, options, error, errorProps, controlProps }) => {
          // One element for the three types; a void <input> takes no children, not even
          // an empty list, so the options are one expression.
          const Control = field.type === 'text' ? 'input' : field.type;
          return (
            <div className="rb-ctc-field" key={field.id}>
              <label className="rb-ctc-label" htmlFor={controlProps.id}>
                {label}
                {field.required && <span aria-hidden="true"> *</span>}
              </label>
              <Control
                className={options ? 'rb-ctc-select' : 'rb-ctc-input'}
                {...(controlProps as object)}
              >
                {options && [
                  <option key="" value="">
                    {m.choose}
                  </option>,
                  ...options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  )),
                ]}
              </Control>
              {error && (
                <p className="rb-ctc-error" {...errorProps}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
        {box && (
          <div className="rb-ctc-field">
            <label className="rb-ctc-consent" htmlFor={box.controlProps.id}>
              <input {...box.controlProps} />
              {box.label}
            </label>
            {box.error && (
              <p className="rb-ctc-error" {...box.errorProps}>
                {box.error}
              </p>
            )}
          </div>
        )}
        {groups[0] && (
          <div className="rb-ctc-field">
            <label className="rb-ctc-label" htmlFor={c.slotSelectProps.id}>
              {m.slots}
            </label>
            <select className="rb-ctc-select" {...c.slotSelectProps}>
              {groups.map(({ day, slots }) => (
                <optgroup key={day} label={day}>
                  {slots.map(({ start, time }) => (
                    <option key={start} value={start}>
                      {time}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        )}
        {consent && <p className="rb-ctc-note">{consent}</p>}
        {c.timeText && <p className="rb-ctc-note">{c.timeText}</p>}
        {/* After an ending its own action is the one next step, or booking a callback. */}
        {(!isEnded || groups[0]) && (
          <button className="rb-ctc-button" {...c.submitButtonProps}>
            {c.isBusy ? m.submitting : groups[0] ? m.book : m.submit}
          </button>
        )}
      </form>
      {((isLive && !waiting) || status === 'submitting') && (
        <ol className="rb-ctc-steps">
          {STEPS.map((step, i) => (
            <li key={step} aria-current={i === current ? 'step' : undefined}>
              {m[step]}
            </li>
          ))}
        </ol>
      )}
      <div className="rb-ctc-status" {...c.statusProps}>
        {c.statusText}
      </div>
      {(canRetry || canCancel || canUndo || c.canReset) && (
        <div className="rb-ctc-actions">
          {canUndo && (
            <button className="rb-ctc-button" {...c.undoButtonProps}>
              {waiting ? m.cancel : m.undo}
            </button>
          )}
          {canRetry && (
            <button className="rb-ctc-button" ref={c.actionRef} {...c.retryButtonProps}>
              {m.retry}
            </button>
          )}
          {canCancel && (
            <button className="rb-ctc-button" data-variant="secondary" {...c.cancelButtonProps}>
              {m.cancel}
            </button>
          )}
          {c.canReset && (
            <button className="rb-ctc-button" ref={c.actionRef} {...c.resetButtonProps}>
              {m.reset}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
