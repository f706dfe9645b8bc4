import { describe, expect, it } from 'vitest';
import { type CallState, canTransition, FINAL_STATES, isFinal } from './callState.js';

const ALL: CallState[] = [
  'requested',
  'unknown',
  'dialing-agent',
  'dialing-you',
  'connected',
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
];

describe('call states', () => {
  it('moves forward through the happy path', () => {
    expect(canTransition('requested', 'dialing-agent')).toBe(true);
    expect(canTransition('dialing-agent', 'dialing-you')).toBe(true);
    expect(canTransition('dialing-you', 'connected')).toBe(true);
    expect(canTransition('connected', 'completed')).toBe(true);
  });

  it('can skip states (a lost callback) but never go back', () => {
    expect(canTransition('dialing-agent', 'connected')).toBe(true);
    expect(canTransition('requested', 'completed')).toBe(true);
    expect(canTransition('connected', 'dialing-you')).toBe(false);
    expect(canTransition('dialing-you', 'dialing-agent')).toBe(false);
    expect(canTransition('unknown', 'requested')).toBe(false);
    expect(canTransition('connected', 'connected')).toBe(false);
  });

  it('never leaves a final state', () => {
    for (const from of FINAL_STATES) {
      for (const to of ALL) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('knows which states are final', () => {
    expect(ALL.filter(isFinal)).toEqual([
      'completed',
      'agent-unavailable',
      'not-answered',
      'busy',
      'failed',
      'canceled',
    ]);
  });
});
