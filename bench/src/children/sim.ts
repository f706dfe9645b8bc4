// The upstream: @ringback/exotel-sim on its own port, manual clock (calls stay where
// `Calls/connect` leaves them, so no callback traffic competes with a run) and its
// 200-per-minute limit off.
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import type { CallTarget } from '../lib/callbackBody.js';
import { SIM_CREDENTIALS } from '../lib/fixtures.js';
import type { Started } from './server.js';

export async function startSim(): Promise<Started> {
  const served = await serveExotelSimulator({
    ...SIM_CREDENTIALS,
    port: 0,
    host: '127.0.0.1',
    clock: 'manual',
    rateLimitPerMinute: Number.POSITIVE_INFINITY,
    seed: 1,
    onError: () => {},
  });
  served.server.maxConnections = 50_000;
  served.server.keepAliveTimeout = 60_000;
  const { sim } = served;
  return {
    url: served.url,
    server: served.server,
    commands: {
      stats: () => sim.stats(),
      reset: () => sim.reset(),
      /** The StatusCallback target of every call placed so far. */
      targets: (): CallTarget[] =>
        sim.calls().flatMap((call) => {
          const url = call.params.statusCallback;
          if (!url || !call.params.customField) return [];
          const parsed = new URL(url);
          return [
            {
              callId: call.params.customField,
              sid: call.sid,
              callbackPath: parsed.pathname + parsed.search,
              to: `+91${call.params.to.slice(-10)}`,
            },
          ];
        }),
      /** Moves the manual clock and waits for every callback it triggers. */
      advance: async ({ ms }: { ms: number }) => {
        const started = performance.now();
        await sim.clock.advance(ms);
        await sim.settle();
        return { elapsedMs: performance.now() - started };
      },
      deliveries: () => {
        const all = sim.deliveries();
        return {
          deliveries: all.length,
          attempts: all.reduce((n, d) => n + d.attempts.length, 0),
          ok: all.filter((d) => d.attempts.some((a) => a.status !== null && a.status < 300)).length,
        };
      },
      /** Calls by status; with `statusCallback`, only the calls placed with it (one run's). */
      callStates: ({ statusCallback }: { statusCallback?: string } = {}) => {
        const counts: Record<string, number> = {};
        for (const call of sim.calls()) {
          if (statusCallback && call.params.statusCallback !== statusCallback) continue;
          counts[call.status] = (counts[call.status] ?? 0) + 1;
        }
        return counts;
      },
    },
    close: () => served.close(),
  };
}
