import {
  isFinalExotelStatus,
  parseStatusCallback,
  StatusCallbackError,
  type StatusCallbackEvent,
} from '@ringback/exotel';
import { CALL_ID } from '../domain/callId.js';
import { agentMissed, type ExotelObservation, stateFromExotel } from '../domain/exotelState.js';
import { Problem } from '../domain/problem.js';
import type { CallRecord } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { discardBody } from '../http/readBody.js';
import { attemptSubject } from './callbackToken.js';
import type { ServerContext } from './ServerContext.js';

const MAX_CALLBACK_BYTES = 64 * 1024;
const ATTEMPT = /^[1-9][0-9]?$/;

/** Logs a refused callback: once per reason and window, with how many more there were (`refusalLog`). */
function logRefusal(ctx: ServerContext, reason: string, fields: Record<string, unknown>): void {
  ctx.refusalLog.log(`status callback: ${reason}`, {
    msg: 'status callback refused',
    reason,
    ...fields,
  });
}

function forbidden(): Problem {
  // One answer for every reason, so a prober learns nothing about which calls exist.
  return new Problem('callback_forbidden', 'This callback is not authorized.');
}

/**
 * `POST /v1/exotel/status-callback?call=…&attempt=…&token=…`. Exotel does not sign
 * callbacks, so the per-attempt token is the authentication; the change is stored before the 200,
 * so an acknowledged callback survives a crash.
 */
export async function receiveStatusCallback(
  ctx: ServerContext,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url);
  const callId = url.searchParams.get('call');
  const token = url.searchParams.get('token');
  // URLs from before attempts existed name no attempt: they are the first.
  const attemptParam = url.searchParams.get('attempt') ?? '1';
  const attempt = ATTEMPT.test(attemptParam) ? Number(attemptParam) : Number.NaN;
  if (
    !callId ||
    !token ||
    !CALL_ID.test(callId) ||
    !Number.isInteger(attempt) ||
    !(await ctx.tokens.verify(attemptSubject(callId, attempt), token))
  ) {
    await discardBody(request);
    logRefusal(ctx, 'bad token', { callId: callId?.slice(0, 40) });
    throw forbidden();
  }
  const store = await ctx.store();
  const call = await store.getCall(callId);
  // A signed attempt is always stored before it is dialled; a later one cannot exist.
  if (!call || attempt > call.attempt) {
    await discardBody(request);
    logRefusal(ctx, 'unknown call', { callId });
    throw forbidden();
  }

  let event: StatusCallbackEvent;
  try {
    event = await parseStatusCallback(request, { maxBytes: MAX_CALLBACK_BYTES });
  } catch (error) {
    if (error instanceof StatusCallbackError) {
      logRefusal(ctx, error.code, { callId, detail: error.message });
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

  // A valid token only vouches for its own attempt of its own call: the callback must
  // be about that Exotel call.
  const sidOf = (c: CallRecord) =>
    attempt === c.attempt ? c.exotelSid : (c.attempts[attempt - 1]?.exotelSid ?? null);
  const otherCall = (c: CallRecord) => {
    const sid = sidOf(c);
    return sid !== null && sid !== event.callSid;
  };
  if (otherCall(call) || (event.customField !== null && event.customField !== callId)) {
    logRefusal(ctx, 'callback for another call', { callId });
    throw forbidden();
  }

  // Exotel says more events will come (its applets already send others): a callback we
  // cannot read is acknowledged, so Exotel does not give up on the call, keeps what can
  // be read (the CallSid) and moves nothing.
  const unknownEvent = event.eventType === null && event.rawEventType !== null;
  if (!event.statusKnown || unknownEvent) {
    await ctx.update(
      callId,
      (current) => (otherCall(current) ? undefined : { attempt, exotelSid: event.callSid }),
      'callback',
      call,
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
      if (otherCall(current)) {
        refused = true;
        return undefined;
      }
      const seen: ExotelObservation = {
        eventType: event.eventType,
        status: event.status,
        agentLeg: legStatus(event, 0),
        visitorLeg: legStatus(event, 1),
        conversationSeconds: event.conversationDuration,
      };
      return {
        attempt,
        state: stateFromExotel(seen, current.state),
        agentMissed: agentMissed(seen, current.state),
        exotelSid: event.callSid,
        exotelStatus: event.status,
        ...(event.recordingUrl ? { recordingUrl: event.recordingUrl } : {}),
        ...(final ? { conversationSeconds: event.conversationDuration } : {}),
      };
    },
    'callback',
    call,
  );
  if (refused) throw forbidden();
  ctx.logger.info({
    msg: 'status callback',
    callId,
    attempt,
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
