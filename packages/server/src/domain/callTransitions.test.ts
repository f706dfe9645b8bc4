import { describe, expect, it } from 'vitest';
import { sampleCall, SAMPLE_TIME as T0 } from '../testing/storeSamples.js';
import { ADVANCE_GRACE_MS, applyObservation } from './callTransitions.js';
import type { CallRecord } from './Store.js';

const GRACE = 10_000;

/** A call on its first of three attempts, Exotel having accepted it. */
function dialing(overrides: Partial<CallRecord> = {}): CallRecord {
  const call = sampleCall({ state: 'dialing-agent', maxAttempts: 3, agentId: 'priya' });
  return {
    ...call,
    exotelSid: 'sid-1',
    attempts: [{ ...call.attempts[0]!, agentId: 'priya', exotelSid: 'sid-1' }],
    ...overrides,
  };
}

const missed = { state: 'agent-unavailable', agentMissed: true, exotelStatus: 'busy' } as const;

describe('applyObservation with attempts', () => {
  it('a missed attempt with attempts left starts advancing: no state change, the attempt ends', () => {
    const next = applyObservation(dialing(), { ...missed, attempt: 1 }, T0 + 5000, GRACE)!;
    expect(next.state).toBe('dialing-agent');
    expect(next.advancing).toBe(true);
    expect(next.checkAt).toBe(T0 + 5000 + ADVANCE_GRACE_MS);
    expect(next.attempts[0]).toMatchObject({ outcome: 'agent-unavailable', endedAt: T0 + 5000 });
  });

  it('the last attempt missed ends the call', () => {
    const next = applyObservation(dialing({ maxAttempts: 1 }), missed, T0, GRACE)!;
    expect(next.state).toBe('agent-unavailable');
    expect(next.advancing).toBe(false);
  });

  it('the visitor missing the call ends it, whatever attempts are left', () => {
    const next = applyObservation(
      dialing({ state: 'dialing-you' }),
      { state: 'not-answered', agentMissed: false },
      T0,
      GRACE,
    )!;
    expect(next.state).toBe('not-answered');
  });

  it('while advancing, repeated word about the ended attempt moves nothing', () => {
    const advancing = applyObservation(dialing(), missed, T0, GRACE)!;
    expect(applyObservation(advancing, missed, T0 + 1, GRACE)).toBeUndefined();
    expect(
      applyObservation(advancing, { state: 'completed', attempt: 1 }, T0 + 1, GRACE),
    ).toBeUndefined();
  });

  it('the next attempt is stored with its agent, a fresh CallSid and the visitor still dialling', () => {
    const advancing = applyObservation(dialing(), missed, T0, GRACE)!;
    const next = applyObservation(
      advancing,
      { nextAttempt: { agentId: 'arjun', agentName: 'Arjun' } },
      T0 + 100,
      GRACE,
    )!;
    expect(next).toMatchObject({
      attempt: 2,
      agentId: 'arjun',
      advancing: false,
      exotelSid: null,
      state: 'dialing-agent',
    });
    expect(next.attempts[1]).toMatchObject({ attempt: 2, agentName: 'Arjun', startedAt: T0 + 100 });
    // Only from advancing: a second start (another instance's) changes nothing.
    expect(
      applyObservation(next, { nextAttempt: { agentId: 'meera', agentName: null } }, T0, GRACE),
    ).toBeUndefined();
  });

  it('an earlier attempt is recorded, never moving the call backwards or forwards', () => {
    const advancing = applyObservation(dialing(), missed, T0, GRACE)!;
    const second = applyObservation(
      advancing,
      { nextAttempt: { agentId: 'arjun', agentName: null } },
      T0,
      GRACE,
    )!;
    const late = applyObservation(
      second,
      { attempt: 1, state: 'completed', exotelStatus: 'completed', exotelSid: 'sid-1' },
      T0 + 1,
      GRACE,
    );
    // Attempt 1 already has its outcome: nothing left to learn.
    expect(late).toBeUndefined();
    const answered = applyObservation(
      second,
      { attempt: 2, state: 'dialing-you', exotelSid: 'sid-2' },
      T0 + 2,
      GRACE,
    )!;
    expect(answered).toMatchObject({ state: 'dialing-you', exotelSid: 'sid-2' });
    expect(answered.attempts[1]!.exotelSid).toBe('sid-2');
  });

  it('giving up ends an advancing call as its last attempt ended', () => {
    const advancing = applyObservation(dialing(), missed, T0, GRACE)!;
    const ended = applyObservation(advancing, { giveUp: 'agent-unavailable' }, T0 + 1, GRACE)!;
    expect(ended).toMatchObject({ state: 'agent-unavailable', advancing: false, checkAt: null });
  });
});
