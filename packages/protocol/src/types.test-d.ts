import { describe, expectTypeOf, it } from 'vitest';
import {
  type CALL_STATES,
  type CallState,
  type FINAL_STATES,
  type FinalCallState,
  type LiveCallState,
  PROBLEMS,
  type ProblemCode,
} from './index.js';

describe('protocol types', () => {
  it('lists every call state of the spec, and nothing else', () => {
    expectTypeOf<(typeof CALL_STATES)[number]>().toEqualTypeOf<CallState>();
    expectTypeOf<(typeof FINAL_STATES)[number]>().toEqualTypeOf<FinalCallState>();
    expectTypeOf<LiveCallState>().toEqualTypeOf<
      | 'scheduled'
      | 'retry-scheduled'
      | 'requested'
      | 'unknown'
      | 'dialing-agent'
      | 'dialing-you'
      | 'connected'
    >();
  });

  it('has a status and title for every problem code', () => {
    expectTypeOf<keyof typeof PROBLEMS>().toEqualTypeOf<ProblemCode>();
    // @ts-expect-error not a problem code
    PROBLEMS.no_such_code;
  });
});
