import { useSyncExternalStore } from 'react';

/** The console's pages, addressed by the URL's fragment, so no server-side routing is needed. */
export type Route =
  | { page: 'live' }
  | { page: 'missed' }
  | { page: 'call'; id: string }
  | { page: 'agents' }
  | { page: 'stats' }
  | { page: 'audit' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const call = /^calls\/([^/?]+)$/.exec(path);
  if (call) return { page: 'call', id: decodeURIComponent(call[1]!) };
  switch (path) {
    case 'missed':
    case 'agents':
    case 'stats':
    case 'audit':
      return { page: path };
    default:
      return { page: 'live' };
  }
}

export const routeHref = (route: Route): string =>
  route.page === 'call'
    ? `#/calls/${encodeURIComponent(route.id)}`
    : `#/${route.page === 'live' ? 'calls' : route.page}`;

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** The fragment, followed as it changes. */
export function useHash(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  );
}
