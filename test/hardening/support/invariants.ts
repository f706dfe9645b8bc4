// The invariants every run must keep, checked from the outside: the simulator's record
// of what Exotel was asked and what it called back, against the server's store.
//
// A call is a sequence of attempts, each one Exotel connect to one agent; the attempt a
// connect belongs to is read from its StatusCallback URL (`?call=…&attempt=…&token=…`).
// A widget with `from` makes one attempt per call, so for it these are the invariants
// they always were.
//
// 1. At most one upstream connect per attempt (per `attempt` query parameter and per
//    callback token), so at most one per idempotency key for a `from` widget, and at most
//    `maxAttempts` per call.
// 2. Every call reaches exactly one final state, and it is the ending Exotel reported for
//    the call's last attempt; every earlier attempt ended with its agent missing it.
// 3. Every acknowledged callback is stored: the call is at least as far along as it says,
//    and a callback about an earlier attempt is in that attempt's record.
// 4. No call moves backwards: its successive writes never lower its state or attempt.
// 5. Agent groups: every attempt's `From` is one of the widget's agents, no agent is rung
//    twice for one call, and a call is refused every agent (`agent-unavailable` at
//    attempt 0) only while each of them was on another call's attempt.
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

/** An Exotel number as the simulator recorded it (`0XXXXXXXXXX`, `91…`, `+91…`) in E.164. */
export function e164(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (number.trim().startsWith('+')) return `+${digits}`;
  if (digits.length === 11 && digits.startsWith('0')) return `+91${digits.slice(1)}`;
  if (digits.length === 12 && digits.startsWith('91')) return `+${digits}`;
  if (digits.length === 10) return `+91${digits}`;
  return `+${digits}`;
}

