import {
  isFinalExotelStatus,
  parseStatusCallback,
  StatusCallbackError,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import { CALL_ID } from '../domain/callId.js';
import { stateFromExotel } from '../domain/exotelState.js';
import { Problem } from '../domain/problem.js';
import type { ServerContext } from './ServerContext.js';

const MAX_CALLBACK_BYTES = 64 * 1024;

function forbidden(): Problem {
  // One answer for every reason, so a prober learns nothing about which calls exist.
  return new Problem('callback_forbidden', 'This callback is not authorized.');
}

/**
 * `POST /v1/exotel/status-callback?call=…&token=…`. Exotel does not sign callbacks,
 * so the per-call token is the authentication; the change is stored before the 200,
 * so an acknowledged callback survives a crash.
 */
export async function receiveStatusCallback(
  ctx: ServerContext,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url);
  const callId = url.searchParams.get('call');
  const token = url.searchParams.get('token');
  if (!callId || !token || !CALL_ID.test(callId) || !(await ctx.tokens.verify(callId, token))) {
    await request.body?.cancel().catch(() => {});
    ctx.logger.warn({
      msg: 'status callback refused',
      reason: 'bad token',
      callId: callId?.slice(0, 40),
    });
    throw forbidden();
  }
  const store = await ctx.store();
  const call = await store.getCall(callId);
  if (!call) {
    await request.body?.cancel().catch(() => {});
    ctx.logger.warn({ msg: 'status callback refused', reason: 'unknown call', callId });
    throw forbidden();
  }

  let event: StatusCallbackEvent;
  try {
    event = await parseStatusCallback(request, { maxBytes: MAX_CALLBACK_BYTES });
  } catch (error) {
    if (error instanceof StatusCallbackError) {
      ctx.logger.warn({
        msg: 'status callback refused',
        reason: error.code,
        callId,
        detail: error.message,
      });
      if (error.code === 'body_too_large')
        throw new Problem(
          'body_too_large',
          `The callback body exceeds ${MAX_CALLBACK_BYTES} bytes.`,
        );
      throw new Problem(
        'invalid_callback',
        `This is not an Exotel StatusCallback: ${error.message}.`,
      );
    }
    throw error;
  }

  // A valid token only vouches for its own call: the callback must be about that call.
  const otherCall = (sid: string | null) => sid !== null && sid !== event.callSid;
  if (otherCall(call.exotelSid) || (event.customField !== null && event.customField !== callId)) {
    ctx.logger.warn({
      msg: 'status callback refused',
      reason: 'callback for another call',
      callId,
    });
    throw forbidden();
  }

  const final = isFinalExotelStatus(event.status);
  let refused = false;
  const before = call.state;
  const updated = await ctx.update(
    callId,
    (current) => {
      if (otherCall(current.exotelSid)) {
        refused = true;
        return undefined;
      }
      return {
        state: stateFromExotel(
          {
            eventType: event.eventType,
            status: event.status,
            agentLeg: event.legs[0]?.status ?? null,
            visitorLeg: event.legs[1]?.status ?? null,
            conversationSeconds: event.conversationDuration,
          },
          current.state,
        ),
        exotelSid: event.callSid,
        exotelStatus: event.status,
        ...(final ? { conversationSeconds: event.conversationDuration } : {}),
      };
    },
    'callback',
  );
  if (refused) throw forbidden();
  ctx.logger.info({
    msg: 'status callback',
    callId,
    eventType: event.eventType,
    status: event.status,
    legs: event.legs.map((l) => l.status),
    state: updated?.state,
    changed: updated?.state !== before,
  });
  return new Response(JSON.stringify({ received: true }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
