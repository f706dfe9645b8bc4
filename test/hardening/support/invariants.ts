// The invariants every run must keep, checked from the outside: the simulator's record
// of what Exotel was asked and what it called back, against the server's store.
//
// 1. At most one upstream connect per idempotency key (and per call).
// 2. Every call reaches exactly one final state, and it is the ending Exotel reported.
// 3. Every acknowledged callback is stored: the call is at least as far along as it says.
// 4. No call moves backwards: its successive writes never lower its state.
import type { CallbackDelivery, ExotelSimulator } from '@ringback/exotel-sim';
import type { CallEvent, CallRecord } from '@ringback/server';
import { isFinalState, rank } from './callStates.js';

type SimCallView = ReturnType<ExotelSimulator['calls']>[number];

/** How far along a callback Exotel delivered says the call is (rank, see callStates). */
export function impliedRank(delivery: Pick<CallbackDelivery, 'event' | 'payload'>): number {
  if (delivery.event === 'terminal' || delivery.event === 'base') {
    const status = String(delivery.payload.Status ?? '');
    return ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status) ? 5 : 2;
  }
  // `answered`: leg 2 up means both parties are connected; otherwise the agent picked up.
  const legs = deliveryLegs(delivery.payload);
  return legs[1] === 'in-progress' ? 4 : 3;
}

function deliveryLegs(payload: Record<string, unknown>): string[] {
  if (Array.isArray(payload.Legs))
    return payload.Legs.map((leg) => String((leg as Record<string, unknown>)?.Status ?? ''));
  return [0, 1].map((i) => String(payload[`Legs[${i}][Status]`] ?? ''));
}

/** The visitor-facing ending a finished simulated call must end in. */
export function expectedEnding(call: SimCallView): string[] {
  const [agent, visitor] = call.legs;
  if (call.status === 'completed' && call.connectedAt !== null) return ['completed'];
  const visitorEnding: Record<string, string> = {
    busy: 'busy',
    'no-answer': 'not-answered',
    failed: 'failed',
    canceled: 'canceled',
    completed: 'not-answered',
  };
  const agentEnding: Record<string, string> = {
    busy: 'agent-unavailable',
    'no-answer': 'agent-unavailable',
    failed: 'failed',
    canceled: 'canceled',
    completed: 'agent-unavailable',
  };
  if (visitor.status && visitor.status !== 'in-progress' && visitor.status !== 'ringing') {
    // The agent gave up while the visitor's phone rang: Exotel reports the visitor's leg canceled.
    return [visitorEnding[visitor.status]!];
  }
  if (agent.status) return [agentEnding[agent.status]!];
  return ['failed'];
}

export interface RunRecord {
  sim: ExotelSimulator;
  /** Every stored call, final state as read from the store. */
  calls: CallRecord[];
  /** Each call's stored events (`listEvents(id, 0)`), oldest first. */
  events: Map<string, CallEvent[]>;
  /** Idempotency key → call id, as stored. */
  keys: Map<string, string>;
  /** Each call's successive stored records, when the store was audited. */
  history?: Map<string, CallRecord[]>;
  /** `false` when calls may legitimately still be open (a check mid-run). @default true */
  expectSettled?: boolean;
}

/**
 * The documented give-up: a create whose outcome was unknown (timeout, dropped
 * connection) and that Exotel never confirmed — no CallSid, no callback — within two
 * ring timeouts plus grace is failed by the reconciler. If Exotel did place it after
 * all, its ending can differ; that is the README's stated behaviour, not a violation.
 */
export function gaveUpUnconfirmed(history: CallRecord[] | undefined): boolean {
  if (!history) return false;
  const firstFinal = history.findIndex((record) => isFinalState(record.state));
  if (firstFinal < 1) return false;
  const [before, settled] = [history[firstFinal - 1]!, history[firstFinal]!];
  return settled.state === 'failed' && settled.refusal === null && before.exotelSid === null;
}

