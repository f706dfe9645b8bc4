import type { CreatePolicyContext } from '../domain/CreatePolicy.js';
import { newCallId } from '../domain/callId.js';
import { callingHoursFor } from '../domain/callingHours.js';
import { endRound, newAttempt, nextCheckAt } from '../domain/callTransitions.js';
import { firstEvent, newCallRecord } from '../domain/newCallRecord.js';
import { Problem, type ProblemCode } from '../domain/problem.js';
import { toPublicCall } from '../domain/publicCall.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { CallRecord, CallSchedule, IdempotencyRecord, Store } from '../domain/Store.js';
import {
  pendingPlaceKey,
  requestHolder,
  slotPlaceKey,
  visitorLineKey,
} from '../domain/storeKeys.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { readJsonBody } from '../http/readBody.js';
import { runPolicies } from '../policies/createPolicies.js';
import { ipRateKey } from '../policies/ipRateKey.js';
import { callInProgress } from '../policies/liveCallPolicy.js';
import { type Lead, readLead } from '../policies/readLead.js';
import { validateCreateCallBody } from '../policies/validateCreateCallBody.js';
import { claimAgent, releaseAgent } from './claimAgent.js';
import { dialAttempt } from './dialAttempt.js';
import { fingerprint } from './fingerprint.js';
import { dialWhenDue } from './holdCall.js';
import type { ServerContext } from './ServerContext.js';
import { armJob, roundsCheck } from './scheduler.js';

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

/** The 202: the call as the visitor sees it, with its cancel capability (which GET never shows). */
async function accepted(ctx: ServerContext, call: CallRecord, headers: Headers): Promise<Response> {
  const body = {
    ...toPublicCall(call, ctx.config.publicBaseUrl),
    cancelToken: await ctx.cancelTokens.sign(call.id),
  };
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
  const lead = readLead(body, widget, ctx.now());
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
    .then(() => acceptWithKey(ctx, context, lead, key, headers));
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
  lead: Lead,
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
  if (body.scheduledFor !== undefined)
    return acceptScheduled(ctx, fresh, lead, key, print, headers, Date.parse(body.scheduledFor));

  const id = newCallId();
  const agent = await claimAgent(ctx, widget, undefined, id, 1);
  // One live call per number: a second one (a reload, another tab, another key) is refused.
  const lineHolder = agent ? requestHolder(key) : null;
  const until = now + requestLifeMs(widget, ctx);
  if (
    agent &&
    lineHolder &&
    !(await store.acquireLease(visitorLineKey(phone.e164), lineHolder, until, now))
  ) {
    await releaseAgent(ctx, widget.id, agent.id, id, 1);
    throw callInProgress();
  }
  const call: CallRecord = {
    ...newCallRecord(id, widget, phone.e164, 'requested', now, lead),
    attempt: agent ? 1 : 0,
    agentId: agent?.id ?? null,
    attempts: agent ? [newAttempt(1, agent.id, agent.name, now)] : [],
    // The undo window: held, cancelable, until then.
    dialAt: agent && widget.undoSeconds > 0 ? now + widget.undoSeconds * 1000 : null,
    lineHolder,
    schedule: callSchedule(widget, phone.country, null, 1, context.clientIp),
  };

  // Nobody can be tried (every agent away, outside their hours or on a call): the visitor
  // learns it at once, and the request is kept as a missed lead, or retried later (`retry`).
  if (!agent) endRound(call, 'agent-unavailable', now, ctx.config.reconcileGraceMs);
  // Even before Exotel answers, the reconciler must find the call if this process dies.
  if (agent) call.checkAt = call.dialAt ?? nextCheckAt(call, now, ctx.config.reconcileGraceMs);
  const event = firstEvent(call);

  const created = await store.createCall(
    call,
    { key, callId: call.id, fingerprint: print, expiresAt: now + KEY_TTL_MS },
    event,
  );
  if (!created.created) {
    // The first of this request's retries holds the agent and the number; this one frees its own claim.
    if (agent) await releaseAgent(ctx, widget.id, agent.id, id, 1);
    return replay(ctx, store, created.existing, print, headers);
  }
  await countRound(store, call, now);
  ctx.update.notify(call, event);
  if (!agent) {
    armJob(ctx, call);
    return accepted(ctx, call, headers);
  }
  if (call.dialAt !== null) {
    dialWhenDue(ctx, call);
    return accepted(ctx, call, headers);
  }
  const { outcome, call: updated } = await dialAttempt(ctx, widget, call, agent, 'api');
  if (outcome.kind === 'refused') {
    const { code, status, detail, retryAfterSeconds } = outcome.refusal;
    throw new Problem(code, detail, {
      status,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    });
  }
  return accepted(ctx, updated ?? call, headers);
}

