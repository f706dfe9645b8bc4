import { isFinal } from '../domain/callState.js';
import { globalCheck } from '../policies/rateLimits.js';
import { claimAgent, releaseAgent } from './claimAgent.js';
import { dialAttempt } from './dialAttempt.js';
import type { ServerContext } from './ServerContext.js';

/**
 * Tries the next agent of a call whose attempt ended with the agent missing it
 * (`advancing`): waits for Exotel's budget, claims the next eligible agent, stores the
 * attempt, and only then dials. Run by whoever saw the attempt end, and by the reconciler
 * after a crash; the compare-and-set on the stored attempt lets exactly one of them dial.
 * With nobody left to try, the call ends as its last attempt did.
 */
export async function advanceAttempt(ctx: ServerContext, callId: string): Promise<void> {
  const store = await ctx.store();
  const call = await store.getCall(callId);
  if (!call?.advancing || isFinal(call.state)) return;
  const widget = ctx.config.widgets.get(call.widgetId);
  const ended = call.attempts[call.attempt - 1]?.outcome ?? 'agent-unavailable';
  const giveUp = () =>
    ctx.update(
      callId,
      (c) => (c.advancing && c.attempt === call.attempt ? { giveUp: ended } : undefined),
      'routing',
    );
  if (!widget) return void (await giveUp());

  // Every attempt is one more connect against Exotel's per-account budget: when it is
  // spent, wait for it (the visitor still sees the call trying), never drop the call.
  const budget = await store.consumeRateLimits([globalCheck(ctx.config.globalLimit)], ctx.now());
  if (!budget.allowed) {
    const waitMs = Math.max(...budget.denied.map((d) => d.retryAfterMs));
    ctx.logger.warn({ msg: 'next attempt waits for the Exotel budget', callId, waitMs });
    await ctx.update(
      callId,
      (c) =>
        c.advancing && c.attempt === call.attempt
          ? { reschedule: { checkAt: ctx.now() + waitMs, checks: c.checks } }
          : undefined,
      'routing',
    );
    return;
  }

  const attempt = call.attempt + 1;
  const agent = await claimAgent(ctx, widget, call, callId, attempt);
  if (!agent) return void (await giveUp());
  let mine = false;
  const stored = await ctx.update(
    callId,
    (c) => {
      mine = c.advancing && c.attempt === call.attempt;
      return mine ? { nextAttempt: { agentId: agent.id, agentName: agent.name } } : undefined;
    },
    'routing',
  );
  if (!mine || !stored || stored.attempt !== attempt) {
    // Another instance or pass got there first: it dials, this one must not.
    await releaseAgent(ctx, widget.id, agent.id, callId, attempt);
    return;
  }
  await dialAttempt(ctx, widget, stored, agent, 'routing');
}
