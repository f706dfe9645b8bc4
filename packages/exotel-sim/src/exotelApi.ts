import { authorized } from './authorized.js';
import type { CallEngine } from './callEngine.js';
import type { SimClock } from './clock.js';
import type { FateBook } from './fates.js';
import type { AppliedHttpFault, Faults } from './faults.js';
import type { RateLimiter } from './rateLimit.js';
import { presignRecordingUrl } from './recording.js';
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
  /** How this call's Call Details writes Duration and Price (a seeded choice unless pinned). */
  detailsNumbers(): 'string' | 'number';
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
  // Both refusals come without a Code: a client tells them apart by the message.
  if (fromFate.outcome === 'kyc' || toFate.outcome === 'kyc') {
    return restException(format, 403, MESSAGES.kyc);
  }
  const blocked =
    fromFate.outcome === 'ndnc' ? params.from : toFate.outcome === 'ndnc' ? params.to : null;
  if (blocked) {
    // Exotel names the number in 0-prefixed national form, whatever was sent.
    return restException(format, 403, MESSAGES.ndnc(blocked));
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
    detailsNumbers: ctx.detailsNumbers(),
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
      presign: (recordingUrl, minutes) =>
        presignRecordingUrl(
          recordingUrl,
          Math.floor(ctx.clock.now() / 1000) + minutes * 60,
          ctx.apiToken,
        ),
      utcOffsetMinutes: ctx.utcOffsetMinutes,
      pricePerMinute: ctx.pricePerMinute,
    }),
  });
}
