// The store keys of leases, flags and counters, in one place: every reader uses the same.

/** The lease an agent's line is under while a call placed by this proxy rings or talks. */
export const agentLineKey = (number: string) => `agent-line:${number}`;

/** Set (to "away") while an agent takes no calls. */
export const agentAwayKey = (agentId: string) => `agent-away:${agentId}`;

/** Counts a widget's calls, so round-robin starts one agent further along each time. */
export const rotationKey = (widgetId: string) => `rotation:${widgetId}`;

/** Held by a visitor's live call, so a number never has two at once (`call_in_progress`). */
export const visitorLineKey = (number: string) => `visitor-line:${number}`;

/** Who holds a visitor's number: one request, whichever of its retries got there first. */
export const requestHolder = (idempotencyKey: string) => `request:${idempotencyKey}`;

/** Who holds an agent's line: one attempt of one call. */
export const attemptHolder = (callId: string, attempt: number) => `${callId}#${attempt}`;

/** Held by the instance sending a webhook delivery, so one instance sends it at a time. */
export const webhookLeaseKey = (deliveryId: string) => `webhook:${deliveryId}`;

/** One of a slot's `capacityPerSlot` places, held by a pending callback booked in it. */
export const slotPlaceKey = (widgetId: string, slotStart: number, place: number) =>
  `slot:${widgetId}:${slotStart}:${place}`;

/** One of a number's (or a visitor address's) pending-callback places. */
export const pendingPlaceKey = (kind: 'number' | 'ip', who: string, place: number) =>
  `pending-${kind}:${who}:${place}`;

/** The claim of one instance on a due callback or retry, so no two place it at once. */
export const jobLeaseKey = (callId: string) => `job:${callId}`;
