import { type ExotelCall, isFinalExotelStatus } from '@ringback/exotel';
import type { CallObservation } from './callTransitions.js';
import { agentMissed, type ExotelObservation, stateFromExotel } from './exotelState.js';
import type { CallRecord } from './Store.js';

/** What Call Details says, as an observation; only its forward moves are applied. */
export function observeCallDetails(
  details: ExotelCall,
  current: CallRecord['state'],
): CallObservation {
  const legs = details.details;
  const conversationSeconds = legs?.conversationDuration ?? null;
  const { status } = details;
  const seen: ExotelObservation = {
    eventType: null,
    status,
    agentLeg: legs?.leg1Status ?? null,
    visitorLeg: legs?.leg2Status ?? null,
    conversationSeconds,
  };
  return {
    state: stateFromExotel(seen, current),
    agentMissed: agentMissed(seen, current),
    exotelSid: details.sid,
    exotelStatus: status,
    ...(details.recordingUrl ? { recordingUrl: details.recordingUrl } : {}),
    ...(isFinalExotelStatus(status) ? { conversationSeconds } : {}),
  };
}
