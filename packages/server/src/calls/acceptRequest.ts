// The core every new call goes through, a visitor's (`acceptCall`) and an operator's
// call-back (`admin/callBack.ts`): policies, the Idempotency-Key, the stored record, the dial.
import type { CreatePolicy, CreatePolicyContext } from '../domain/CreatePolicy.js';
import { newCallId } from '../domain/callId.js';
import { callingHoursFor } from '../domain/callingHours.js';
import { endRound, newAttempt, nextCheckAt } from '../domain/callTransitions.js';
import { firstEvent, newCallRecord } from '../domain/newCallRecord.js';
import { Problem, type ProblemCode } from '../domain/problem.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { CallRecord, CallSchedule, IdempotencyRecord, Store } from '../domain/Store.js';
import {
  pendingPlaceKey,
  requestHolder,
  slotPlaceKey,
  visitorLineKey,
} from '../domain/storeKeys.js';
import { runPolicies } from '../policies/createPolicies.js';
import { ipRateKey } from '../policies/ipRateKey.js';
import { callInProgress } from '../policies/liveCallPolicy.js';
import type { Lead } from '../policies/readLead.js';
import type { CreateCallRequest } from '../policies/validateCreateCallBody.js';
import { claimAgent, releaseAgent } from './claimAgent.js';
import { dialAttempt } from './dialAttempt.js';
import { fingerprint } from './fingerprint.js';
import { dialWhenDue } from './holdCall.js';
import type { ServerContext } from './ServerContext.js';
import { armJob, roundsCheck } from './scheduler.js';

const KEY_TTL_MS = 24 * 3600 * 1000;

/** A repeat of a request already seen under this key: the same call, or the same refusal; never a second dial. */
async function replay(
  store: Store,
  existing: IdempotencyRecord,
  print: string,
): Promise<CallRecord> {
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
  return call;
}

/** What differs between a visitor's request (`POST /v1/calls`) and an operator's call-back. */
export interface CallRequest {
  /** The request as received; its body has been read already. */
  request: Request;
  body: CreateCallRequest;
  widget: ResolvedWidget;
  /** The visitor's address; `undefined` for an operator's call (no address limits apply then). */
  clientIp: string | undefined;
  lead: Lead;
  /** The Idempotency-Key the call is stored under. */
  key: string;
  /** The create policies, in order: a visitor's all, an operator's without the visitor's checks. */
  policies: readonly CreatePolicy[];
  /** An operator's call-back: who placed it, and the call it calls back. */
  operator?: CreatePolicyContext['operator'];
}

/**
 * The one way a call is created, for a visitor and for an operator: the `request` stage
 * policies, then, once per Idempotency-Key, the `call` stage ones, and the call stored with
 * its key and placed with Exotel (or booked, or kept as a missed lead when nobody can be
 * tried). A repeat under the same key resolves the first call, or throws the first
 * refusal, and is never dialled again.
 */
export async function acceptRequest(ctx: ServerContext, input: CallRequest): Promise<CallRecord> {
  const { request, body, widget, clientIp, key, operator } = input;
  const context: CreatePolicyContext = {
    request,
    body,
    widget,
    clientIp,
    now: ctx.now(),
    store: await ctx.store(),
    config: ctx.config,
    logger: ctx.logger,
    idempotencyKey: key,
    ...(operator ? { operator } : {}),
  };
  await runPolicies(input.policies, 'request', context);

  // Concurrent double-submits with one key wait for the first: it may spend a
  // single-use verification token, and only one may go upstream.
  const previous = ctx.creating.get(key);
  const run = (previous ?? Promise.resolve())
    .catch(() => {})
    .then(() => acceptWithKey(ctx, context, input));
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
  input: CallRequest,
): Promise<CallRecord> {
  const { store, widget, body } = context;
  const { key, lead } = input;
  const seen = await store.getIdempotencyKey(key, ctx.now());
  if (seen) return replay(store, seen, await fingerprint(body));

  // The clock as the new call's policies see it (a queued double-submit ran later).
  const now = ctx.now();
  const fresh: CreatePolicyContext = { ...context, now };
  await runPolicies(input.policies, 'call', fresh);
  const phone = fresh.phone;
  if (!phone) throw new Error('no policy read the number: the phone policy must run');
  // Only a request the policies let through is stored under its key: a refusal (the
  // most common answer under attack) never needs the fingerprint's hash.
  const print = await fingerprint(body);
  if (body.scheduledFor !== undefined)
    return acceptScheduled(ctx, fresh, input, print, Date.parse(body.scheduledFor));

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
    ...(input.operator ? { callbackOf: input.operator.callbackOf } : {}),
    attempt: agent ? 1 : 0,
    agentId: agent?.id ?? null,
    attempts: agent ? [newAttempt(1, agent.id, agent.name, now)] : [],
    // The undo window: held, cancelable, until then.
    dialAt: agent && widget.undoSeconds > 0 ? now + widget.undoSeconds * 1000 : null,
    lineHolder,
    schedule: callSchedule(widget, phone.country, null, 1, visitorIpKey(input)),
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
    return replay(store, created.existing, print);
  }
  await countRound(store, call, now);
  ctx.update.notify(call, event);
  if (!agent) {
    armJob(ctx, call);
    return call;
  }
  if (call.dialAt !== null) {
    dialWhenDue(ctx, call);
    return call;
  }
  const { outcome, call: updated } = await dialAttempt(ctx, widget, call, agent, 'api');
  if (outcome.kind === 'refused') {
    const { code, status, detail, retryAfterSeconds } = outcome.refusal;
    throw new Problem(code, detail, {
      status,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    });
  }
  return updated ?? call;
}

/** The visitor's address as the limits key it; none for an operator's call. */
const visitorIpKey = (input: CallRequest) =>
  input.operator ? undefined : ipRateKey(input.clientIp);

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
  ipKey: string | undefined,
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
    // A retry counts against the same address limits as the request it retries (an
    // operator's call has no visitor address: its retries count against none).
    ...(ipKey !== undefined ? { ipKey } : {}),
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
  input: CallRequest,
  print: string,
  start: number,
): Promise<CallRecord> {
  const { store, widget, now } = context;
  const { key, lead } = input;
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
    schedule: { ...callSchedule(widget, phone.country, start, 0, visitorIpKey(input))!, claims },
  };

  const event = firstEvent(call);

  const created = await store.createCall(
    call,
    { key, callId: id, fingerprint: print, expiresAt: now + KEY_TTL_MS },
    event,
  );
  if (!created.created) {
    await release();
    return replay(store, created.existing, print);
  }
  await countRound(store, call, now);
  ctx.update.notify(call, event);
  armJob(ctx, call);
  return call;
}

/** Every request is one round for its number's daily count, which automatic retries may not pass. */
async function countRound(store: Store, call: CallRecord, now: number): Promise<void> {
  await store.consumeRateLimits([roundsCheck(call.to, Number.MAX_SAFE_INTEGER)], now);
}
