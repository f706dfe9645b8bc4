import { type FormEvent, useEffect, useId, useRef } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';

/** Why the last log-in did not work. */
export type LogInError =
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterSeconds: number | null }
  | { kind: 'other'; message: string };

export interface LogInFormProps {
  onLogIn: (credentials: { email: string; password: string }) => void;
  /** The last attempt's error, announced as an alert. */
  error?: LogInError | null;
  /** While an attempt is on its way. @default false */
  busy?: boolean;
  /** Shown above the form, e.g. "Your session ended". */
  notice?: string | null;
}

/** Email and password; errors are announced, and the fields keep what was typed. */
export function LogInForm({ onLogIn, error = null, busy = false, notice = null }: LogInFormProps) {
  const { m, format } = useText();
  const id = useId();
  const password = useRef<HTMLInputElement>(null);
  // A new node in the alert each time, so the same message after a second refusal is
  // announced again.
  const shown = useRef({ error, count: 0 });
  if (shown.current.error !== error) shown.current = { error, count: shown.current.count + 1 };
  useEffect(() => {
    // After a refusal, the password is what to type again.
    if (error?.kind === 'invalid') password.current?.select();
  }, [error]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    onLogIn({ email: String(data.get('email')), password: String(data.get('password')) });
  };
  const message =
    error?.kind === 'invalid'
      ? m.invalidCredentials
      : error?.kind === 'throttled'
        ? error.retryAfterSeconds
          ? fill(m.throttled, { when: format.inSeconds(error.retryAfterSeconds) })
          : m.throttledLater
        : error?.message;
  return (
    <form className="log-in" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} tabIndex={-1}>
        {m.logInTitle}
      </h1>
      {notice && <p className="notice">{notice}</p>}
      <div role="alert" className="error" id={`${id}-error`}>
        {message && <span key={shown.current.count}>{message}</span>}
      </div>
      <label>
        <span>{m.email}</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={254}
          aria-invalid={error?.kind === 'invalid' || undefined}
          aria-describedby={message ? `${id}-error` : undefined}
        />
      </label>
      <label>
        <span>{m.password}</span>
        <input
          ref={password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          aria-invalid={error?.kind === 'invalid' || undefined}
          aria-describedby={message ? `${id}-error` : undefined}
        />
      </label>
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? m.loggingIn : m.logIn}
      </button>
    </form>
  );
}
