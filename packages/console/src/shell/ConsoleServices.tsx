import { createContext, useContext, useEffect, useRef } from 'react';
import type { AdminApi } from '../api/adminApi.js';
import type { AdminCall, AdminSession } from '../api/types.js';
import type { LiveFeed } from '../live/LiveFeed.js';
import type { Permissions } from '../permissions.js';

/** What every page of a signed-in console shares. */
export interface ConsoleServices {
  api: AdminApi;
  feed: LiveFeed;
  session: AdminSession;
  can: Permissions;
}

export const ServicesContext = createContext<ConsoleServices | null>(null);

export function useServices(): ConsoleServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside a signed-in console');
  return services;
}

/** Calls `listener` with every call the live feed brings, for as long as the component lives. */
export function useLiveCalls(listener: (call: AdminCall) => void): void {
  const { feed } = useServices();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => feed.onCall((call) => latest.current(call)), [feed]);
}

/** Calls `listener` when the feed reconnected and changes may have been missed. */
export function useLiveResync(listener: () => void): void {
  const { feed } = useServices();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => feed.onResync(() => latest.current()), [feed]);
}
