import { type ReactNode, useState } from 'react';
import type { AdminApi } from '../api/adminApi.js';
import { problemText } from '../api/problemText.js';
import { settle } from '../api/result.js';
import type { AdminSession } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { type LogInError, LogInForm } from '../views/LogInForm.js';

export interface LogInPageProps {
  api: AdminApi;
  onSignedIn: (session: AdminSession) => void;
  /** Shown above the form (the session ended). */
  notice: string | null;
  preferences: ReactNode;
}

/** `POST /v1/admin/session` with the form's email and password. */
export function LogInPage({ api, onSignedIn, notice, preferences }: LogInPageProps) {
  const text = useText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LogInError | null>(null);
  const logIn = async (credentials: { email: string; password: string }) => {
    setBusy(true);
    const result = await settle(api.client.POST('/v1/admin/session', { body: credentials }));
    setBusy(false);
    if (result.ok) return onSignedIn(result.data);
    if (result.problem?.code === 'rate_limited') {
      setError({ kind: 'throttled', retryAfterSeconds: result.retryAfterSeconds });
    } else if (result.status === 401) setError({ kind: 'invalid' });
    else setError({ kind: 'other', message: problemText(result, text) });
  };
  return (
    <>
      <header className="banner">
        <p className="brand">{text.m.appName}</p>
        <div className="session">{preferences}</div>
      </header>
      <main id="main">
        <LogInForm onLogIn={logIn} error={error} busy={busy} notice={notice} />
      </main>
    </>
  );
}
