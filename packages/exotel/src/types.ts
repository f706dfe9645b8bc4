import type { components } from './generated/exotel.js';

/** A call as Exotel returns it from `Calls/connect` and Call Details. */
export type ExotelCall = components['schemas']['Call'];
/** Per-leg statuses and durations, present when Call Details is read with `details: true`. */
export type ExotelCallDetails = components['schemas']['CallDetails'];
/** Every status Exotel reports for a call or a leg. */
export type ExotelCallStatus = components['schemas']['CallStatus'];
/** The form body of `Calls/connect`, with Exotel's own parameter names. */
export type ConnectCallRequest = components['schemas']['ConnectCallRequest'];
export type StatusCallbackEventType = components['schemas']['StatusCallbackEvent'];

/** Exotel's two API clusters. An account belongs to exactly one. */
export type ExotelRegion = 'singapore' | 'mumbai';

/**
 * Parameters of `connectCall`, in camelCase. Each maps one-to-one onto Exotel's
 * parameter of the same name in PascalCase (`timeLimit` → `TimeLimit`), except
 * `statusCallbackEvents`, which is sent as indexed `StatusCallbackEvents[n]` keys.
 */
export interface ConnectCallParams {
  /** Dialled first (the agent). E.164 preferred. */
  from: string;
  /** Dialled once `from` answers (the customer). */
  to: string;
  /** The ExoPhone shown to both parties. */
  callerId: string;
  /** @default Exotel's default, `trans` */
  callType?: ConnectCallRequest['CallType'];
  /** Longest call in seconds, 1–14400. */
  timeLimit?: number;
  /** Seconds to ring each leg, 1–60. */
  timeOut?: number;
  /** WAV played to `from` while `to` rings. */
  waitUrl?: string;
  /** Record the conversation; always sent explicitly when given. */
  record?: boolean;
  recordingChannels?: ConnectCallRequest['RecordingChannels'];
  recordingFormat?: ConnectCallRequest['RecordingFormat'];
  /** Up to 128 characters, echoed back in the terminal StatusCallback. */
  customField?: string;
  /** URL that Exotel POSTs call events to. */
  statusCallback?: string;
  /** Which events to receive: `terminal`, `answered`, or both. */
  statusCallbackEvents?: StatusCallbackEventType[];
  /** @default 'multipart/form-data' (Exotel's default) */
  statusCallbackContentType?: ConnectCallRequest['StatusCallbackContentType'];
  startPlaybackToNew?: ConnectCallRequest['StartPlaybackToNew'];
  startPlaybackValueNew?: string;
  streamUrl?: string;
  streamBegin?: string;
}
