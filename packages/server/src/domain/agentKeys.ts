// The store keys agent routing uses, in one place: the console and the stores read the
// same ones.

/** The lease an agent's line is under while a call placed by this proxy rings or talks. */
export const agentLineKey = (number: string) => `agent-line:${number}`;

/** Set (to "away") while an agent takes no calls. */
export const agentAwayKey = (agentId: string) => `agent-away:${agentId}`;

/** Counts a widget's calls, so round-robin starts one agent further along each time. */
export const rotationKey = (widgetId: string) => `rotation:${widgetId}`;

/** Who holds an agent's line: one attempt of one call. */
export const attemptHolder = (callId: string, attempt: number) => `${callId}#${attempt}`;
