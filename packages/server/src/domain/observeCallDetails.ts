import { type ExotelCall, isFinalExotelStatus } from '@ringback/exotel';
import type { CallObservation } from './callTransitions.js';
import { stateFromExotel } from './exotelState.js';
import type { CallRecord } from './Store.js';

function seconds(value: unknown): number | null {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** What Call Details says, as an observation; only its forward moves are applied. */
export function observeCallDetails(
  details: ExotelCall,
  current: CallRecord['state'],
): CallObservation {
  const legs = details.Details;
  const conversationSeconds = seconds(legs?.ConversationDuration);
  const status = details.Status;
  return {
    state: stateFromExotel(
      {
        eventType: null,
        status,
        agentLeg: legs?.Leg1Status || null,
        visitorLeg: legs?.Leg2Status || null,
        conversationSeconds,
      },
      current,
    ),
    exotelSid: details.Sid,
    exotelStatus: status,
    ...(isFinalExotelStatus(status) ? { conversationSeconds } : {}),
  };
}
