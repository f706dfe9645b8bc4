// The visitor-facing call states and how far along each is, written out here rather than
// imported, so the invariants do not share a bug with the code they check
// (spec/ringback.yaml `CallState`; design.md "Call states the visitor sees").

export const FINAL_STATES = new Set([
  'completed',
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'canceled',
  'ended',
]);

const RANK: Record<string, number> = {
  requested: 0,
  unknown: 1,
  'dialing-agent': 2,
  'dialing-you': 3,
  connected: 4,
};

export function isFinalState(state: string): boolean {
  return FINAL_STATES.has(state);
}

/** 0 (requested) … 4 (connected), 5 for every ending. */
export function rank(state: string): number {
  if (FINAL_STATES.has(state)) return 5;
  const r = RANK[state];
  if (r === undefined) throw new Error(`not a call state: ${state}`);
  return r;
}
