import { createExotelSimulator } from '@ringback/exotel-sim';
import { createRingbackServer, type RingbackServer } from '@ringback/server';

/**
 * The real proxy, with the real Exotel simulator behind it (manual clock), as the page's
 * `fetch`: no network, no mock. The browser tests do the same over loopback HTTP.
 */
export function proxyFetch() {
  let ringback: RingbackServer | undefined;
  const sim = createExotelSimulator({
    clock: 'manual',
    fetch: (input, init) => ringback!.fetch(new Request(input, init)),
  });
  ringback = createRingbackServer({
    exotel: { ...sim.credentials, baseUrl: 'https://exotel.test', fetch: sim.asFetch() },
    secret: 'unit-tests-Jd7sN2qW9xP4kL6vR8mT3yB1',
    publicBaseUrl: `${location.origin}/ringback`,
    widgets: [
      {
        id: 'sales',
        from: '+919876543210',
        callerId: '08047112400',
        undoSeconds: 0,
        countries: ['IN', 'AE'],
        allowedOrigins: [location.origin],
      },
    ],
    reconcileIntervalMs: 0,
  });
  const server = ringback;
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // A browser adds Origin to a POST; Node's fetch does not.
    if (request.method === 'POST') request.headers.set('origin', location.origin);
    return server.fetch(request);
  };
  return {
    /** Where the widgets find it. */
    endpoint: `${location.origin}/ringback`,
    fetch,
    sim,
    async close() {
      await server.close();
      await sim.close();
    },
  };
}
