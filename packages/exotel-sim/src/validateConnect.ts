import { echoNumber, normalizeNumber } from './numbers.js';
import type { FormFields } from './wire.js';

export type StatusCallbackEventType = 'terminal' | 'answered';
export type StatusCallbackContentType = 'multipart/form-data' | 'application/json';

/** A validated `Calls/connect` request. */
export interface ConnectParams {
  /** `From`, normalised: `0` + 10 digits for Indian numbers, E.164 for others. Fates are keyed on it. */
  from: string;
  /** `To`, normalised like `from`. */
  to: string;
  /** `From` as responses and callbacks echo it: E.164 if it was sent with the country code, else `0…`. */
  fromEcho: string;
  /** `To` as responses and callbacks echo it, like `fromEcho`. */
  toEcho: string;
  callerId: string;
  callType: 'trans';
  /** Seconds; `null` when not sent (the call may last up to 4 hours). */
  timeLimit: number | null;
  /** Seconds each leg rings; `null` when not sent. */
  timeOut: number | null;
  waitUrl: string | null;
  record: boolean;
  recordingChannels: 'single' | 'dual';
  recordingFormat: 'mp3' | 'mp3-hq';
  customField: string | null;
  statusCallback: string | null;
  /** `null` when the request named no events: only the base callback is sent then. */
  statusCallbackEvents: StatusCallbackEventType[] | null;
  statusCallbackContentType: StatusCallbackContentType;
  startPlaybackToNew: 'Callee' | 'Both' | null;
  startPlaybackValueNew: string | null;
  streamUrl: string | null;
  streamBegin: string | null;
}

export type ConnectValidation =
  | { ok: true; params: ConnectParams }
  | { ok: false; message: string };

export const MAX_TIME_LIMIT = 14_400;
export const MAX_TIME_OUT = 60;
export const MAX_CUSTOM_FIELD = 128;

class Invalid extends Error {}

const EVENTS_KEY = /^StatusCallbackEvents(?:\[\d*\])?$/;

function oneOf<T extends string>(
  name: string,
  value: string | null,
  allowed: readonly T[],
): T | null {
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Invalid(
    `Invalid value '${value}' for parameter '${name}': use one of ${allowed.map((a) => `'${a}'`).join(', ')}.`,
  );
}

function integer(name: string, value: string | null, max: number): number | null {
  if (value === null) return null;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new Invalid(
      `Invalid value '${value}' for parameter '${name}': must be a whole number of seconds from 1 to ${max}.`,
    );
  }
  return n;
}

function url(name: string, value: string | null): string | null {
  if (value === null) return null;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new Invalid(`Invalid value for parameter '${name}': '${value}' is not an http(s) URL.`);
  }
  return value;
}

function phone(name: string, value: string | null): string {
  if (value === null) throw new Invalid(`Missing parameter: '${name}'`);
  const normalized = value.length <= 32 ? normalizeNumber(value) : null;
  if (!normalized) {
    throw new Invalid(
      `Invalid value for parameter '${name}': '${value}' is not a valid phone number.`,
    );
  }
  return normalized;
}

/** Checks a connect request the way Exotel does, with a clear message for each problem. */
export function validateConnect(fields: FormFields): ConnectValidation {
  // A repeated scalar parameter: the last one wins. Empty values count as absent.
  const values = new Map<string, string>();
  const events: string[] = [];
  for (const [name, value] of fields) {
    if (EVENTS_KEY.test(name)) {
      if (value.trim() !== '') events.push(value.trim());
      continue;
    }
    values.set(name, value);
  }
  const get = (name: string): string | null => {
    const value = values.get(name);
    return value === undefined || value.trim() === '' ? null : value.trim();
  };

  try {
    const from = phone('From', get('From'));
    const to = phone('To', get('To'));
    const callerId = phone('CallerId', get('CallerId'));

    const callType = get('CallType');
    if (callType === 'promo') {
      throw new Invalid("CallType 'promo' is no longer supported: use 'trans'.");
    }
    const record = get('Record');
    if (record !== null && !/^(true|false)$/i.test(record)) {
      throw new Invalid(`Invalid value '${record}' for parameter 'Record': use 'true' or 'false'.`);
    }
    const customField = values.get('CustomField') ?? null;
    if (customField !== null && customField.length > MAX_CUSTOM_FIELD) {
      throw new Invalid(
        `Invalid value for parameter 'CustomField': at most ${MAX_CUSTOM_FIELD} characters (got ${customField.length}).`,
      );
    }
    const statusCallbackEvents: StatusCallbackEventType[] = [];
    for (const event of events) {
      const checked = oneOf('StatusCallbackEvents', event, ['terminal', 'answered'] as const)!;
      if (!statusCallbackEvents.includes(checked)) statusCallbackEvents.push(checked);
    }

    return {
      ok: true,
      params: {
        from,
        to,
        fromEcho: echoNumber(get('From')!)!,
        toEcho: echoNumber(get('To')!)!,
        callerId,
        callType: oneOf('CallType', callType, ['trans'] as const) ?? 'trans',
        timeLimit: integer('TimeLimit', get('TimeLimit'), MAX_TIME_LIMIT),
        timeOut: integer('TimeOut', get('TimeOut'), MAX_TIME_OUT),
        waitUrl: url('WaitUrl', get('WaitUrl')),
        record: record !== null && record.toLowerCase() === 'true',
        recordingChannels:
          oneOf('RecordingChannels', get('RecordingChannels'), ['single', 'dual'] as const) ??
          'single',
        recordingFormat:
          oneOf('RecordingFormat', get('RecordingFormat'), ['mp3', 'mp3-hq'] as const) ?? 'mp3',
        customField: customField === '' ? null : customField,
        statusCallback: url('StatusCallback', get('StatusCallback')),
        // Events sent but all empty count as absent: Exotel then sends the base callback.
        statusCallbackEvents: statusCallbackEvents.length > 0 ? statusCallbackEvents : null,
        statusCallbackContentType:
          oneOf('StatusCallbackContentType', get('StatusCallbackContentType'), [
            'multipart/form-data',
            'application/json',
          ] as const) ?? 'multipart/form-data',
        startPlaybackToNew: oneOf('StartPlaybackToNew', get('StartPlaybackToNew'), [
          'Callee',
          'Both',
        ] as const),
        startPlaybackValueNew: url('StartPlaybackValueNew', get('StartPlaybackValueNew')),
        streamUrl: get('StreamUrl'),
        streamBegin: get('StreamBegin'),
      },
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, message: error.message };
    throw error;
  }
}
