import { hoursStatus } from '../domain/businessHours.js';
import { nextInsideBoth } from '../domain/callingHours.js';
import { isWaiting } from '../domain/callState.js';
import { callingHoursOf } from '../domain/callTransitions.js';
import type { CallRecord, RateCheck } from '../domain/Store.js';
import { jobLeaseKey, visitorLineKey } from '../domain/storeKeys.js';
import { globalCheck, rateChecks } from '../policies/rateLimits.js';
import { claimAgent, releaseAgent } from './claimAgent.js';
import { dialAttempt } from './dialAttempt.js';
import type { ServerContext } from './ServerContext.js';

/** How long one instance's claim on a due job lasts; another takes it over after. */
export const JOB_LEASE_MS = 30_000;
/** Jobs due within this are armed with a timer, so they fire on time on an idle server. */
export const NEAR_MS = 10 * 60_000;
/** How long a due job waits for the visitor's number when another call holds it. */
const LINE_BUSY_RETRY_MS = 60_000;
const DAY_MS = 86_400_000;
/** Rounds one number gets in a day before automatic retries stop (calling rules). */
export const MAX_ROUNDS_PER_NUMBER_PER_DAY = 3;

/** The rounds a number had today: every request (placed now or booked) and every retry. */
export function roundsCheck(number: string, limit: number): RateCheck {
  return { key: `rounds:${number}`, limit, windowMs: DAY_MS };
}

// Each server context's instance id and the jobs it has a timer for.
const instances = new WeakMap<ServerContext, { id: string; armed: Set<string> }>();
function instance(ctx: ServerContext) {
  let found = instances.get(ctx);
  if (!found) {
    found = { id: `instance:${globalThis.crypto.randomUUID()}`, armed: new Set() };
    instances.set(ctx, found);
  }
  return found;
}

/**
 * Places a due booked callback or retry, once across every instance: a lease per job
 * (`job:<id>`) keeps two instances from working on it at once, and taking the round is a
 * compare-and-set on the stored call, so a stale or late reader places nothing. A job due
 * later is armed instead.
 */
export async function placeDue(ctx: ServerContext, callId: string): Promise<void> {
  const store = await ctx.store();
  const call = await store.getCall(callId);
  if (!call || !isWaiting(call.state) || call.dialAt === null) return;
  const now = ctx.now();
  if (now < call.dialAt) {
    armJob(ctx, call);
    return;
  }
  const { id } = instance(ctx);
  if (!(await store.acquireLease(jobLeaseKey(callId), id, now + JOB_LEASE_MS, now))) return;
  try {
    await placeClaimed(ctx, call);
  } finally {
    await store.releaseLease(jobLeaseKey(callId), id);
  }
}

