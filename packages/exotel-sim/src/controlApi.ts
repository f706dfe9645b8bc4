import { checkCallbackEvents } from './callbackEvents.js';
import type { LegAction } from './callEngine.js';
import { checkFaultConfig, checkQueuedFault } from './checkFaults.js';
import type { ExotelSimulator } from './createExotelSimulator.js';
import { checkFate, type Fate, MAGIC_NUMBERS } from './fates.js';
import type { FaultConfig, QueuedFault } from './faults.js';
import type { StatusCallbackEventType } from './validateConnect.js';
import { jsonResponse, readBody } from './wire.js';

/** The control API's routes, as listed by `GET /_sim` and in the README. */
export const CONTROL_ROUTES = [
  'GET    /_sim                      this list',
  'GET    /_sim/calls                every call, with its legs, events and Exotel view',
  'GET    /_sim/calls/{sid}          one call, with its callback deliveries',
  'GET    /_sim/calls/{sid}/events   one call’s events',
  'POST   /_sim/calls/{sid}/legs/{1|2}/{answer|reject|hangup}  act as the person holding that phone',
  'GET    /_sim/deliveries           every callback delivery and its attempts (?callSid=)',
  'GET    /_sim/stats                request counters (connectsAccepted, …)',
  'GET    /_sim/numbers              scripted numbers and the magic-number table',
  'PUT    /_sim/numbers/{number}     script a number: a fate, or a list used one per call',
  'DELETE /_sim/numbers/{number}     remove a number’s script',
  'GET    /_sim/default-fate         the fate of numbers neither scripted nor magic',
  'PUT    /_sim/default-fate         change it (e.g. {"outcome":"manual"})',
  'GET    /_sim/callback-events      the StatusCallbackEvents the account honours',
  'PUT    /_sim/callback-events      change them (e.g. {"events":["terminal"]} suppresses answered)',
  'GET    /_sim/faults               the fault configuration and queued faults',
  'PUT    /_sim/faults               set fault probabilities',
  'POST   /_sim/faults/next          queue a fault for the next matching request or callback',
  'DELETE /_sim/faults               remove every fault',
  'GET    /_sim/clock                the clock: mode, speed, now',
  'POST   /_sim/clock/advance        {"ms": n}: move the manual clock forward',
  'POST   /_sim/reset                forget calls, scripts, faults, deliveries and counters; restore settings',
];

const MAX_CONTROL_BODY = 64 * 1024;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: Request): Promise<unknown> {
  const body = await readBody(request, MAX_CONTROL_BODY);
  if (!body.ok) throw new ControlError(413, body.message);
  try {
    return JSON.parse(new TextDecoder().decode(body.bytes));
  } catch {
    throw new ControlError(400, 'The body must be JSON.');
  }
}

function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** Serves `/_sim/…`: JSON in and out, no Exotel credentials (it is a dev tool). */
export async function handleControlApi(
  sim: ExotelSimulator,
  request: Request,
  url: URL,
): Promise<Response> {
  try {
    return await route(sim, request, url);
  } catch (error) {
    if (error instanceof ControlError) return jsonResponse(error.status, { error: error.message });
    if (error instanceof TypeError || error instanceof RangeError) {
      return jsonResponse(400, { error: error.message });
    }
    throw error;
  }
}

