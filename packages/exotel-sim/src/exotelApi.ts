import type { CallEngine } from './callEngine.js';
import type { SimClock } from './clock.js';
import type { FateBook } from './fates.js';
import type { AppliedHttpFault, Faults } from './faults.js';
import type { RateLimiter } from './rateLimit.js';
import { validateConnect } from './validateConnect.js';
import {
  formatOf,
  MESSAGES,
  parseForm,
  readBody,
  restException,
  type WireFormat,
  wireResponse,
} from './wire.js';
import { toWireCall } from './wireCall.js';

export interface SimStats {
  /** Requests to the Exotel API routes, whatever their answer. */
  requests: number;
  /** `POST …/Calls/connect(.json)` requests, whatever their answer. */
  connectRequests: number;
  /** Calls actually placed: connect requests that got past auth, limits and validation. */
  connectsAccepted: number;
  getCallRequests: number;
  unauthorized: number;
  invalid: number;
  rateLimited: number;
  /** Requests hit by an injected HTTP fault. */
  faulted: number;
}

export function emptyStats(): SimStats {
  return {
    requests: 0,
    connectRequests: 0,
    connectsAccepted: 0,
    getCallRequests: 0,
    unauthorized: 0,
    invalid: 0,
    rateLimited: 0,
    faulted: 0,
  };
}

export interface ExotelApiContext {
  accountSid: string;
  apiKey: string;
  apiToken: string;
  clock: SimClock;
  engine: CallEngine;
  fates: FateBook;
  faults: Faults;
  rateLimiter: RateLimiter;
  stats: SimStats;
  maxBodyBytes: number;
  utcOffsetMinutes: number;
  pricePerMinute: number;
  publicUrl: string | undefined;
  newSid(): string;
}

const CONNECT = /^\/v1\/Accounts\/([^/]+)\/Calls\/connect(\.json)?\/?$/;
const CALL = /^\/v1\/Accounts\/([^/]+)\/Calls\/([^/]+?)(\.json)?\/?$/;