/** The longest a visitor's call can hold their number: its window, every attempt, its time limit. */
function requestLifeMs(widget: ResolvedWidget, ctx: ServerContext): number {
  const { undoSeconds, timeOut, timeLimit, routing } = widget;
  return (
    (undoSeconds + routing.maxAttempts * 2 * timeOut + timeLimit) * 1000 +
    ctx.config.reconcileGraceMs
  );
}

/**
 * What a call keeps for booked callbacks and retries: `undefined`-free, or `null` when it
 * has neither (no slot, and the widget retries nothing).
 */
function callSchedule(
  widget: ResolvedWidget,
  country: string,
  scheduledFor: number | null,
  rounds: number,
  clientIp: string | undefined,
): CallSchedule | null {
  const { retry } = widget;
  if (
    scheduledFor === null &&
    retry.visitorMissed.attempts + retry.agentsUnavailable.attempts === 0
  )
    return null;
  const hours = callingHoursFor(widget.callingHours, country, widget.hours?.timeZone ?? 'UTC');
  return {
    scheduledFor,
    retryAt: null,
    retryOf: null,
    plan: retry,
    used: { visitorMissed: 0, agentsUnavailable: 0 },
    callingHours: {
      from: widget.callingHours.from,
      to: widget.callingHours.to,
      timeZone: hours.timeZone,
    },
    claims: [],
    rounds,
    // A retry counts against the same address limits as the request it retries.
    ipKey: ipRateKey(clientIp),
  };
}

/** Takes the first free place of `count` under `keyOf`; resolves the key taken, or `undefined` when all are held. */
async function takePlace(
  store: Store,
  count: number,
  keyOf: (place: number) => string,
  holder: string,
  until: number,
  now: number,
): Promise<string | undefined> {
  for (let place = 0; place < count; place++) {
    const key = keyOf(place);
    if (await store.acquireLease(key, holder, until, now)) return key;
  }
  return undefined;
}

/**
 * A booked callback: its slot's place and the number's and address's pending places are
 * leases (held until the slot is placed, canceled or expires, and running out by
 * themselves after the slot), so capacity and the pending caps hold across instances.
 * The call waits `scheduled` until the scheduler places it.
 */
async function acceptScheduled(
  ctx: ServerContext,
  context: CreatePolicyContext,
  lead: Lead,
  key: string,
  print: string,
  headers: Headers,
  start: number,
): Promise<Response> {
  const { store, widget, now } = context;
  const phone = context.phone!;
  const schedule = widget.schedule!;
  const id = newCallId();
  const until = start + schedule.slotMinutes * 60_000 + ctx.config.callbackStaleMs;
  const claims: string[] = [];
  const release = async () => {
    for (const claim of claims) await store.releaseLease(claim, id);
  };
  const take = async (count: number, keyOf: (place: number) => string) => {
    const taken = await takePlace(store, count, keyOf, id, until, now);
    if (taken) claims.push(taken);
    return taken !== undefined;
  };
  const ip = ipRateKey(context.clientIp);
  const tooMany = (what: string) =>
    new Problem(
      'too_many_scheduled',
      `${what} already has the most callbacks pending; cancel one or wait for it.`,
    );
  if (!(await take(schedule.capacityPerSlot, (p) => slotPlaceKey(widget.id, start, p)))) {
    throw new Problem(
      'slot_unavailable',
      'This slot is full; list the slots again and pick another.',
    );
  }
  if (
    !(await take(schedule.maxPendingPerNumber, (p) => pendingPlaceKey('number', phone.e164, p)))
  ) {
    await release();
    throw tooMany('This number');
  }
  if (!(await take(schedule.maxPendingPerIp, (p) => pendingPlaceKey('ip', ip, p)))) {
    await release();
    throw tooMany('Your network');
  }
  const call: CallRecord = {
    ...newCallRecord(id, widget, phone.e164, 'scheduled', now, lead),
    // The reconciler finds it when it is due, whichever instance is up then.
    checkAt: start,
    // Cancelable (`DELETE` with the cancelToken) until it is placed.
    dialAt: start,
    schedule: { ...callSchedule(widget, phone.country, start, 0, context.clientIp)!, claims },
  };

  const event = firstEvent(call);

  const created = await store.createCall(
    call,
    { key, callId: id, fingerprint: print, expiresAt: now + KEY_TTL_MS },
    event,
  );
  if (!created.created) {
    await release();
    return replay(ctx, store, created.existing, print, headers);
  }
  await countRound(store, call, now);
  ctx.update.notify(call, event);
  armJob(ctx, call);
  return accepted(ctx, call, headers);
}

/** Every request is one round for its number's daily count, which automatic retries may not pass. */
async function countRound(store: Store, call: CallRecord, now: number): Promise<void> {
  await store.consumeRateLimits([roundsCheck(call.to, Number.MAX_SAFE_INTEGER)], now);
}