async function placeClaimed(ctx: ServerContext, call: CallRecord): Promise<void> {
  const store = await ctx.store();
  const now = ctx.now();
  const dueAt = call.dialAt!;
  const still = (c: CallRecord) => isWaiting(c.state) && c.dialAt === dueAt;
  const widget = ctx.config.widgets.get(call.widgetId);
  const schedule = call.schedule;
  const late = now - dueAt > ctx.config.callbackStaleMs;
  const outside = schedule ? !hoursStatus(callingHoursOf(schedule), now).open : false;
  if (!widget || !schedule || late || outside) {
    ctx.logger.warn({
      msg: 'callback expired',
      callId: call.id,
      why: !widget ? 'widget removed' : late ? 'found too late' : 'outside calling hours',
    });
    await ctx.update(call.id, (c) => (still(c) ? { expire: true } : undefined), 'api');
    return;
  }
  if (call.state === 'retry-scheduled') {
    // A retry rings when the shop takes calls: one falling due while it is closed waits for
    // its next opening inside calling hours, instead of finding nobody and using a round.
    const opens = nextInsideBoth(widget.hours, callingHoursOf(schedule), now);
    if (opens !== null && opens > now) {
      const moved = await ctx.update(
        call.id,
        (c) => (still(c) ? { postpone: { dialAt: opens } } : undefined),
        'api',
      );
      if (moved) armJob(ctx, moved);
      return;
    }
    // A retry is one more call to the number: the visitor's limits count it as a request,
    // their address's too (records from before the address was kept skip those).
    const { ipKey } = schedule;
    const checks = [
      ...rateChecks({
        widgetId: widget.id,
        limits: ipKey ? widget.limits : { ...widget.limits, ip: [], distinctNumbersPerIp: [] },
        globalLimit: ctx.config.globalLimit,
        ip: ipKey ?? '',
        number: call.to,
      }).map((c) => c.check),
      roundsCheck(call.to, MAX_ROUNDS_PER_NUMBER_PER_DAY),
    ];
    const allowed = await store.consumeRateLimits(checks, now);
    if (!allowed.allowed) {
      ctx.logger.warn({ msg: 'retry not placed: limits reached', callId: call.id });
      await ctx.update(call.id, (c) => (still(c) ? { abandonRetry: true } : undefined), 'api');
      return;
    }
  } else {
    // A booked callback was counted when it was booked; Exotel's budget is spent now.
    const budget = await store.consumeRateLimits([globalCheck(ctx.config.globalLimit)], now);
    if (!budget.allowed) {
      armAt(ctx, call.id, now + Math.max(...budget.denied.map((d) => d.retryAfterMs)));
      return;
    }
  }
  // One live call per number: a booked callback waits while the visitor is on another.
  const lineHolder = `round:${call.id}:${call.attempts.length + 1}`;
  const lifeMs =
    (widget.routing.maxAttempts * 2 * widget.timeOut + widget.timeLimit) * 1000 +
    ctx.config.reconcileGraceMs;
  if (!(await store.acquireLease(visitorLineKey(call.to), lineHolder, now + lifeMs, now))) {
    armAt(ctx, call.id, now + LINE_BUSY_RETRY_MS);
    return;
  }
  const freeLine = () => store.releaseLease(visitorLineKey(call.to), lineHolder);
  const attempt = call.attempts.length + 1;
  const agent = await claimAgent(ctx, widget, undefined, call.id, attempt);
  if (!agent) {
    await freeLine();
    await ctx.update(call.id, (c) => (still(c) ? { noAgent: true } : undefined), 'routing');
    return;
  }
  let mine = false;
  const stored = await ctx.update(
    call.id,
    (c) => {
      mine = still(c);
      return mine
        ? {
            startRound: {
              agentId: agent.id,
              agentName: agent.name,
              attempts: widget.routing.maxAttempts,
              lineHolder,
            },
          }
        : undefined;
    },
    'api',
  );
  if (!mine || !stored || stored.attempt !== attempt) {
    // Another instance or pass took the round: it dials, this one must not.
    await releaseAgent(ctx, widget.id, agent.id, call.id, attempt);
    await freeLine();
    return;
  }
  await dialAttempt(ctx, widget, stored, agent, 'api');
}

/** Places `callId` at `at` on this process's clock, unless a timer for it is set already. */
function armAt(ctx: ServerContext, callId: string, at: number): void {
  const { armed } = instance(ctx);
  if (armed.has(callId) || ctx.closing) return;
  armed.add(callId);
  const timer = setTimeout(
    () => {
      ctx.timers.delete(timer);
      armed.delete(callId);
      if (ctx.closing) return;
      const placing = placeDue(ctx, callId)
        .catch((error: unknown) =>
          ctx.logger.error({ msg: 'placing a callback failed', callId, error }),
        )
        .finally(() => ctx.background.delete(placing));
      ctx.background.add(placing);
    },
    Math.max(0, at - ctx.now()),
  );
  ctx.timers.add(timer);
}

/** Arms a timer for a waiting call due soon (`NEAR_MS`); later ones are armed by the maintenance pass. */
export function armJob(ctx: ServerContext, call: CallRecord): void {
  if (!isWaiting(call.state) || call.dialAt === null) return;
  if (call.dialAt - ctx.now() > NEAR_MS) return;
  armAt(ctx, call.id, call.dialAt);
}

/** Arms every waiting call due within `NEAR_MS`: the maintenance pass runs it. */
export async function armNearJobs(ctx: ServerContext): Promise<void> {
  const store = await ctx.store();
  const soon = await store.listDueCalls(ctx.now() + NEAR_MS, 500);
  for (const call of soon) armJob(ctx, call);
}
