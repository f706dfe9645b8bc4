import {
  isFinalExotelStatus,
  parseStatusCallback,
  StatusCallbackError,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import { CALL_ID } from '../domain/callId.js';
import { stateFromExotel } from '../domain/exotelState.js';
import { Problem } from '../domain/problem.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
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

  // Exotel says more events will come (its applets already send others): a callback we
  // cannot read is acknowledged, so Exotel does not give up on the call, keeps what can
  // be read (the CallSid) and moves nothing.
  const unknownEvent = event.eventType === null && event.rawEventType !== null;
  if (!event.statusKnown || unknownEvent) {
    await ctx.update(
      callId,
      (current) => (otherCall(current.exotelSid) ? undefined : { exotelSid: event.callSid }),
      'callback',
    );
    ctx.logger.warn({
      msg: 'status callback not understood; acknowledged, nothing moved',
      callId,
      eventType: event.rawEventType,
      status: event.status,
      unrecognized: event.unrecognized,
    });
    return received();
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
            agentLeg: legStatus(event, 0),
            visitorLeg: legStatus(event, 1),
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
  return received();
}

const received = () =>
  new BufferedResponse(JSON.stringify({ received: true }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

/** A leg's status if Exotel's word for it is one we know; an unknown one tells nothing. */
function legStatus(event: StatusCallbackEvent, index: number): string | null {
  const leg = event.legs[index];
  return leg?.statusKnown ? leg.status : null;
}