/** Every violated invariant, as readable lines; empty when the run was clean. */
export function checkInvariants(run: RunRecord): string[] {
  const problems: string[] = [];
  const simCalls = run.sim.calls();
  const byCallId = new Map<string, SimCallView[]>();
  for (const placed of simCalls) {
    const id = placed.params.customField ?? '(none)';
    byCallId.set(id, [...(byCallId.get(id) ?? []), placed]);
  }

  // 1. At most one upstream connect per idempotency key and per call.
  const keysPerCall = new Map<string, number>();
  for (const callId of run.keys.values())
    keysPerCall.set(callId, (keysPerCall.get(callId) ?? 0) + 1);
  for (const [callId, placed] of byCallId) {
    if (placed.length > 1) problems.push(`${callId}: dialled ${placed.length} times`);
    if (!run.calls.some((c) => c.id === callId))
      problems.push(`${callId}: Exotel placed a call the server has no record of`);
  }
  const accepted = run.sim.stats().connectsAccepted;
  if (accepted > run.keys.size)
    problems.push(`${accepted} calls placed for ${run.keys.size} idempotency keys`);
  for (const [callId, n] of keysPerCall)
    if (n > 1) problems.push(`${callId}: stored under ${n} idempotency keys`);

  for (const call of run.calls) {
    const placed = byCallId.get(call.id)?.[0];
    const events = run.events.get(call.id) ?? [];

    // 2. Exactly one final state, and the right one.
    const finals = events.filter((e) => isFinalState(e.state));
    if (run.expectSettled !== false) {
      if (!isFinalState(call.state)) problems.push(`${call.id}: never settled (${call.state})`);
      if (finals.length !== 1)
        problems.push(`${call.id}: ${finals.length} final events (${events.map((e) => e.state)})`);
    } else if (finals.length > 1) problems.push(`${call.id}: ${finals.length} final events`);
    const history = run.history?.get(call.id);
    if (
      placed &&
      placed.endedAt !== null &&
      isFinalState(call.state) &&
      call.state !== 'ended' &&
      !call.refusal &&
      !gaveUpUnconfirmed(history)
    ) {
      const expected = expectedEnding(placed);
      if (!expected.includes(call.state))
        problems.push(
          `${call.id}: ended ${call.state}, Exotel says ${placed.status} (legs ${placed.legs
            .map((l) => l.status)
            .join('/')}), expected ${expected.join(' or ')}`,
        );
    }
    // `ended` only once the call is older than it could possibly last, and a late word
    // from Exotel recorded for the operator must be the ending Exotel reported.
    if (call.state === 'ended') {
      const longest = (2 * call.timeOut + call.timeLimit) * 1000;
      if (call.updatedAt < call.createdAt + longest)
        problems.push(
          `${call.id}: settled ended ${call.updatedAt - call.createdAt} ms after creation`,
        );
      if (placed && placed.endedAt !== null && call.reportedEnding) {
        const expected = expectedEnding(placed);
        if (!expected.includes(call.reportedEnding))
          problems.push(
            `${call.id}: recorded late ending ${call.reportedEnding}, expected ${expected.join(' or ')}`,
          );
      }
    }
    if (!placed && isFinalState(call.state) && call.state !== 'failed')
      problems.push(`${call.id}: never placed, yet ended ${call.state}`);
    if (placed && call.exotelSid !== null && call.exotelSid !== placed.sid)
      problems.push(`${call.id}: stored CallSid ${call.exotelSid}, Exotel's is ${placed.sid}`);

    // 3. Every acknowledged callback is stored.
    if (placed)
      for (const delivery of run.sim.deliveries({ callSid: placed.sid })) {
        const acked = delivery.attempts.some((a) => a.status !== null && a.status < 300);
        if (!acked) continue;
        if (call.exotelSid !== placed.sid)
          problems.push(
            `${call.id}: acknowledged ${delivery.event} callback but no CallSid stored`,
          );
        if (rank(call.state) < impliedRank(delivery))
          problems.push(
            `${call.id}: acknowledged ${delivery.event} callback lost (state ${call.state})`,
          );
      }

    // 4. No call moves backwards: events in order, each further along than the last.
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      if (b.seq <= a.seq) problems.push(`${call.id}: event seq ${b.seq} after ${a.seq}`);
      if (rank(b.state) <= rank(a.state))
        problems.push(`${call.id}: moved from ${a.state} to ${b.state}`);
    }
    const states = (history ?? []).map((record) => record.state);
    for (let i = 1; i < states.length; i++)
      if (rank(states[i]!) < rank(states[i - 1]!))
        problems.push(`${call.id}: stored ${states[i]} after ${states[i - 1]}`);
    if (history && states.filter(isFinalState).length > 0) {
      const firstFinal = states.findIndex(isFinalState);
      if (states.slice(firstFinal).some((s) => s !== states[firstFinal]))
        problems.push(`${call.id}: final state changed after ${states[firstFinal]}`);
    }
  }
  return problems;
}
