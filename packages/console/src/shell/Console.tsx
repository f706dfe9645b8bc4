import { useEffect, useMemo, useRef, useState } from 'react';
import { apiBaseFromLocation, createAdminApi } from '../api/adminApi.js';
import { problemText } from '../api/problemText.js';
import { type Failure, settle } from '../api/result.js';
import type { AdminSession } from '../api/types.js';
import { ConsoleLocaleProvider, useText } from '../i18n/ConsoleLocaleProvider.js';
import type { ConsoleLocale } from '../i18n/messages.js';
import { type CreateEventSource, LiveFeed } from '../live/LiveFeed.js';
import { permissionsOf } from '../permissions.js';
import { PreferencesForm } from '../views/PreferencesForm.js';
import { type ConsoleServices, ServicesContext } from './ConsoleServices.js';
import { LogInPage } from './LogInPage.js';
import { Shell } from './Shell.js';
import { type ConsoleTheme, usePreferences } from './usePreferences.js';

export interface ConsoleProps {
  /** Where the server is mounted. @default the parent of the page's URL (`<mount>/` for `<mount>/console/`) */
  baseUrl?: string;
  /** @default globalThis.fetch, looked up on each request */
  fetch?: (input: Request) => Promise<Response>;
  /** @default `new EventSource(url)` (same origin, so the session cookie goes along) */
  createEventSource?: CreateEventSource;
  /** @default the remembered choice, else the browser's language */
  locale?: ConsoleLocale;
  /** @default the remembered choice, else the system's */
  theme?: ConsoleTheme;
}

/** The whole console: asks for the session, shows the log-in page without one, the pages with one. */
export function Console(props: ConsoleProps) {
  const preferences = usePreferences({ locale: props.locale, theme: props.theme });
  return (
    <ConsoleLocaleProvider locale={preferences.locale}>
      <div
        className="ringback-console"
        lang={preferences.locale}
        data-theme={preferences.theme === 'system' ? undefined : preferences.theme}
      >
        <SessionGate {...props} preferences={preferences} />
      </div>
    </ConsoleLocaleProvider>
  );
}

function SessionGate({
  baseUrl,
  fetch,
  createEventSource = (url) => new EventSource(url),
  preferences,
}: ConsoleProps & { preferences: ReturnType<typeof usePreferences> }) {
  const text = useText();
  const [session, setSession] = useState<AdminSession | null | undefined>(undefined);
  const [unreachable, setUnreachable] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [afterLogIn, setAfterLogIn] = useState(false);
  const signedIn = useRef(false);
  const endedText = useRef(text.m.sessionEnded);
  endedText.current = text.m.sessionEnded;

  const api = useMemo(
    () =>
      createAdminApi({
        baseUrl: baseUrl ?? apiBaseFromLocation(window.location.href),
        fetch: fetch ?? ((request) => globalThis.fetch(request)),
        onUnauthorized() {
          if (signedIn.current) setNotice(endedText.current);
          signedIn.current = false;
          api.setCsrfToken(null);
          setSession(null);
        },
      }),
    [baseUrl, fetch],
  );

  const enter = (next: AdminSession) => {
    api.setCsrfToken(next.csrfToken);
    signedIn.current = true;
    setNotice(null);
    setSession(next);
  };

  const check = async () => {
    setUnreachable(null);
    const result = await settle(api.client.GET('/v1/admin/session'));
    if (result.ok) enter(result.data);
    else if (result.status === 401) setSession(null);
    else setUnreachable(result);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per client
  useEffect(() => {
    void check();
  }, [api]);

  const logOut = async () => {
    await settle(api.client.DELETE('/v1/admin/session'));
    signedIn.current = false;
    api.setCsrfToken(null);
    setSession(null);
  };

  const switches = (
    <PreferencesForm
      locale={preferences.locale}
      onLocale={preferences.setLocale}
      theme={preferences.theme}
      onTheme={preferences.setTheme}
    />
  );

  if (session === undefined) {
    return (
      <main id="main" className="splash">
        <h1>{text.m.appName}</h1>
        <div role="status">
          {unreachable ? (
            <p className="error">
              {problemText(unreachable, text)}{' '}
              <button type="button" onClick={check}>
                {text.m.retry}
              </button>
            </p>
          ) : (
            <p>{text.m.loading}</p>
          )}
        </div>
      </main>
    );
  }
  if (session === null) {
    return (
      <LogInPage
        api={api}
        notice={notice}
        preferences={switches}
        onSignedIn={(next) => {
          setAfterLogIn(true);
          enter(next);
        }}
      />
    );
  }
  return (
    <SignedIn api={api} session={session} createEventSource={createEventSource}>
      <Shell preferences={switches} onLogOut={logOut} afterLogIn={afterLogIn} />
    </SignedIn>
  );
}

function SignedIn({
  api,
  session,
  createEventSource,
  children,
}: Pick<ConsoleServices, 'api' | 'session'> & {
  createEventSource: CreateEventSource;
  children: React.ReactNode;
}) {
  const [feed] = useState(
    () =>
      new LiveFeed({
        url: api.url('events'),
        createEventSource,
        // Refused, perhaps because the session ended: a 401 here shows the log-in page.
        onRefused: () => void settle(api.client.GET('/v1/admin/session')),
      }),
  );
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const services = useMemo(
    () => ({ api, feed, session, can: permissionsOf(session.role) }),
    [api, feed, session],
  );
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}
