import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALL_STATES, callStateRank, canTransition, FINAL_STATES, isFinal } from './callStates.js';

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

  it('knows which states are final, and ranks every ending alike', () => {
    expect(CALL_STATES.filter(isFinal)).toEqual([...FINAL_STATES]);
    expect(CALL_STATES.map(callStateRank)).toEqual([0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5]);
    expect(isFinal('error')).toBe(false);
  });
});
