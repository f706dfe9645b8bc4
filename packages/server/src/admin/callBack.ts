// "Call back now": an operator calls a finished call's visitor again, as a new call
// through the same core as a visitor's request (`acceptRequest`).

import { idempotencyKey } from '../calls/acceptCall.js';
import { acceptRequest } from '../calls/acceptRequest.js';
import type { ServerContext } from '../calls/ServerContext.js';
import { hoursStatus } from '../domain/businessHours.js';
import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { callingHoursFor } from '../domain/callingHours.js';
import { isFinal } from '../domain/callState.js';
import { Problem } from '../domain/problem.js';
import type { CallRecord, Store } from '../domain/Store.js';
import { discardBody } from '../http/readBody.js';
import { businessHoursPolicy } from '../policies/businessHoursPolicy.js';
import { originPolicy } from '../policies/originPolicy.js';
import { phonePolicy } from '../policies/phonePolicy.js';
import { verificationPolicy } from '../policies/verificationPolicy.js';
import { callOfPath } from './calls.js';

/**
 * An operator's call rings the visitor now, whatever the business hours say; but not at
 * night. Calling hours (`callingHours`, in the number's own zone) already hold for every
 * call the visitor did not place this very moment (booked callbacks, retries), and an
 * operator's call-back is one of those: the visitor asked earlier, not now.
 */
export const callingHoursPolicy: CreatePolicy = {
  name: 'calling-hours',
  codes: ['closed'],
  check({ widget, phone, now }) {
    if (!phone) throw new Error('the calling-hours policy needs the phone policy before it');
    const hours = callingHoursFor(
      widget.callingHours,
      phone.country,
      widget.hours?.timeZone ?? 'UTC',
    );
    const status = hoursStatus(hours, now);
    if (status.open) return undefined;
    const nextOpening =
      status.nextOpening === null ? null : new Date(status.nextOpening).toISOString();
    return new Problem(
      'closed',
      nextOpening
        ? `This number may not be called at this hour (calling hours); it may be called from ${nextOpening}.`
        : 'This number may not be called (calling hours).',
      { nextOpening },
    );
  },
};

/** The visitor's own checks: an operator's call comes from no page, solves no challenge, and may come after closing. */
const VISITOR_ONLY: ReadonlySet<CreatePolicy> = new Set([
  originPolicy,
  verificationPolicy,
  businessHoursPolicy,
]);

/** A visitor's policies without the visitor's checks, with calling hours right after the number is read. */
export function operatorPolicies(policies: readonly CreatePolicy[]): CreatePolicy[] {
  const kept = policies.filter((policy) => !VISITOR_ONLY.has(policy));
  const at = kept.indexOf(phonePolicy) + 1;
  return [...kept.slice(0, at), callingHoursPolicy, ...kept.slice(at)];
}

/**
 * `POST /v1/admin/calls/{id}/callback`: a new call to the same number through the same
 * widget, with the called-back call's lead details. Its Idempotency-Key is kept apart from
 * visitors' (a space, which theirs may not hold, and the call it calls back), so no visitor's
 * key can answer for it or be answered by it.
 */
export async function callBack(
  ctx: ServerContext,
  store: Store,
  request: Request,
  rawId: string,
  actor: string,
  policies: readonly CreatePolicy[],
): Promise<CallRecord> {
  const key = idempotencyKey(request);
  await discardBody(request);
  const original = await callOfPath(store, rawId);
  if (!isFinal(original.state))
    throw new Problem(
      'call_in_progress',
      'This call is not over yet; call back once it has ended.',
    );
  const widget = ctx.config.widgets.get(original.widgetId);
  if (!widget)
    throw new Problem(
      'widget_not_found',
      `The widget ${JSON.stringify(original.widgetId)} of this call is no longer configured.`,
    );
  return acceptRequest(ctx, {
    request,
    body: { widgetId: widget.id, phone: original.to },
    widget,
    clientIp: undefined,
    lead: {
      fields: original.fields ?? {},
      consent: original.consent ?? null,
      context: original.context ?? null,
    },
    key: `console ${original.id} ${key}`,
    policies,
    operator: { actor, callbackOf: original.id },
  });
}
