import { ExotelError } from '@ringback/exotel';
import type { CreatePolicyContext } from '../domain/CreatePolicy.js';
import { newCallId } from '../domain/callId.js';
import { nextCheckAt } from '../domain/callTransitions.js';
import { Problem, type ProblemCode } from '../domain/problem.js';
import { toPublicCall } from '../domain/publicCall.js';
import type { CallEvent, CallRecord, IdempotencyRecord, Store } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { readJsonBody } from '../http/readBody.js';
import { redactNumbers } from '../log/redactNumbers.js';
import { runPolicies } from '../policies/createPolicies.js';
import { validateCreateCallBody } from '../policies/validateCreateCallBody.js';
import { fingerprint } from './fingerprint.js';
import { placeCall } from './placeCall.js';
import type { ServerContext } from './ServerContext.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{8,255}$/;
const KEY_TTL_MS = 24 * 3600 * 1000;

function idempotencyKey(request: Request): string {
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

function accepted(ctx: ServerContext, call: CallRecord, headers: Headers): Response {
  const body = toPublicCall(call, ctx.config.publicBaseUrl);
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  headers.set('location', body.links.self);
  return new BufferedResponse(JSON.stringify(body), { status: 202, headers });
}

/** A repeat of a request already seen under this key: the same call, or the same refusal; never a second dial. */
async function replay(
  ctx: ServerContext,
  store: Store,
  existing: IdempotencyRecord,
  print: string,
  headers: Headers,
): Promise<Response> {
  if (existing.fingerprint !== print) {
    throw new Problem(
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request; generate a new key for a new call.',
    );
  }
  const call = await store.getCall(existing.callId);
  if (!call)
    throw new Problem(
      'idempotency_key_reused',
      'The call made with this Idempotency-Key no longer exists; generate a new key.',
    );
  if (call.refusal) {
    const { code, status, detail, retryAfterSeconds } = call.refusal;
    throw new Problem(code as ProblemCode, detail, {
      status,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    });
  }
  return accepted(ctx, call, headers);
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
  const context: CreatePolicyContext = {
    request,
    body,
    widget,
    clientIp,
    now: ctx.now(),
    store: await ctx.store(),
    config: ctx.config,
    logger: ctx.logger,
  };
  await runPolicies(ctx.policies, 'request', context);

  // Concurrent double-submits with one key wait for the first: it may spend a
  // single-use verification token, and only one may go upstream.
  const previous = ctx.creating.get(key);
  const run = (previous ?? Promise.resolve())
    .catch(() => {})
    .then(() => acceptWithKey(ctx, context, key, headers));
  ctx.creating.set(key, run);
  try {
    return await run;
  } finally {
    if (ctx.creating.get(key) === run) ctx.creating.delete(key);
  }
}

async function acceptWithKey(
  ctx: ServerContext,
  context: CreatePolicyContext,
  key: string,
  headers: Headers,
): Promise<Response> {
  const { store, widget, body } = context;
  const print = await fingerprint(body);
  const seen = await store.getIdempotencyKey(key, ctx.now());
  if (seen) return replay(ctx, store, seen, print, headers);

  // The clock as the new call's policies see it (a queued double-submit ran later).
  const now = ctx.now();
  const fresh: CreatePolicyContext = { ...context, now };
  await runPolicies(ctx.policies, 'call', fresh);
  const phone = fresh.phone;
  if (!phone) throw new Error('no policy read the number: the phone policy must run');

  const call: CallRecord = {
    id: newCallId(),
    widgetId: widget.id,
    to: phone.e164,
    state: 'requested',
    version: 1,
    exotelSid: null,
    createdAt: now,
    updatedAt: now,
    conversationSeconds: null,
    exotelStatus: null,
    checkAt: null,
    checks: 0,
    refusal: null,
    timeOut: widget.timeOut,
    timeLimit: widget.timeLimit,
    attempt: 1,
    maxAttempts: 1,
    agentId: null,
    attempts: [],
    advancing: false,
    dialAt: null,
    cancelTokenHash: null,
  };
  // Even before Exotel answers, the reconciler must find the call if this process dies.
  call.checkAt = nextCheckAt(call, now, ctx.config.reconcileGraceMs);
  const event: CallEvent = {
    callId: call.id,
    seq: 1,
    state: 'requested',
    at: now,
    source: 'api',
    conversationSeconds: null,
  };
  const created = await store.createCall(
    call,
    { key, callId: call.id, fingerprint: print, expiresAt: now + KEY_TTL_MS },
    event,
  );
  if (!created.created) return replay(ctx, store, created.existing, print, headers);
  ctx.update.notify(call, event);

  const outcome = await placeCall(ctx, widget, call);
  let updated: CallRecord | undefined;
  switch (outcome.kind) {
    case 'accepted':
      updated = await ctx.update(
        call.id,
        () => ({
          state: 'dialing-agent',
          exotelSid: outcome.call.sid,
          exotelStatus: outcome.call.status,
        }),
        'api',
      );
      break;
    case 'unknown':
      ctx.logger.warn({
        msg: 'exotel connect outcome unknown; reconciling',
        callId: call.id,
        error: describeError(outcome.error),
      });
      updated = await ctx.update(call.id, () => ({ state: 'unknown' }), 'api');
      break;
    case 'refused': {
      ctx.logger[outcome.refusal.code === 'number_blocked' ? 'warn' : 'error']({
        msg: 'exotel refused the call',
        callId: call.id,
        widgetId: widget.id,
        code: outcome.refusal.code,
        error: describeError(outcome.error),
      });
      await ctx.update(call.id, () => ({ state: 'failed', refusal: outcome.refusal }), 'api');
      const { code, status, detail, retryAfterSeconds } = outcome.refusal;
      throw new Problem(code, detail, {
        status,
        ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
      });
    }
  }
  return accepted(ctx, updated ?? call, headers);
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof ExotelError) {
    return {
      kind: error.kind,
      status: error.status,
      code: error.code,
      reason: error.reason,
      message: redactNumbers(error.message),
      mayHaveReachedExotel: error.mayHaveReachedExotel,
    };
  }
  return { message: redactNumbers(error instanceof Error ? error.message : String(error)) };
}
