import { readExotelStatus } from './exotelCallStatus.js';
import { isEmptyText, textOrNull, toIsoDateTime, UTC_OFFSET } from './exotelDateTime.js';
import {
  MAX_LEGS,
  readCapped,
  readStatusCallbackFields,
  STATUS_CALLBACK_MAX_BYTES,
  tooLarge,
} from './readStatusCallbackBody.js';
import { StatusCallbackError } from './StatusCallbackError.js';
import type { ExotelStatusReading, StatusCallbackEventType } from './types.js';

export { STATUS_CALLBACK_MAX_BYTES };

/** A callback's `Status`, read as every status is: see {@link ExotelStatusReading}. */
export type StatusCallbackStatus<Absent = never> = ExotelStatusReading<Absent>;

/** One leg of the call. `status` is `null` while the leg has not been reached (Exotel sends `""`). */
export type StatusCallbackLeg = StatusCallbackStatus<null> & {
  onCallDuration: number | null;
  /** As sent (`human`, `NA`…); Exotel's newer docs spell the key `AnsweredBy` or `answeredBy`. */
  answeredBy: string | null;
};

/** One StatusCallback, normalized: ISO dates, numeric durations, `""` and `"null"` as `null`. */
export type StatusCallbackEvent = StatusCallbackStatus & {
  callSid: string;
  /**
   * `terminal` or `answered`, whatever the case Exotel used (`Answered`). `null` when
   * the call was created without `StatusCallbackEvents` (base fields only), or when
   * the event type is one this parser does not know: then `rawEventType` has it.
   */
  eventType: StatusCallbackEventType | null;
  /** `EventType` as sent (trimmed), known or not; `null` when absent. */
  rawEventType: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  startTime: string | null;
  endTime: string | null;
  to: string | null;
  from: string | null;
  phoneNumberSid: string | null;
  direction: string | null;
  conversationDuration: number | null;
  recordingUrl: string | null;
  customField: string | null;
  /** Leg 1 (`From`) first. Empty when Exotel sent no per-leg data. */
  legs: StatusCallbackLeg[];
  /**
   * The fields whose value this parser does not know, by Exotel's name:
   * `EventType`, `Status`, `Legs[n][Status]`. Empty when everything was understood;
   * otherwise acknowledge the callback and log it, but change nothing on its word.
   */
  unrecognized: string[];
  /** Fields this parser does not know, as received. */
  raw: Record<string, unknown>;
};

export interface ParseStatusCallbackOptions {
  /** The account's UTC offset, applied to Exotel's zone-less dates. @default '+05:30' */
  utcOffset?: string;
  /** @default 65536 */
  maxBytes?: number;
}

const EVENT_TYPES: ReadonlySet<string> = new Set<StatusCallbackEventType>(['terminal', 'answered']);
const DATE_FIELDS = ['DateCreated', 'DateUpdated', 'StartTime', 'EndTime'] as const;
const TEXT_FIELDS = [
  'To',
  'From',
  'PhoneNumberSid',
  'Direction',
  'RecordingUrl',
  'CustomField',
] as const;
const KNOWN = new Set<string>([
  'CallSid',
  'EventType',
  'Status',
  'ConversationDuration',
  'Legs',
  ...DATE_FIELDS,
  ...TEXT_FIELDS,
]);

/** Parses a StatusCallback request from Exotel: multipart, urlencoded or JSON. */
export async function parseStatusCallback(
  request: Request,
  options: ParseStatusCallbackOptions = {},
): Promise<StatusCallbackEvent> {
  const maxBytes = options.maxBytes ?? STATUS_CALLBACK_MAX_BYTES;
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const body = await readCapped(request, maxBytes);
  return parseStatusCallbackBody(request.headers.get('content-type') ?? '', body, options);
}

/** The same as `parseStatusCallback`, for frameworks that hand over the content type and raw body. */
export async function parseStatusCallbackBody(
  contentType: string,
  body: string | Uint8Array,
  options: ParseStatusCallbackOptions = {},
): Promise<StatusCallbackEvent> {
  const utcOffset = options.utcOffset ?? '+05:30';
  if (!UTC_OFFSET.test(utcOffset))
    throw new TypeError(`utcOffset must look like +05:30, got ${utcOffset}`);
  const maxBytes = options.maxBytes ?? STATUS_CALLBACK_MAX_BYTES;
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  const fields = await readStatusCallbackFields(contentType, bytes);
  return normalize(fields, utcOffset);
}

