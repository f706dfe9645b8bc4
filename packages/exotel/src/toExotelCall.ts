import { readExotelStatus } from './exotelCallStatus.js';
import { textOrNull, toIsoDateTime } from './exotelDateTime.js';
import type { ExotelCall, ExotelCallDetails, ExotelCallLeg, ExotelCallWire } from './types.js';

type Fields = Record<string, unknown>;

/**
 * Reads Exotel's `Call` object into the camelCase {@link ExotelCall}. Tolerant by
 * design: the call exists once Exotel answered, so a field that cannot be read
 * becomes `null` (the original stays in `raw`) instead of hiding the `sid`.
 */
export function toExotelCall(wire: ExotelCallWire, utcOffset: string): ExotelCall {
  const fields = wire as unknown as Fields;
  const status = text(fields.Status);
  const details = fields.Details;
  return {
    sid: wire.Sid,
    ...(status === null ? { status: '', statusKnown: false } : readExotelStatus(status)),
    parentCallSid: text(fields.ParentCallSid),
    dateCreated: date(fields.DateCreated, utcOffset),
    dateUpdated: date(fields.DateUpdated, utcOffset),
    accountSid: text(fields.AccountSid),
    to: text(fields.To),
    from: text(fields.From),
    phoneNumberSid: text(fields.PhoneNumberSid),
    startTime: date(fields.StartTime, utcOffset),
    endTime: date(fields.EndTime, utcOffset),
    duration: wholeNumber(fields.Duration),
    price: decimal(fields.Price),
    direction: text(fields.Direction),
    answeredBy: text(fields.AnsweredBy),
    forwardedFrom: text(fields.ForwardedFrom),
    callerName: text(fields.CallerName),
    uri: text(fields.Uri),
    recordingUrl: text(fields.RecordingUrl),
    preSignedRecordingUrl: text(fields.PreSignedRecordingUrl),
    ...(isObject(details) ? { details: toDetails(details) } : {}),
    raw: wire,
  };
}

function toDetails(details: Fields): ExotelCallDetails {
  const legs = Array.isArray(details.Legs) ? details.Legs : [];
  return {
    conversationDuration: wholeNumber(details.ConversationDuration),
    leg1Status: legStatus(details.Leg1Status),
    leg2Status: legStatus(details.Leg2Status),
    legs: legs.filter(isObject).map(toLeg),
  };
}

/** Exotel wraps each leg as `{ "Leg": { … } }`; a bare leg object is read too. */
function toLeg(entry: Fields): ExotelCallLeg {
  const leg = isObject(entry.Leg) ? entry.Leg : entry;
  // Exotel's newer docs spell it AnsweredBy and answeredBy in different places.
  const answeredByKey = Object.keys(leg).find((key) => key.toLowerCase() === 'answeredby');
  return {
    id: wholeNumber(leg.Id),
    onCallDuration: wholeNumber(leg.OnCallDuration),
    answeredBy: answeredByKey ? text(leg[answeredByKey]) : null,
  };
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text, trimmed; numbers as text; `""`, the text `null` and anything else as `null`. */
function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? textOrNull(value) : null;
}

function legStatus(value: unknown): string | null {
  const status = text(value);
  return status === null ? null : readExotelStatus(status).status;
}

function date(value: unknown, utcOffset: string): string | null {
  const written = text(value);
  return written === null ? null : (toIsoDateTime(written, utcOffset) ?? null);
}

/** A non-negative whole number (seconds, a leg id), sent as a number or a numeric string (`17`, `"17"`). */
function wholeNumber(value: unknown): number | null {
  const amount = decimal(value);
  return amount !== null && amount >= 0 ? Math.round(amount) : null;
}

/** A number sent as a number or a numeric string (`0.75`, `"1.500"`). */
function decimal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const digits = text(value);
  return digits !== null && /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : null;
}
