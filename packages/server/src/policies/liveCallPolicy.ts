import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';
import { requestHolder, visitorLineKey } from '../domain/storeKeys.js';

/** One answer, naming no call: a page must not learn another visitor's call id. */
export const callInProgress = () =>
  new Problem(
    'call_in_progress',
    'This number already has a call in progress; wait for it to end before asking again.',
  );

/**
 * One live call per number, whatever the Idempotency-Key: a reload or a second tab must
 * not ring the visitor twice at once. Checked before the limits are charged; the lease
 * the call takes when it is stored settles a race between two creates.
 */
export const liveCallPolicy: CreatePolicy = {
  name: 'live-call',
  codes: ['call_in_progress'],
  async check({ phone, store, now, request, body, idempotencyKey }) {
    // A callback booked for later may be asked for during a call; it waits for the line when due.
    if (!phone || body.scheduledFor !== undefined) return undefined;
    const key = visitorLineKey(phone.e164);
    const lease = (await store.readLeases([key], now)).get(key);
    // A retry of the request that holds the number is its own call, not a second one.
    const ours = requestHolder(idempotencyKey ?? request.headers.get('idempotency-key') ?? '');
    return lease && lease.holder !== ours ? callInProgress() : undefined;
  },
};
