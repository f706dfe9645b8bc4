import { isFinal } from '../domain/callState.js';
import { Problem } from '../domain/problem.js';
import type { CallRecord } from '../domain/Store.js';
import { readCall } from './readCall.js';
import type { ServerContext } from './ServerContext.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

const forbidden = () =>
  new Problem('cancel_forbidden', 'This cancel is not authorized: send the call’s cancelToken.');

/**
 * `DELETE /v1/calls/{id}` with `Authorization: Bearer <cancelToken>`: undoes a call held
 * in its undo window. The call id alone authorises nothing; a wrong token changes
 * nothing. Once dialling started, Exotel cannot be stopped: `call_not_cancelable`.
 */
export async function cancelCall(
  ctx: ServerContext,
  request: Request,
  rawId: string,
): Promise<CallRecord> {
  const call = await readCall(ctx, request, rawId);
  const token = BEARER.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token || !(await ctx.cancelTokens.verify(call.id, token))) {
    ctx.refusalLog.log('cancel: bad token', {
      msg: 'cancel refused',
      callId: call.id,
      reason: 'bad token',
    });
    throw forbidden();
  }
  let held = false;
  const updated = await ctx.update(
    call.id,
    (current) => {
      held = current.dialAt !== null && !isFinal(current.state);
      return held ? { cancel: true } : undefined;
    },
    'api',
  );
  if (!updated) throw new Problem('call_not_found', 'There is no call with this id.');
  // A repeated undo that already succeeded answers the same.
  if (held || (updated.state === 'canceled' && updated.attempts.every((a) => !a.exotelSid)))
    return updated;
  throw new Problem(
    'call_not_cancelable',
    isFinal(updated.state)
      ? 'The call has already ended.'
      : 'Dialling has started; a placed call cannot be stopped.',
  );
}