function normalize(fields: Record<string, unknown>, utcOffset: string): StatusCallbackEvent {
  const callSid = text(fields, 'CallSid');
  if (!callSid)
    throw new StatusCallbackError('missing_field', 'CallSid is missing', { field: 'CallSid' });
  const status = readStatus(fields, 'Status');
  if (status.status === null)
    throw new StatusCallbackError('missing_field', 'Status is missing', { field: 'Status' });
  const rawEventType = text(fields, 'EventType');
  const eventType = rawEventType?.toLowerCase() ?? null;
  const dates = {} as Record<(typeof DATE_FIELDS)[number], string | null>;
  for (const name of DATE_FIELDS) dates[name] = dateTime(fields, name, utcOffset);
  const legs = readLegs(fields.Legs);
  const unrecognized: string[] = [];
  if (rawEventType !== null && !EVENT_TYPES.has(eventType!)) unrecognized.push('EventType');
  if (!status.statusKnown) unrecognized.push('Status');
  legs.forEach((leg, index) => {
    if (!leg.statusKnown) unrecognized.push(`Legs[${index}][Status]`);
  });
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) if (!KNOWN.has(key)) raw[key] = fields[key];

  return {
    callSid,
    eventType: EVENT_TYPES.has(eventType!) ? (eventType as StatusCallbackEventType) : null,
    rawEventType,
    ...(status as StatusCallbackStatus),
    dateCreated: dates.DateCreated,
    dateUpdated: dates.DateUpdated,
    startTime: dates.StartTime,
    endTime: dates.EndTime,
    to: text(fields, 'To'),
    from: text(fields, 'From'),
    phoneNumberSid: text(fields, 'PhoneNumberSid'),
    direction: text(fields, 'Direction'),
    conversationDuration: seconds(fields, 'ConversationDuration'),
    recordingUrl: text(fields, 'RecordingUrl'),
    customField: text(fields, 'CustomField'),
    legs,
    unrecognized,
    raw,
  };
}

/** A status compared without case; one this parser does not know is kept as sent. */
function readStatus(
  fields: Record<string, unknown>,
  name: string,
  prefix = '',
): StatusCallbackStatus<null> {
  const value = text(fields, name, prefix);
  return value === null ? { status: null, statusKnown: true } : readExotelStatus(value);
}

function readLegs(value: unknown): StatusCallbackLeg[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string' && isEmptyText(value)) return [];
  if (!Array.isArray(value) || value.length > MAX_LEGS) {
    throw new StatusCallbackError(
      'invalid_field',
      `Legs must be an array of at most ${MAX_LEGS} legs`,
      { field: 'Legs' },
    );
  }
  return value.map((leg, index) => {
    const field = `Legs[${index}]`;
    if (!leg || typeof leg !== 'object' || Array.isArray(leg)) {
      throw new StatusCallbackError('invalid_field', `${field} must be an object`, { field });
    }
    const entries = leg as Record<string, unknown>;
    // Exotel's newer docs spell it AnsweredBy and answeredBy in different places.
    const answeredByKey = Object.keys(entries).find((key) => key.toLowerCase() === 'answeredby');
    // Added to the new status object, not spread into another: V8 copies a small new
    // object spread ahead of other properties on a slow path (about 3 µs a leg on Node 20).
    return Object.assign(readStatus(entries, 'Status', field), {
      onCallDuration: seconds(entries, 'OnCallDuration', field),
      answeredBy: answeredByKey ? text(entries, answeredByKey, field) : null,
    });
  });
}

/** A string field; numbers are accepted as text, `""` and the text `null` become null. */
function text(fields: Record<string, unknown>, name: string, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    const field = prefix ? `${prefix}[${name}]` : name;
    throw new StatusCallbackError('invalid_field', `${field} must be text`, { field });
  }
  return textOrNull(value);
}

/** A date-time field as ISO 8601 (see toIsoDateTime), `null` when Exotel sent no time. */
function dateTime(fields: Record<string, unknown>, name: string, utcOffset: string): string | null {
  const value = text(fields, name);
  if (value === null) return null;
  const iso = toIsoDateTime(value, utcOffset);
  if (iso === undefined)
    throw new StatusCallbackError(
      'invalid_field',
      `${name} ${JSON.stringify(value)} is not a date-time`,
      { field: name },
    );
  return iso;
}

/** Seconds as a non-negative integer; Exotel sends numbers or numeric strings. */
function seconds(fields: Record<string, unknown>, name: string, prefix = ''): number | null {
  const field = prefix ? `${prefix}[${name}]` : name;
  const value = text(fields, name, prefix);
  if (value === null) return null;
  if (!/^\d{1,9}$/.test(value)) {
    throw new StatusCallbackError(
      'invalid_field',
      `${field} ${JSON.stringify(value)} is not a number of seconds`,
      { field },
    );
  }
  return Number(value);
}