/** Handles `/v1/Accounts/…` requests; `undefined` for any other path. */
export async function handleExotelApi(
  ctx: ExotelApiContext,
  request: Request,
  url: URL,
): Promise<Response | undefined> {
  const path = url.pathname;
  const connect = CONNECT.exec(path);
  const read = connect ? null : CALL.exec(path);
  if (!connect && !read) {
    return path.startsWith('/v1/')
      ? restException(formatOf(path), 404, MESSAGES.notFound)
      : undefined;
  }
  const format = formatOf(path.replace(/\/$/, ''));
  const route = connect ? 'connect' : 'getCall';
  const expected = connect ? 'POST' : 'GET';
  if (request.method !== expected) {
    return restException(
      format,
      405,
      `Method ${request.method} is not allowed here; use ${expected}.`,
      undefined,
      {
        allow: expected,
      },
    );
  }
  ctx.stats.requests++;
  if (connect) ctx.stats.connectRequests++;
  else ctx.stats.getCallRequests++;

  const faults = ctx.faults.forRequest(route);
  if (faults.length > 0) ctx.stats.faulted++;
  const before = await applyFaults(ctx, format, faults, 'before');
  if (before) return before;

  const accountSid = safeDecode((connect ?? read)![1]!);
  let response: Response;
  if (!authorized(ctx, request, accountSid)) {
    ctx.stats.unauthorized++;
    response = restException(format, 401, MESSAGES.unauthorized);
  } else if (!ctx.rateLimiter.hit(ctx.accountSid)) {
    ctx.stats.rateLimited++;
    response = restException(format, 429, MESSAGES.tooManyRequests);
  } else if (connect) {
    response = await handleConnect(ctx, request, url, format);
  } else {
    response = handleGetCall(ctx, url, safeDecode(read![2]!), format);
  }
  return (await applyFaults(ctx, format, faults, 'after')) ?? response;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function applyFaults(
  ctx: ExotelApiContext,
  format: WireFormat,
  faults: AppliedHttpFault[],
  when: 'before' | 'after',
): Promise<Response | undefined> {
  for (const { fault, when: timing } of faults) {
    if (timing !== when) continue;
    switch (fault.type) {
      case 'latency':
        await ctx.clock.sleep(fault.ms);
        break;
      case 'reset':
        // A network error: MSW and fetch callers see a failed fetch, the Node
        // listener destroys the socket.
        return Response.error();
      case 'rate-limit':
        return restException(format, 429, MESSAGES.tooManyRequests);
      case 'error': {
        const status = fault.status ?? 503;
        const message =
          fault.message ?? (status === 503 ? 'Service Unavailable' : 'Internal Server Error');
        const code = fault.code ?? (status === 503 ? 35008 : undefined);
        return restException(format, status, message, code);
      }
    }
  }
  return undefined;
}

function authorized(ctx: ExotelApiContext, request: Request, accountSid: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return false;
  let decoded: string;
  try {
    const binary = atob(match[1]!);
    decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // A key and token that are right for another account do not open this one: Exotel
  // ties credentials to their account, so a foreign AccountSid is refused the same way.
  return (
    decoded.slice(0, colon) === ctx.apiKey &&
    decoded.slice(colon + 1) === ctx.apiToken &&
    accountSid === ctx.accountSid
  );
}

async function handleConnect(
  ctx: ExotelApiContext,
  request: Request,
  url: URL,
  format: WireFormat,
): Promise<Response> {
  const body = await readBody(request, ctx.maxBodyBytes);
  if (!body.ok) {
    ctx.stats.invalid++;
    return restException(format, body.status, body.message);
  }
  const form = await parseForm(request.headers.get('content-type'), body.bytes);
  const checked = form.ok ? validateConnect(form.fields) : form;
  if (!checked.ok) {
    ctx.stats.invalid++;
    return restException(format, 400, checked.message);
  }
  const { params } = checked;
  const fromFate = ctx.fates.next(params.from);
  const toFate = ctx.fates.next(params.to);
  const blocked =
    fromFate.outcome === 'ndnc' ? params.from : toFate.outcome === 'ndnc' ? params.to : null;
  if (blocked) {
    return restException(
      format,
      403,
      `Call to ${blocked} cannot be made because of TRAI NDNC regulations`,
    );
  }
  const sid = ctx.newSid();
  const base = (ctx.publicUrl ?? url.origin).replace(/\/$/, '');
  const call = ctx.engine.place({
    sid,
    accountSid: ctx.accountSid,
    params,
    fromFate,
    toFate,
    recordingUrl: `${base}/recordings/${encodeURIComponent(ctx.accountSid)}/${sid}.mp3`,
  });
  ctx.stats.connectsAccepted++;
  return wireResponse(format, 200, {
    Call: toWireCall(call, {
      view: 'create',
      format,
      utcOffsetMinutes: ctx.utcOffsetMinutes,
      pricePerMinute: ctx.pricePerMinute,
    }),
  });
}

function handleGetCall(ctx: ExotelApiContext, url: URL, sid: string, format: WireFormat): Response {
  const validity = url.searchParams.get('RecordingUrlValidity');
  let recordingUrlValidity: number | undefined;
  if (validity !== null) {
    recordingUrlValidity = /^\d+$/.test(validity) ? Number(validity) : Number.NaN;
    if (!(recordingUrlValidity >= 5 && recordingUrlValidity <= 60)) {
      ctx.stats.invalid++;
      return restException(
        format,
        400,
        `Invalid value '${validity}' for parameter 'RecordingUrlValidity': must be a whole number of minutes from 5 to 60.`,
      );
    }
  }
  const call = ctx.engine.get(sid);
  if (!call) return restException(format, 404, MESSAGES.notFound);
  return wireResponse(format, 200, {
    Call: toWireCall(call, {
      view: 'read',
      format,
      details: url.searchParams.get('details')?.toLowerCase() === 'true',
      recordingUrlValidity,
      utcOffsetMinutes: ctx.utcOffsetMinutes,
      pricePerMinute: ctx.pricePerMinute,
    }),
  });
}
