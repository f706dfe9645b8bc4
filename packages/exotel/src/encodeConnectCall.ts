import type { ConnectCallParams, ConnectCallRequest } from './types.js';

/** Maps camelCase params to Exotel's parameter names; the type keeps the two in step. */
const WIRE_NAMES = {
  from: 'From',
  to: 'To',
  callerId: 'CallerId',
  callType: 'CallType',
  timeLimit: 'TimeLimit',
  timeOut: 'TimeOut',
  waitUrl: 'WaitUrl',
  record: 'Record',
  recordingChannels: 'RecordingChannels',
  recordingFormat: 'RecordingFormat',
  customField: 'CustomField',
  statusCallback: 'StatusCallback',
  statusCallbackContentType: 'StatusCallbackContentType',
  startPlaybackToNew: 'StartPlaybackToNew',
  startPlaybackValueNew: 'StartPlaybackValueNew',
  streamUrl: 'StreamUrl',
  streamBegin: 'StreamBegin',
} as const satisfies Record<
  Exclude<keyof ConnectCallParams, 'statusCallbackEvents'>,
  keyof ConnectCallRequest
>;

/** Builds the `Calls/connect` body with Exotel's own names from camelCase params. */
export function toConnectCallRequest(params: ConnectCallParams): ConnectCallRequest {
  const body: Record<string, unknown> = {};
  for (const [key, wire] of Object.entries(WIRE_NAMES)) {
    const value = params[key as keyof typeof WIRE_NAMES];
    if (value !== undefined) body[wire] = value;
  }
  const events = params.statusCallbackEvents ?? [];
  if (events.length > 2) throw new TypeError('statusCallbackEvents takes at most two events');
  events.forEach((event, index) => {
    body[`StatusCallbackEvents[${index}]`] = event;
  });
  return body as unknown as ConnectCallRequest;
}

/**
 * Form-encodes a `Calls/connect` body the way Exotel expects: booleans as
 * `true`/`false`, numbers in decimal, `+` percent-encoded as `%2B` (a raw `+` would
 * be read as a space and break E.164 numbers), keys in a stable order.
 */
export function encodeConnectCallForm(body: ConnectCallRequest): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`${key} must be a finite number`);
    }
    form.append(key, String(value));
  }
  return form.toString();
}
