import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CALL_STATES,
  callStateRank,
  canTransition,
  FINAL_STATES,
  isFinal,
  isWaiting,
  WAITING_STATES,
} from './callStates.js';

/** The `CallState` enum as written in spec/ringback.yaml, in order. */
function specStates(): string[] {
  const spec = readFileSync(new URL('../../../spec/ringback.yaml', import.meta.url), 'utf8');
  const block = /\n {4}CallState:\n {6}type: string\n {6}enum:\n((?: {8}- .+\n)+)/.exec(spec);
  if (!block) throw new Error('CallState enum not found in spec/ringback.yaml');
  return block[1]!
    .trim()
    .split('\n')
    .map((line) => line.replace(/^\s*- /, '').trim());
}

describe('call states', () => {
  it('lists exactly the spec’s states, in its order', () => {
    expect([...CALL_STATES]).toEqual(specStates());
  });

  it('moves forward through the happy path', () => {
    expect(canTransition('requested', 'dialing-agent')).toBe(true);
    expect(canTransition('dialing-agent', 'dialing-you')).toBe(true);
    expect(canTransition('dialing-you', 'connected')).toBe(true);
    expect(canTransition('connected', 'completed')).toBe(true);
  });

  it('can skip states (a lost callback) but never go back', () => {
    expect(canTransition('requested', 'unknown')).toBe(true);
    expect(canTransition('dialing-agent', 'connected')).toBe(true);
    expect(canTransition('requested', 'completed')).toBe(true);
    expect(canTransition('connected', 'dialing-you')).toBe(false);
    expect(canTransition('dialing-you', 'dialing-agent')).toBe(false);
    expect(canTransition('unknown', 'requested')).toBe(false);
    expect(canTransition('connected', 'connected')).toBe(false);
  });

  it('never leaves a final state', () => {
    for (const from of FINAL_STATES) {
      for (const to of CALL_STATES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('starts a booked callback’s round from `scheduled`, or lets it expire or be canceled', () => {
    expect(canTransition('scheduled', 'requested')).toBe(true);
    expect(canTransition('scheduled', 'dialing-agent')).toBe(true);
    expect(canTransition('scheduled', 'expired')).toBe(true);
    expect(canTransition('scheduled', 'canceled')).toBe(true);
    expect(canTransition('scheduled', 'agent-unavailable')).toBe(true);
    // Nobody could take it when it fell due: tried again later.
    expect(canTransition('scheduled', 'retry-scheduled')).toBe(true);
  });

  it('lets a dialling round end in a retry, and the retry start a new round', () => {
    for (const from of [
      'requested',
      'unknown',
      'dialing-agent',
      'dialing-you',
      'connected',
    ] as const)
      expect(canTransition(from, 'retry-scheduled')).toBe(true);
    expect(canTransition('retry-scheduled', 'requested')).toBe(true);
    expect(canTransition('retry-scheduled', 'dialing-agent')).toBe(true);
    expect(canTransition('retry-scheduled', 'expired')).toBe(true);
    expect(canTransition('retry-scheduled', 'canceled')).toBe(true);
    // A wait does not move into itself, and nothing goes back to `scheduled`.
    expect(canTransition('retry-scheduled', 'retry-scheduled')).toBe(false);
    for (const from of CALL_STATES) expect(canTransition(from, 'scheduled')).toBe(false);
    // Within the new round, forward only again.
    expect(canTransition('dialing-agent', 'requested')).toBe(false);
  });

  it('knows which states are final or waiting, and ranks every ending alike', () => {
    expect(CALL_STATES.filter(isFinal)).toEqual([...FINAL_STATES]);
    expect(CALL_STATES.filter(isWaiting)).toEqual([...WAITING_STATES]);
    expect(CALL_STATES.map(callStateRank)).toEqual([0, 0, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6]);
    expect(isFinal('error')).toBe(false);
    expect(isFinal('expired')).toBe(true);
  });
});
