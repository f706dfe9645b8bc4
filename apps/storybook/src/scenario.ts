import { createExotelSimulator, type ExotelSimulator, type Fate } from '@ringback/exotel-sim';
import {
  type CallSnapshot,
  createRingbackServer,
  type RingbackServer,
  type Verifier,
  type WidgetConfig,
} from '@ringback/server';
import { HttpResponse, http, type RequestHandler } from 'msw';
import { worker } from './worker.js';

/** The agent the widget rings first (Exotel's `From`). */
export const AGENT = '+919876543210';
/** The number the stories type in, and its E.164 form. */
export const VISITOR = '98123 45678';
export const VISITOR_E164 = '+919812345678';

export interface ScenarioOptions {
  /** Countries the widget accepts. @default ['IN'] */
  countries?: string[];
  /** What the agent's phone does. @default answers after 2 s */
  agent?: Fate;
  /** A group of agents rung in turn instead of `AGENT`: each one's name (if any) and fate. */
  agents?: { name?: string; fate: Fate }[];
  /** What the visitor's phone does. @default answers after 2 s, talks 30 s */
  visitor?: Fate;
  /** Business hours that are closed now, opening tomorrow at 09:30 in Kolkata. */
  closed?: boolean;
  /** The widget requires human verification. */
  verification?: boolean;
  /** Calls allowed to one number per hour. @default 3 */
  callsPerNumber?: number;
  /** The network between the page and the proxy is down. */
  unreachable?: boolean;
  /** Exotel answers `Calls/connect` this many simulated ms late. */
  exotelLatencyMs?: number;
  /** Exotel places the call but never reports on it: every callback lost, Call Details failing. */
  exotelSilent?: boolean;
  /** Seconds the proxy holds a new call before dialling (its undo window). @default 0 */
  undoSeconds?: number;
  /** Lead details the widget asks for (name, reason…), as in the server's config. */
  fields?: WidgetConfig['fields'];
  /** The consent box the widget shows, as in the server's config. */
  consent?: WidgetConfig['consent'];
  /** Callback slots the widget offers (with `closed`, cut from tomorrow's hours). */
  schedule?: WidgetConfig['schedule'];
  /** Automatic retries of a missed call, as in the server's config. */
  retry?: WidgetConfig['retry'];
  /** How late a booked callback may still be placed, seconds. @default 900 */
  callbackStaleSeconds?: number;
}

/**
 * The real proxy (`createRingbackServer`, memory store) and the Exotel simulator,
 * running in the page behind MSW. Time is the simulator's manual clock: nothing
 * happens to a call until a story calls `advance()`, so each state holds still.
 * A scenario is cheap (a memory store, no timers while the clock stands), so the
 * ones of earlier stories are simply left behind.
 */
export interface Scenario {
  endpoint: string;
  widgetId: string;
  sim: ExotelSimulator;
  server: RingbackServer;
  /** Moves simulated time on; Exotel's callbacks reach the proxy on the way. */
  advance(seconds: number): Promise<void>;
  /** Each call as the business's `onCallEvent` hook got it, latest last. */
  calls: CallSnapshot[];
}

/** Accepts any token: the stories show the widget's side of verification. */
const testVerifier: Verifier = {
  provider: 'turnstile',
  siteKey: '1x00000000000000000000AA',
  verify: async () => ({ ok: true }),
};

/** Tomorrow's weekday in Asia/Kolkata, so a widget open only then is closed now. */
function tomorrowInKolkata(now: number) {
  const day = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'Asia/Kolkata' })
    .format(new Date(now + 86_400_000))
    .toLowerCase() as 'mon';
  return day;
}

/**
 * The request as it reaches a server: the browser adds `Origin` on the wire, after the
 * service worker saw it, and a page cannot set that header on a `Request` itself
 * (a forbidden header), so the headers are swapped for a plain copy that has it.
 */
function withOrigin(request: Request): Request {
  const headers = new Headers(request.headers);
  if (!headers.has('origin')) headers.set('origin', location.origin);
  return Object.defineProperty(request, 'headers', { value: headers });
}

let count = 0;

export async function createScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const id = `story${++count}`;
  const endpoint = `${location.origin}/ringback/${id}`;
  const sim = createExotelSimulator({
    clock: 'manual',
    // StatusCallbacks go straight into the proxy, as Exotel's POSTs would.
    fetch: (input, init) => server.fetch(new Request(input, init)),
    onError: () => {},
    ...(options.exotelSilent && {
      faults: { callbacks: { drop: 1 }, http: { routes: ['getCall'], error: 1 } },
    }),
  });
  const agents = options.agents?.map(({ name }, i) => ({
    id: `agent${i + 1}`,
    number: `+91987650000${i + 1}`,
    ...(name && { name }),
  }));
  const widget: WidgetConfig = {
    id: 'support',
    ...(agents ? { agents } : { from: AGENT }),
    callerId: '08047112400',
    // Stories follow a call from the click; the undo window has its own story.
    undoSeconds: options.undoSeconds ?? 0,
    countries: options.countries ?? ['IN'],
    allowedOrigins: [location.origin],
    limits: { number: [{ limit: options.callsPerNumber ?? 3, windowSeconds: 3600 }] },
    ...(options.closed && {
      hours: {
        timeZone: 'Asia/Kolkata',
        weekly: { [tomorrowInKolkata(sim.clock.now())]: ['09:30-18:00'] },
      },
    }),
    ...(options.verification && { verification: testVerifier }),
    ...(options.fields && { fields: options.fields }),
    ...(options.consent && { consent: options.consent }),
    ...(options.schedule && { schedule: options.schedule }),
    ...(options.retry && { retry: options.retry }),
  };
  const calls: CallSnapshot[] = [];
  const server: RingbackServer = createRingbackServer({
    exotel: { ...sim.credentials, baseUrl: 'https://exotel.sim', fetch: sim.asFetch() },
    secret: 'storybook-secret-that-is-at-least-32-characters',
    publicBaseUrl: endpoint,
    widgets: [widget],
    now: () => sim.clock.now(),
    reconcileIntervalMs: 0,
    onCallEvent: (call) => void calls.push(call),
    ...(options.callbackStaleSeconds !== undefined && {
      callbackStaleSeconds: options.callbackStaleSeconds,
    }),
  });
  sim.script(AGENT, options.agent ?? { outcome: 'answer', ringSeconds: 2, talkSeconds: null });
  for (const [i, { fate }] of (options.agents ?? []).entries())
    sim.script(agents![i]!.number, fate);
  sim.script(
    VISITOR_E164,
    options.visitor ?? { outcome: 'answer', ringSeconds: 2, talkSeconds: 30 },
  );
  if (options.exotelLatencyMs) {
    sim.faults.next({ target: 'connect', fault: { type: 'latency', ms: options.exotelLatencyMs } });
  }

  const handler: RequestHandler = http.all(`${endpoint}/*`, async ({ request }) => {
    if (options.unreachable) return HttpResponse.error();
    const response = await server.fetch(withOrigin(request), { clientIp: '203.0.113.7' });
    return response;
  });
  worker.use(handler);

  const scenario: Scenario = {
    endpoint,
    widgetId: widget.id,
    sim,
    server,
    advance: (seconds) => sim.clock.advance(seconds * 1000),
    calls,
  };
  return scenario;
}