/** What a connect's StatusCallback URL says it is about: the call, the attempt and its token. */
export function attemptOf(placed: Pick<SimCallView, 'params'>): {
  callId: string | null;
  attempt: number;
  token: string | null;
} {
  const url = placed.params.statusCallback;
  if (!url) return { callId: null, attempt: Number.NaN, token: null };
  const query = new URL(url).searchParams;
  // URLs from before attempts existed name no attempt: they are the first.
  const attempt = query.get('attempt');
  return {
    callId: query.get('call'),
    attempt: attempt === null ? 1 : Number(attempt),
    token: query.get('token'),
  };
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

/** A widget configured with `agents`: who may be rung, and the most attempts per call. */
export interface AgentGroup {
  /** Numbers in E.164. */
  agents: { id: string; number: string }[];
  /** The configured `routing.maxAttempts` (default 3), before the cap by the number of agents. */
  maxAttempts: number;
}

export interface RunRecord {
  sim: ExotelSimulator;
  /** The widgets with `agents`, by id (`from` widgets are absent). */
  groups?: Map<string, AgentGroup>;
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
  const callsById = new Map(run.calls.map((c) => [c.id, c]));
  /** Each call's connects, by the attempt their StatusCallback URL names. */
  const byCallId = new Map<string, Map<number, SimCallView[]>>();
  for (const placed of simCalls) {
    const id = placed.params.customField ?? '(none)';
    const { callId, attempt } = attemptOf(placed);
    if (callId !== id)
      problems.push(`${id}: connect ${placed.sid} has a StatusCallback for call ${callId}`);
    if (!Number.isInteger(attempt) || attempt < 1)
      problems.push(`${id}: connect ${placed.sid} names attempt ${attempt}`);
    const attempts = byCallId.get(id) ?? new Map<number, SimCallView[]>();
    attempts.set(attempt, [...(attempts.get(attempt) ?? []), placed]);
    byCallId.set(id, attempts);
  }

  // 1. At most one upstream connect per attempt (and per token), per key and per call.
  const keysPerCall = new Map<string, number>();
  for (const callId of run.keys.values())
    keysPerCall.set(callId, (keysPerCall.get(callId) ?? 0) + 1);
  for (const [callId, attempts] of byCallId) {
    const call = callsById.get(callId);
    if (!call) problems.push(`${callId}: Exotel placed a call the server has no record of`);
    const all = [...attempts.values()].flat();
    const maxAttempts = call?.maxAttempts ?? 1;
    if (all.length > maxAttempts)
      problems.push(`${callId}: dialled ${all.length} times (maxAttempts ${maxAttempts})`);
    for (const [attempt, placed] of attempts) {
      if (placed.length > 1)
        problems.push(`${callId}: attempt ${attempt} dialled ${placed.length} times`);
      if (call && attempt > call.attempt)
        problems.push(`${callId}: attempt ${attempt} dialled, the call stored ${call.attempt}`);
    }
    const tokens = new Map<string, number>();
    for (const placed of all) {
      const { attempt, token } = attemptOf(placed);
      if (!token) problems.push(`${callId}: attempt ${attempt} dialled without a token`);
      else if (tokens.has(token) && tokens.get(token) !== attempt)
        problems.push(`${callId}: attempts ${tokens.get(token)} and ${attempt} share a token`);
      else if (tokens.has(token)) problems.push(`${callId}: one token dialled twice`);
      else tokens.set(token, attempt);
    }
  }
  const accepted = run.sim.stats().connectsAccepted;
  let allowed = 0;
  for (const callId of new Set(run.keys.values()))
    allowed += callsById.get(callId)?.maxAttempts ?? 1;
  if (accepted > allowed)
    problems.push(
      `${accepted} calls placed for ${run.keys.size} idempotency keys (at most ${allowed})`,
    );
  for (const [callId, n] of keysPerCall)
    if (n > 1) problems.push(`${callId}: stored under ${n} idempotency keys`);

  for (const call of run.calls) {
    const attempts = byCallId.get(call.id) ?? new Map<number, SimCallView[]>();
    const attemptCall = (n: number) => attempts.get(n)?.[0];
    // The connect of the call's current (last) attempt: the one its state must agree with.
    const placed = attemptCall(call.attempt);
    const events = run.events.get(call.id) ?? [];
    const group = run.groups?.get(call.widgetId);

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
          `${call.id}: ended ${call.state} at attempt ${call.attempt}, Exotel says ${placed.status} (legs ${placed.legs
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
    if (call.attempt === 0) {
      // Nobody could be tried: the call is accepted and at once agent-unavailable, undialled.
      if (call.state !== 'agent-unavailable' || attempts.size > 0 || call.attempts.length > 0)
        problems.push(
          `${call.id}: attempt 0 yet ${call.state}, ${attempts.size} connects, ${call.attempts.length} attempts stored`,
        );
    } else if (!placed && isFinalState(call.state) && call.state !== 'failed')
      problems.push(`${call.id}: attempt ${call.attempt} never placed, yet ended ${call.state}`);
    if (placed && call.exotelSid !== null && call.exotelSid !== placed.sid)
      problems.push(`${call.id}: stored CallSid ${call.exotelSid}, Exotel's is ${placed.sid}`);
    if (call.attempt > call.maxAttempts)
      problems.push(`${call.id}: attempt ${call.attempt} of at most ${call.maxAttempts}`);
    if (call.attempts.length !== call.attempt)
      problems.push(`${call.id}: at attempt ${call.attempt} with ${call.attempts.length} stored`);
    for (const [i, record] of call.attempts.entries()) {
      const sim = attemptCall(i + 1);
      if (record.attempt !== i + 1)
        problems.push(`${call.id}: attempts[${i}] is attempt ${record.attempt}`);
      if (record.exotelSid !== null && record.exotelSid !== sim?.sid)
        problems.push(
          `${call.id}: attempt ${i + 1} stored CallSid ${record.exotelSid}, Exotel's is ${sim?.sid}`,
        );
    }
    // Every attempt before the last: placed, and over with the agent missing it, before
    // the next one was dialled (never two of one call's attempts ringing at once).
    for (let n = 1; n < call.attempt; n++) {
      const earlier = attemptCall(n);
      if (!earlier) {
        problems.push(`${call.id}: attempt ${n + 1} made, yet attempt ${n} was never placed`);
        continue;
      }
      const [agentLeg, visitorLeg] = earlier.legs;
      if (
        earlier.endedAt === null ||
        earlier.connectedAt !== null ||
        visitorLeg.status !== null ||
        agentLeg.answeredAt !== null
      )
        problems.push(
          `${call.id}: attempt ${n + 1} made after attempt ${n} ${earlier.status} (legs ${earlier.legs
            .map((l) => l.status)
            .join('/')}): the agent did not miss it`,
        );
      const next = attemptCall(n + 1);
      if (next && earlier.endedAt !== null && next.createdAt < earlier.endedAt)
        problems.push(`${call.id}: attempt ${n + 1} dialled while attempt ${n} still rang`);
    }

    // 3. Every acknowledged callback is stored.
    for (const [n, list] of attempts)
      for (const sim of list)
        for (const delivery of run.sim.deliveries({ callSid: sim.sid })) {
          const acked = delivery.attempts.some((a) => a.status !== null && a.status < 300);
          if (!acked) continue;
          if (n === call.attempt) {
            if (call.exotelSid !== sim.sid)
              problems.push(
                `${call.id}: acknowledged ${delivery.event} callback but no CallSid stored`,
              );
            if (rank(call.state) < impliedRank(delivery))
              problems.push(
                `${call.id}: acknowledged ${delivery.event} callback lost (state ${call.state})`,
              );
          } else {
            const record = call.attempts[n - 1];
            if (record?.exotelSid !== sim.sid)
              problems.push(
                `${call.id}: acknowledged ${delivery.event} callback of attempt ${n} but its CallSid is not stored`,
              );
            if (impliedRank(delivery) === 5 && !record?.outcome)
              problems.push(
                `${call.id}: acknowledged terminal callback of attempt ${n} lost (no outcome)`,
              );
          }
        }

    // 4. No call moves backwards: events in order, each further along than the last
    //    (a new attempt starts again at `dialing-agent`: the attempt moved on).
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      const [attemptA, attemptB] = [a.attempt ?? 1, b.attempt ?? 1];
      if (b.seq <= a.seq) problems.push(`${call.id}: event seq ${b.seq} after ${a.seq}`);
      if (
        rank(b.state) < rank(a.state) ||
        attemptB < attemptA ||
        (attemptB === attemptA && rank(b.state) === rank(a.state))
      )
        problems.push(
          `${call.id}: moved from ${a.state} (attempt ${attemptA}) to ${b.state} (attempt ${attemptB})`,
        );
    }
    const states = (history ?? []).map((record) => record.state);
    for (let i = 1; i < states.length; i++)
      if (rank(states[i]!) < rank(states[i - 1]!))
        problems.push(`${call.id}: stored ${states[i]} after ${states[i - 1]}`);
    for (let i = 1; i < (history ?? []).length; i++)
      if (history![i]!.attempt < history![i - 1]!.attempt)
        problems.push(
          `${call.id}: stored attempt ${history![i]!.attempt} after ${history![i - 1]!.attempt}`,
        );
    if (history && states.filter(isFinalState).length > 0) {
      const firstFinal = states.findIndex(isFinalState);
      if (states.slice(firstFinal).some((s) => s !== states[firstFinal]))
        problems.push(`${call.id}: final state changed after ${states[firstFinal]}`);
      if (history.slice(firstFinal).some((r) => r.attempt !== history[firstFinal]!.attempt))
        problems.push(`${call.id}: attempt changed after the call settled`);
    }

    // 5. Agent groups: only the widget's agents, each at most once per call.
    if (group) {
      const expectedMax = Math.min(group.maxAttempts, group.agents.length);
      if (call.maxAttempts !== expectedMax)
        problems.push(`${call.id}: maxAttempts ${call.maxAttempts}, configured ${expectedMax}`);
      const rung = new Set<string>();
      for (const [n, list] of attempts)
        for (const sim of list) {
          const from = e164(sim.params.from);
          const agent = group.agents.find((a) => a.number === from);
          if (!agent) problems.push(`${call.id}: attempt ${n} rang ${from}, not an agent`);
          if (rung.has(from)) problems.push(`${call.id}: rang ${from} twice`);
          rung.add(from);
          const record = call.attempts[n - 1];
          if (agent && record && record.agentId !== agent.id)
            problems.push(
              `${call.id}: attempt ${n} stored for ${record.agentId}, rang ${agent.id}`,
            );
        }
      const ids = call.attempts.map((a) => a.agentId);
      if (new Set(ids).size !== ids.length)
        problems.push(`${call.id}: one agent in two attempts (${ids.join(', ')})`);
      if (call.attempt === 0) {
        // Refused every agent: each one must have been on another call's attempt then.
        for (const agent of group.agents) {
          const busy = run.calls.some(
            (other) =>
              other.id !== call.id &&
              other.attempts.some(
                (a) =>
                  a.agentId === agent.id &&
                  a.startedAt <= call.createdAt &&
                  (a.endedAt === null || a.endedAt >= call.createdAt),
              ),
          );
          if (!busy)
            problems.push(`${call.id}: agent-unavailable, yet ${agent.id} was on no other call`);
        }
      }
    } else if (
      attempts.size > 0 &&
      call.attempts.some((a) => a.agentId !== call.attempts[0]!.agentId)
    )
      problems.push(`${call.id}: a one-agent widget's call changed agents`);
  }
  return problems;
}

