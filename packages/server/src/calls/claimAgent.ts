import { hoursStatus } from '../domain/businessHours.js';
import type { ResolvedAgent, ResolvedWidget } from '../domain/ResolvedConfig.js';
import type { CallRecord, Store } from '../domain/Store.js';
import { agentAwayKey, agentLineKey, attemptHolder, rotationKey } from '../domain/storeKeys.js';
import type { ServerContext } from './ServerContext.js';

/**
 * The agents to offer an attempt to, in order. The first attempt starts at the first
 * agent (`sequential`) or one further along per call (`round-robin`); later attempts go
 * on after the agent just tried, wrapping round. No agent is tried twice in a round.
 */
export async function agentOrder(
  store: Store,
  widget: ResolvedWidget,
  call: CallRecord | undefined,
): Promise<ResolvedAgent[]> {
  const { agents } = widget;
  let start = 0;
  if (call?.agentId) start = agents.findIndex((a) => a.id === call.agentId) + 1;
  else if (widget.routing.strategy === 'round-robin' && agents.length > 1)
    start = ((await store.incrementCounter(rotationKey(widget.id))) - 1) % agents.length;
  // Each round (a retry, a booked callback) may try every agent again.
  const firstOfRound = call?.schedule?.firstAttempt ?? 1;
  const tried = new Set(
    call?.attempts.filter((a) => a.attempt >= firstOfRound).map((a) => a.agentId),
  );
  return agents.map((_, i) => agents[(start + i) % agents.length]!).filter((a) => !tried.has(a.id));
}

/** How long an agent's line stays claimed at most: the attempt's whole possible life. */
export function lineLeaseMs(widget: ResolvedWidget, graceMs: number): number {
  return (2 * widget.timeOut + widget.timeLimit) * 1000 + graceMs;
}

/**
 * Claims the line of the first eligible agent of a group (`agents`) for `attempt` of call
 * `callId`: not marked away, inside their own hours, and not on another call placed by
 * this proxy (a lease in the store, so every instance sees it). Resolves `undefined` when
 * nobody can be tried. A widget with `from` always gets its one agent, for one attempt.
 */
export async function claimAgent(
  ctx: ServerContext,
  widget: ResolvedWidget,
  call: CallRecord | undefined,
  callId: string,
  attempt: number,
): Promise<ResolvedAgent | undefined> {
  // `from`: one agent, rung for every call whatever else it is doing, as it always was.
  if (!widget.routing.group) return call ? undefined : widget.agents[0];
  const store = await ctx.store();
  const now = ctx.now();
  const candidates = await agentOrder(store, widget, call);
  const away = await store.readFlags(candidates.map((a) => agentAwayKey(a.id)));
  const until = now + lineLeaseMs(widget, ctx.config.reconcileGraceMs);
  for (const agent of candidates) {
    if (away.has(agentAwayKey(agent.id))) continue;
    if (!hoursStatus(agent.hours, now).open) continue;
    if (
      await store.acquireLease(
        agentLineKey(agent.number),
        attemptHolder(callId, attempt),
        until,
        now,
      )
    )
      return agent;
  }
  return undefined;
}

/** Frees the line attempt `attempt` of call `callId` claimed (a no-op for any other holder). */
export async function releaseAgent(
  ctx: ServerContext,
  widgetId: string,
  agentId: string | undefined,
  callId: string,
  attempt: number,
): Promise<void> {
  const agent = ctx.config.widgets.get(widgetId)?.agents.find((a) => a.id === agentId);
  // An agent since removed from the configuration: the lease runs out by itself.
  if (!agent) return;
  const store = await ctx.store();
  await store.releaseLease(agentLineKey(agent.number), attemptHolder(callId, attempt));
}
