import { type SimCall, type SimLeg, secondsBetween } from './callEngine.js';
import { formatExotelDate, type WireFormat, type WireObject } from './wire.js';

export interface WireCallOptions {
  /** `create`: the `Calls/connect` answer (nulls); `read`: Call Details (`""` for empty strings, as Exotel does). */
  view: 'create' | 'read';
  format: WireFormat;
  details?: boolean;
  /** `RecordingUrlValidity` minutes; adds `PreSignedRecordingUrl` when there is a recording. */
  recordingUrlValidity?: number;
  /** Signs a recording URL for `minutes`; required with `recordingUrlValidity`. */
  presign?: (recordingUrl: string, minutes: number) => string;
  utcOffsetMinutes: number;
  /** INR per started minute of each answered leg. */
  pricePerMinute: number;
}

/** Seconds each leg spent answered, and the conversation (both legs up). */
export function callDurations(call: SimCall) {
  const [from, to] = call.legs;
  const end = call.endedAt;
  return {
    total: secondsBetween(call.createdAt, end),
    leg1: secondsBetween(from.answeredAt, from.answeredAt === null ? null : (from.endedAt ?? end)),
    leg2: secondsBetween(to.answeredAt, to.answeredAt === null ? null : (to.endedAt ?? end)),
    conversation: secondsBetween(call.connectedAt, end),
  };
}

/** What the call costs once over: each answered leg billed per started minute. */
export function callPrice(call: SimCall, pricePerMinute: number): string {
  const { leg1, leg2 } = callDurations(call);
  const minutes = Math.ceil(leg1 / 60) + Math.ceil(leg2 / 60);
  return (minutes * pricePerMinute).toFixed(3);
}

/**
 * Who picked a leg up, as Exotel's newer docs show per leg: `human` once answered,
 * `NA` for a leg that was dialled but never answered, `""` before it is dialled.
 */
export function legAnsweredBy(leg: SimLeg): string {
  if (leg.answeredAt !== null) return 'human';
  return leg.status === null ? '' : 'NA';
}

/** The Exotel `Call` object for a simulated call, as `Calls/connect` or Call Details shows it. */
export function toWireCall(call: SimCall, options: WireCallOptions): WireObject {
  const date = (ms: number) => formatExotelDate(ms, options.utcOffsetMinutes);
  const empty = options.view === 'create' ? null : '';
  const done = call.finalized && call.endedAt !== null;
  const durations = callDurations(call);
  const suffix = options.format === 'json' ? '.json' : '';
  const answered = call.legs[0].answeredAt !== null;
  // Live Exotel sends Duration and Price as strings on some calls, numbers on others.
  const numeric = options.format === 'json' && call.detailsNumbers === 'number';
  const price = done ? callPrice(call, options.pricePerMinute) : null;
  const wire: WireObject = {
    Sid: call.sid,
    ParentCallSid: empty,
    DateCreated: date(call.createdAt),
    DateUpdated: date(call.updatedAt),
    AccountSid: call.accountSid,
    To: call.params.toEcho,
    From: call.params.fromEcho,
    PhoneNumberSid: call.params.callerId,
    Status: call.status,
    StartTime: date(call.createdAt),
    EndTime: done ? date(call.endedAt!) : null,
    Duration: done ? (numeric ? durations.total : String(durations.total)) : null,
    Price: price !== null && numeric ? Number(price) : price,
    Direction: 'outbound-api',
    AnsweredBy: options.view === 'create' ? null : answered ? 'human' : '',
    ForwardedFrom: empty,
    CallerName: empty,
    Uri: `/v1/Accounts/${call.accountSid}/Calls/${call.sid}${suffix}`,
  };
  if (options.view === 'read') {
    const base = `/v1/Accounts/${call.accountSid}/Calls/${call.sid}`;
    wire.SubResourceUris = {
      Notifications: `${base}/Notifications${suffix}`,
      Recordings: `${base}/Recordings${suffix}`,
    };
  }
  wire.RecordingUrl = done && call.recordingUrl ? call.recordingUrl : empty;
  if (options.recordingUrlValidity !== undefined && done && call.recordingUrl) {
    wire.PreSignedRecordingUrl = options.presign!(call.recordingUrl, options.recordingUrlValidity);
  }
  if (options.details) {
    const [from, to] = call.legs;
    wire.Details = {
      ConversationDuration: durations.conversation,
      Leg1Status: from.status ?? empty,
      Leg2Status: to.status ?? empty,
      Legs: [
        { Leg: { Id: 1, OnCallDuration: durations.leg1, AnsweredBy: legAnsweredBy(from) } },
        { Leg: { Id: 2, OnCallDuration: durations.leg2, AnsweredBy: legAnsweredBy(to) } },
      ],
    };
  }
  return wire;
}
