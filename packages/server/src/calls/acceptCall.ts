import { Problem } from '../domain/problem.js';
import { toPublicCall } from '../domain/publicCall.js';
import type { CallRecord } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { readJsonBody } from '../http/readBody.js';
import { readLead } from '../policies/readLead.js';
import { validateCreateCallBody } from '../policies/validateCreateCallBody.js';
import { acceptRequest } from './acceptRequest.js';
import type { ServerContext } from './ServerContext.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{8,255}$/;

/** The request's `Idempotency-Key`, or the refusal for a missing or malformed one. */
export function idempotencyKey(request: Request): string {
  const key = request.headers.get('idempotency-key');
  if (key === null) {
    throw new Problem(
      'idempotency_key_required',
      'Send an Idempotency-Key header (a new UUID per call attempt, reused only on retries).',
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new Problem(
      'idempotency_key_invalid',
      'The Idempotency-Key must be 8 to 255 visible ASCII characters, such as a UUID.',
    );
  }
  return key;
}

/** The 202: the call as the visitor sees it, with its cancel capability (which GET never shows). */
async function accepted(ctx: ServerContext, call: CallRecord, headers: Headers): Promise<Response> {
  // Added to the new object rather than spread into another: V8 copies an object like
  // this one, spread ahead of other properties, on a slow path (about 3 µs on Node 20).
  const body = Object.assign(toPublicCall(call, ctx.config.publicBaseUrl), {
    cancelToken: await ctx.cancelTokens.sign(call.id),
  });
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  headers.set('location', body.links.self);
  return new BufferedResponse(JSON.stringify(body), { status: 202, headers });
}

/**
 * `POST /v1/calls`: runs the create policies (`createPolicyOrder`), then stores the call
 * with its Idempotency-Key and places it with Exotel. A repeat under the same key is
 * answered with the first outcome and never dialled again.
 */
export async function acceptCall(
  ctx: ServerContext,
  request: Request,
  clientIp: string | undefined,
  headers: Headers,
): Promise<Response> {
  const key = idempotencyKey(request);
  const body = validateCreateCallBody(await readJsonBody(request, ctx.config.maxBodyBytes));
  const widget = ctx.config.widgets.get(body.widgetId);
  if (!widget)
    throw new Problem('widget_not_found', `There is no widget ${JSON.stringify(body.widgetId)}.`);
  const lead = readLead(body, widget, ctx.now());
  const call = await acceptRequest(ctx, {
    request,
    body,
    widget,
    clientIp,
    lead,
    key,
    policies: ctx.policies,
  });
  return accepted(ctx, call, headers);
}
