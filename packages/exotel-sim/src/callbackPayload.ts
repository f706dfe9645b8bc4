import type { SimCall } from './callEngine.js';
import { formatExotelDate } from './wire.js';
import { callDurations, legAnsweredBy } from './wireCall.js';

/** `base`: the callback sent without StatusCallbackEvents (CallSid, Status, DateUpdated, RecordingUrl). */
export type CallbackKind = 'answered' | 'terminal' | 'base';

export type JsonPayload = Record<string, unknown>;

/**
 * The StatusCallback fields for one event, JSON-typed (`null`s, numbers and a real
 * `Legs` array), as Exotel sends with `StatusCallbackContentType=application/json`.
 * {@link toFormFields} flattens them for the default multipart body.
 *
 * @param legIndex for `answered`: which leg just picked up.
 */
export function buildCallbackPayload(
  call: SimCall,
  kind: CallbackKind,
  now: number,
  utcOffsetMinutes: number,
  legIndex: 0 | 1 = 0,
): JsonPayload {
  const date = (ms: number | null) => (ms === null ? null : formatExotelDate(ms, utcOffsetMinutes));
  if (kind === 'base') {
    return {
      CallSid: call.sid,
      Status: call.status,
      DateUpdated: date(now),
      RecordingUrl: call.recordingUrl,
    };
  }
  const common = {
    CallSid: call.sid,
    EventType: kind,
    Status: kind === 'answered' ? 'in-progress' : call.status,
    DateCreated: date(call.createdAt),
    DateUpdated: date(now),
    To: call.params.toEcho,
    From: call.params.fromEcho,
    PhoneNumberSid: call.params.callerId,
    StartTime: date(call.createdAt),
    EndTime: kind === 'terminal' ? date(call.endedAt) : null,
    Direction: 'outbound-api',
  };
  const [from, to] = call.legs;
  if (kind === 'answered') {
    // First event: leg 1 up, leg 2 not dialled yet (empty). Second: both up.
    return {
      ...common,
      ConversationDuration: 0,
      RecordingUrl: null,
      Legs: [
        {
          Status: 'in-progress',
          OnCallDuration: legIndex === 0 ? 0 : Math.round((now - (from.answeredAt ?? now)) / 1000),
          AnsweredBy: 'human',
        },
        {
          Status: legIndex === 0 ? '' : 'in-progress',
          OnCallDuration: 0,
          AnsweredBy: legIndex === 0 ? '' : 'human',
        },
      ],
    };
  }
  const durations = callDurations(call);
  return {
    ...common,
    ConversationDuration: durations.conversation,
    RecordingUrl: call.recordingUrl,
    CustomField: call.params.customField,
    Legs: [
      {
        Status: from.status ?? '',
        OnCallDuration: durations.leg1,
        AnsweredBy: legAnsweredBy(from),
      },
      { Status: to.status ?? '', OnCallDuration: durations.leg2, AnsweredBy: legAnsweredBy(to) },
    ],
  };
}

/**
 * The multipart form of a payload: every value a string (`null` → `""`), `Legs`
 * flattened into `Legs[0][Status]`-style keys as Exotel does.
 */
export function toFormFields(payload: JsonPayload): [string, string][] {
  const fields: [string, string][] = [];
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'Legs' && Array.isArray(value)) {
      value.forEach((leg: Record<string, unknown>, index) => {
        for (const [field, fieldValue] of Object.entries(leg)) {
          fields.push([`Legs[${index}][${field}]`, text(fieldValue)]);
        }
      });
    } else {
      fields.push([key, text(value)]);
    }
  }
  return fields;
}
