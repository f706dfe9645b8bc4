import { toIsoDateTime, UTC_OFFSET } from './exotelDateTime.js';
import { StatusCallbackError } from './StatusCallbackError.js';
import type { ExotelCallStatus, StatusCallbackEventType } from './types.js';

/** Callbacks are a few hundred bytes; anything much larger is not from Exotel. */
export const STATUS_CALLBACK_MAX_BYTES = 64 * 1024;

export interface StatusCallbackLeg {
  /** `null` while the leg has not been reached (Exotel sends `""`). */
  status: ExotelCallStatus | null;
  onCallDuration: number | null;
  answeredBy: string | null;
}

/** One StatusCallback, normalized: ISO dates, numeric durations, `""` as `null`. */
export interface StatusCallbackEvent {
  callSid: string;
  /** `null` when the call was created without `StatusCallbackEvents` (base fields only). */
  eventType: StatusCallbackEventType | null;
  status: ExotelCallStatus;
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
  /** Fields this parser does not know, as received. */
  raw: Record<string, unknown>;
}

export interface ParseStatusCallbackOptions {
  /** The account's UTC offset, applied to Exotel's zone-less dates. @default '+05:30' */
  utcOffset?: string;
  /** @default 65536 */
  maxBytes?: number;
}

const STATUSES: ReadonlySet<string> = new Set<ExotelCallStatus>([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
]);
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
const LEG_KEY = /^Legs\[(\d{1,2})\]\[([A-Za-z]+)\]$/;
/** A call has two legs; a few spare slots tolerate surprises without unbounded arrays. */
const MAX_LEGS = 8;

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
  const fields = await readFields(contentType, bytes);
  return normalize(fields, utcOffset);
}

async function readFields(
  contentType: string,
  bytes: Uint8Array,
): Promise<Record<string, unknown>> {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (cause) {
      throw new StatusCallbackError('malformed_body', 'The body is not valid JSON', { cause });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new StatusCallbackError('malformed_body', 'The JSON body must be an object');
    }
    return parsed as Record<string, unknown>;
  }
  if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': contentType },
      }).formData();
    } catch (cause) {
      throw new StatusCallbackError('malformed_body', `The ${mediaType} body cannot be parsed`, {
        cause,
      });
    }
    return flatFormToFields(form);
  }
  throw new StatusCallbackError(
    'unsupported_media_type',
    `Content-Type must be multipart/form-data, application/x-www-form-urlencoded or application/json, got ${
      mediaType || 'none'
    }`,
  );
}

/** Folds bracketed `Legs[n][Field]` keys into a `Legs` array like the JSON variant's. */
function flatFormToFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const legs: Record<string, unknown>[] = [];
  for (const [key, value] of form) {
    if (typeof value !== 'string') {
      throw new StatusCallbackError(
        'invalid_field',
        `${key} is a file; StatusCallbacks carry text only`,
        {
          field: key,
        },
      );
    }
    const leg = LEG_KEY.exec(key);
    if (leg) {
      const index = Number(leg[1]);
      if (index >= MAX_LEGS)
        throw new StatusCallbackError('invalid_field', `${key}: too many legs`, { field: key });
      legs[index] ??= {};
      legs[index]![leg[2]!] = value;
    } else if (!(key in fields)) {
      fields[key] = value;
    }
  }
  if (legs.length > 0) fields.Legs = Array.from(legs, (leg) => leg ?? {});
  return fields;
}

function normalize(fields: Record<string, unknown>, utcOffset: string): StatusCallbackEvent {
  const callSid = text(fields, 'CallSid');
  if (!callSid)
    throw new StatusCallbackError('missing_field', 'CallSid is missing', { field: 'CallSid' });
  const status = text(fields, 'Status');
  if (!status)
    throw new StatusCallbackError('missing_field', 'Status is missing', { field: 'Status' });
  if (!STATUSES.has(status)) {
    throw new StatusCallbackError(
      'invalid_status',
      `Status ${JSON.stringify(status)} is not an Exotel call status`,
      {
        field: 'Status',
      },
    );
  }
  const eventType = text(fields, 'EventType');
  if (eventType !== null && !EVENT_TYPES.has(eventType)) {
    throw new StatusCallbackError(
      'invalid_field',
      `EventType ${JSON.stringify(eventType)} is not terminal or answered`,
      {
        field: 'EventType',
      },
    );
  }
  const dates = Object.fromEntries(
    DATE_FIELDS.map((name) => {
      const value = text(fields, name);
      if (value === null) return [name, null];
      const iso = toIsoDateTime(value, utcOffset);
      if (!iso)
        throw new StatusCallbackError(
          'invalid_field',
          `${name} ${JSON.stringify(value)} is not a date-time`,
          { field: name },
        );
      return [name, iso];
    }),
  ) as Record<(typeof DATE_FIELDS)[number], string | null>;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (!KNOWN.has(key)) raw[key] = value;

  return {
    callSid,
    eventType: eventType as StatusCallbackEventType | null,
    status: status as ExotelCallStatus,
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
    legs: readLegs(fields.Legs),
    raw,
  };
}

function readLegs(value: unknown): StatusCallbackLeg[] {
  if (value === undefined || value === null || value === '') return [];
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
    const status = text(entries, 'Status', field);
    if (status !== null && !STATUSES.has(status)) {
      throw new StatusCallbackError(
        'invalid_status',
        `${field}[Status] ${JSON.stringify(status)} is not an Exotel call status`,
        {
          field: `${field}[Status]`,
        },
      );
    }
    // Exotel's newer docs spell it AnsweredBy and answeredBy in different places.
    const answeredByKey = Object.keys(entries).find((key) => key.toLowerCase() === 'answeredby');
    return {
      status: status as ExotelCallStatus | null,
      onCallDuration: seconds(entries, 'OnCallDuration', field),
      answeredBy: answeredByKey ? text(entries, answeredByKey, field) : null,
    };
  });
}

/** A string field; numbers are accepted as text, `""` and null become null. */
function text(fields: Record<string, unknown>, name: string, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    const field = prefix ? `${prefix}[${name}]` : name;
    throw new StatusCallbackError('invalid_field', `${field} must be text`, { field });
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
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
      {
        field,
      },
    );
  }
  return Number(value);
}

function tooLarge(maxBytes: number): StatusCallbackError {
  return new StatusCallbackError('body_too_large', `The body is larger than ${maxBytes} bytes`);
}

/** Reads at most `maxBytes` of the body, stopping early instead of buffering an attacker's stream. */
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof StatusCallbackError) throw error;
    throw new StatusCallbackError('malformed_body', 'The body could not be read', { cause: error });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