async function route(sim: ExotelSimulator, request: Request, url: URL): Promise<Response> {
  const parts = url.pathname
    .replace(/^\/_sim\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        throw new ControlError(400, `Malformed path segment '${part}'.`);
      }
    });
  const method = request.method;
  // The second segment of calls/… and numbers/… is a parameter (a Sid, a number).
  const wildcard = parts[0] === 'calls' || parts[0] === 'numbers';
  const key = `${method} ${parts.map((p, i) => (i === 1 && wildcard ? '*' : p)).join('/')}`;

  switch (key) {
    case 'GET ':
      return jsonResponse(200, { routes: CONTROL_ROUTES });
    case 'GET calls':
      return jsonResponse(200, { calls: sim.calls() });
    case 'GET calls/*': {
      const call = sim.call(parts[1]!);
      if (!call) throw new ControlError(404, `No call with Sid '${parts[1]}'.`);
      return jsonResponse(200, { call, deliveries: sim.deliveries({ callSid: call.sid }) });
    }
    case 'GET calls/*/events': {
      const call = sim.call(parts[1]!);
      if (!call) throw new ControlError(404, `No call with Sid '${parts[1]}'.`);
      return jsonResponse(200, { events: call.events });
    }
    case 'POST calls/*/legs/1/answer':
    case 'POST calls/*/legs/1/reject':
    case 'POST calls/*/legs/1/hangup':
    case 'POST calls/*/legs/2/answer':
    case 'POST calls/*/legs/2/reject':
    case 'POST calls/*/legs/2/hangup': {
      const sid = parts[1]!;
      if (!sim.call(sid)) throw new ControlError(404, `No call with Sid '${sid}'.`);
      const result = sim.act(sid, parts[3] === '1' ? 1 : 2, parts[4] as LegAction);
      if (!result.ok) throw new ControlError(409, `${result.reason}.`);
      return jsonResponse(200, { call: sim.call(sid) });
    }
    case 'GET deliveries': {
      const callSid = url.searchParams.get('callSid') ?? undefined;
      return jsonResponse(200, { deliveries: sim.deliveries(callSid ? { callSid } : {}) });
    }
    case 'GET stats':
      return jsonResponse(200, sim.stats());
    case 'GET numbers':
      return jsonResponse(200, { scripts: sim.scripts(), magicNumbers: MAGIC_NUMBERS });
    case 'PUT numbers/*': {
      const body = await readJson(request);
      const fates = Array.isArray(body) ? body : [body];
      const problem =
        fates.length === 0
          ? 'Give a fate or a non-empty list of fates.'
          : fates.map(checkFate).find(Boolean);
      if (problem) throw new ControlError(400, problem);
      sim.script(parts[1]!, body as Fate | Fate[]);
      return jsonResponse(200, { scripts: sim.scripts() });
    }
    case 'DELETE numbers/*':
      sim.script(parts[1]!, null);
      return noContent();
    case 'GET default-fate':
      return jsonResponse(200, { fate: sim.defaultFate() });
    case 'PUT default-fate': {
      const body = await readJson(request);
      const problem = checkFate(body);
      if (problem) throw new ControlError(400, problem);
      sim.setDefaultFate(body as Fate);
      return jsonResponse(200, { fate: sim.defaultFate() });
    }
    case 'GET callback-events':
      return jsonResponse(200, { events: sim.callbackEvents() });
    case 'PUT callback-events': {
      const body = (await readJson(request)) as { events?: unknown } | null;
      const problem =
        body && typeof body === 'object' && !Array.isArray(body)
          ? checkCallbackEvents(body.events)
          : 'Send {"events": [...]}, e.g. {"events":["terminal"]}.';
      if (problem) throw new ControlError(400, problem);
      sim.setCallbackEvents(body!.events as StatusCallbackEventType[]);
      return jsonResponse(200, { events: sim.callbackEvents() });
    }
    case 'GET faults':
      return jsonResponse(200, { config: sim.faults.get(), queued: sim.faults.queued() });
    case 'PUT faults': {
      const body = await readJson(request);
      const problem = checkFaultConfig(body);
      if (problem) throw new ControlError(400, problem);
      sim.faults.set(body as FaultConfig);
      return jsonResponse(200, { config: sim.faults.get(), queued: sim.faults.queued() });
    }
    case 'POST faults/next': {
      const body = await readJson(request);
      const problem = checkQueuedFault(body);
      if (problem) throw new ControlError(400, problem);
      sim.faults.next(body as QueuedFault);
      return jsonResponse(200, { config: sim.faults.get(), queued: sim.faults.queued() });
    }
    case 'DELETE faults':
      sim.faults.clear();
      return noContent();
    case 'GET clock':
      return jsonResponse(200, clockView(sim));
    case 'POST clock/advance': {
      const body = (await readJson(request)) as { ms?: unknown } | null;
      const ms = body?.ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        throw new ControlError(400, 'Send {"ms": n} with a non-negative number of milliseconds.');
      }
      if (sim.clock.mode !== 'manual') {
        throw new ControlError(
          409,
          'The clock is not manual: start the simulator with the manual clock.',
        );
      }
      await sim.clock.advance(ms);
      return jsonResponse(200, clockView(sim));
    }
    case 'POST reset':
      sim.reset();
      return noContent();
    default:
      throw new ControlError(
        404,
        `No control route ${method} ${url.pathname}: GET /_sim lists them.`,
      );
  }
}

function clockView(sim: ExotelSimulator) {
  const now = sim.clock.now();
  return { mode: sim.clock.mode, speed: sim.clock.speed, now, time: new Date(now).toISOString() };
}
