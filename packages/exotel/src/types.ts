import type { components } from './generated/exotel.js';

/** A call exactly as Exotel sends it (`{"Call": …}` of `Calls/connect` and Call Details): PascalCase, numbers as strings or numbers. */
export type ExotelCallWire = components['schemas']['Call'];
/** `Call.Details` as Exotel sends it, present when Call Details is read with `details: true`. */
export type ExotelCallDetailsWire = components['schemas']['CallDetails'];
/** Every status Exotel reports for a call or a leg. */
export type ExotelCallStatus = components['schemas']['CallStatus'];

/**
 * A `Status` as read: one this package knows (`statusKnown: true`, lower-cased), or
 * one it does not (`statusKnown: false`, as sent). Exotel adds values over time;
 * check `statusKnown` before treating `status` as an {@link ExotelCallStatus}.
 */
export type ExotelStatusReading<Absent = never> =
  | { status: ExotelCallStatus | Absent; statusKnown: true }
  | { status: string; statusKnown: false };

/**
 * A call, as `connectCall` and `getCall` return it: camelCase like the
 * StatusCallback event, dates in ISO 8601 with the account's offset, `duration` and
 * `price` as numbers, and `""` or the text `null` as `null`. A value that cannot be
 * read is `null` too; `raw` keeps what Exotel sent.
 */
export type ExotelCall = ExotelStatusReading & {
  /** 32 characters, usually hex but not always: treat it as opaque. */
  sid: string;
  parentCallSid: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  accountSid: string | null;
  /** Echoed in the form it was sent in (E.164, or national `0…`). */
  to: string | null;
  from: string | null;
  /** The ExoPhone used as caller ID. */
  phoneNumberSid: string | null;
  startTime: string | null;
  /** `null` until the call has ended. */
  endTime: string | null;
  /** Seconds; `null` until Exotel has billed the call, minutes after it ends. */
  duration: number | null;
  /** INR; `null` until known. */
  price: number | null;
  /** `outbound-api` for calls placed through this API. */
  direction: string | null;
  answeredBy: string | null;
  forwardedFrom: string | null;
  callerName: string | null;
  uri: string | null;
  /** Downloading it takes the account's API credentials. */
  recordingUrl: string | null;
  /** A short-lived link to the recording that needs no credentials, on later reads. */
  preSignedRecordingUrl: string | null;
  /** Present when the call was read with `getCall(sid, { details: true })`. */
  details?: ExotelCallDetails;
  /** The `Call` object as Exotel sent it. */
  raw: ExotelCallWire;
};

/** Per-leg statuses and durations: Call Details read with `details: true`. */
export interface ExotelCallDetails {
  /** Seconds both parties talked. */
  conversationDuration: number | null;
  /**
   * Status of the `from` leg (the one rung first): lower-cased when it is an
   * {@link ExotelCallStatus}, as sent otherwise, `null` while the leg was not reached.
   */
  leg1Status: string | null;
  /** Status of the `to` leg, read like `leg1Status`. */
  leg2Status: string | null;
  /** In Exotel's order, leg 1 first. */
  legs: ExotelCallLeg[];
}

export interface ExotelCallLeg {
  id: number | null;
  onCallDuration: number | null;
  /** As sent (`human`, `machine`, `NA`…); Exotel spells the key `AnsweredBy` or `answeredBy`. */
  answeredBy: string | null;
}

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