/** A run told call by call (attempts, what Exotel did, the stored history), for failure messages. */
export function describeRun(run: RunRecord): string {
  const lines: string[] = [];
  for (const call of run.calls) {
    lines.push(
      `${call.id} [${call.widgetId}] ${call.state} attempt ${call.attempt}/${call.maxAttempts}${call.refusal ? ` refusal ${call.refusal.code}` : ''}`,
    );
    for (const a of call.attempts)
      lines.push(
        `  attempt ${a.attempt} ${a.agentId} sid ${a.exotelSid ?? '-'} outcome ${a.outcome ?? '-'} (${a.startedAt}–${a.endedAt ?? ''})`,
      );
    for (const placed of run.sim.calls().filter((p) => p.params.customField === call.id))
      lines.push(
        `  connect attempt ${attemptOf(placed).attempt} from ${placed.params.from} sid ${placed.sid} ${placed.status} legs ${placed.legs.map((l) => l.status).join('/')} (${placed.createdAt}–${placed.endedAt ?? ''})`,
      );
    const history = run.history?.get(call.id);
    if (history)
      lines.push(
        `  history ${history.map((r) => `${r.state}#${r.attempt}${r.advancing ? '+' : ''}@${r.updatedAt}`).join(' ')}`,
      );
  }
  return lines.join('\n');
}
