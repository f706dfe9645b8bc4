import { type ReactNode, useRef, useSyncExternalStore } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { AgentsPage } from '../pages/AgentsPage.js';
import { AuditPage } from '../pages/AuditPage.js';
import { CallDetailPage } from '../pages/CallDetailPage.js';
import { LiveRequestsPage } from '../pages/LiveRequestsPage.js';
import { MissedLeadsPage } from '../pages/MissedLeadsPage.js';
import { NavigatedContext } from '../pages/PageTitle.js';
import { StatsPage } from '../pages/StatsPage.js';
import { useServices } from './ConsoleServices.js';
import { parseRoute, type Route, routeHref, useHash } from './route.js';

export interface ShellProps {
  /** The language and theme switches. */
  preferences: ReactNode;
  onLogOut: () => void;
  /** Whether the first page shown follows a log-in (its title then takes focus). */
  afterLogIn: boolean;
}

/** The signed-in console: banner with navigation and session, and the page the URL names. */
export function Shell({ preferences, onLogOut, afterLogIn }: ShellProps) {
  const { m } = useText();
  const { session, can, feed } = useServices();
  const route = parseRoute(useHash());
  const key = routeHref(route);
  const first = useRef({ key, navigated: afterLogIn });
  if (first.current.key !== key) first.current = { key, navigated: true };
  const main = useRef<HTMLElement>(null);
  const live = useSyncExternalStore(feed.subscribeStatus, feed.getStatus);
  const links: Array<[Route['page'], string]> = [
    ['live', m.navLive],
    ['missed', m.navMissed],
    ['agents', m.navAgents],
    ['stats', m.navStats],
    ...(can.readAudit ? [['audit', m.navAudit] as [Route['page'], string]] : []),
  ];
  return (
    <>
      {/* A button, not a link to #main: the fragment addresses pages here. */}
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        {m.skipToContent}
      </button>
      <header className="banner">
        <p className="brand">{m.appName}</p>
        <nav aria-label={m.nav}>
          <ul>
            {links.map(([page, label]) => {
              const current = route.page === page || (page === 'live' && route.page === 'call');
              return (
                <li key={page}>
                  <a
                    href={routeHref({ page } as Route)}
                    aria-current={route.page === page ? 'page' : current ? 'true' : undefined}
                  >
                    {label}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="session">
          <p role="status" className={`live live-${live}`}>
            {live === 'live' ? m.liveOn : live === 'connecting' ? m.liveConnecting : m.liveOff}
          </p>
          <p>{fill(m.signedInAs, { email: session.email, role: m[`role_${session.role}`] })}</p>
          {preferences}
          <button type="button" className="secondary" onClick={onLogOut}>
            {m.logOut}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <NavigatedContext.Provider value={first.current.navigated}>
          <Page key={key} route={route} />
        </NavigatedContext.Provider>
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { can } = useServices();
  switch (route.page) {
    case 'call':
      return <CallDetailPage id={route.id} />;
    case 'missed':
      return <MissedLeadsPage />;
    case 'agents':
      return <AgentsPage />;
    case 'stats':
      return <StatsPage />;
    case 'audit':
      return can.readAudit ? <AuditPage /> : <LiveRequestsPage />;
    default:
      return <LiveRequestsPage />;
  }
}
