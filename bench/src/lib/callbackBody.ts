import { AGENT, EXOPHONE } from './fixtures.js';

/** What a load generator needs to send StatusCallbacks for one call. */
export interface CallTarget {
  /** The proxy's call id (Exotel's CustomField). */
  callId: string;
  /** Exotel's CallSid. */
  sid: string;
  /** Path and query of the StatusCallback URL the proxy gave Exotel (with its token). */
  callbackPath: string;
  /** The visitor's number. */
  to: string;
}

export type CallbackStep = 'agent-answered' | 'visitor-answered' | 'completed';

/** The states the proxy moves a `dialing-agent` call to, step by step. */
export const STATE_AFTER: Record<CallbackStep, string> = {
  'agent-answered': 'dialing-you',
  'visitor-answered': 'connected',
  completed: 'completed',
};

const BOUNDARY = '----ringback-bench-7MA4YWxkTrZu0gW';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Exotel's date format, in IST. */
function exotelDate(ms: number): string {
  return new Date(ms + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A StatusCallback as Exotel sends it by default: multipart, with bracketed
 * `Legs[n][…]` keys (the same fields `@ringback/exotel-sim` sends).
 */
export function statusCallbackBody(
  target: CallTarget,
  step: CallbackStep,
  at = Date.now(),
): string {
  const created = exotelDate(at - 60_000);
  const fields: [string, string][] = [
    ['CallSid', target.sid],
    ['EventType', step === 'completed' ? 'terminal' : 'answered'],
    ['Status', step === 'completed' ? 'completed' : 'in-progress'],
    ['DateCreated', created],
    ['DateUpdated', exotelDate(at)],
    ['To', `0${target.to.slice(3)}`],
    ['From', `0${AGENT.slice(3)}`],
    ['PhoneNumberSid', EXOPHONE],
    ['StartTime', created],
    ['EndTime', step === 'completed' ? exotelDate(at) : ''],
    ['Direction', 'outbound-api'],
    ['ConversationDuration', step === 'completed' ? '41' : '0'],
    ['RecordingUrl', ''],
  ];
  if (step === 'completed') fields.push(['CustomField', target.callId]);
  const legs: [string, string][] =
    step === 'agent-answered'
      ? [
          ['in-progress', '0'],
          ['', '0'],
        ]
      : step === 'visitor-answered'
        ? [
            ['in-progress', '4'],
            ['in-progress', '0'],
          ]
        : [
            ['completed', '50'],
            ['completed', '41'],
          ];
  legs.forEach(([status, duration], i) => {
    fields.push([`Legs[${i}][Status]`, status], [`Legs[${i}][OnCallDuration]`, duration]);
  });
  let body = '';
  for (const [name, value] of fields)
    body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return `${body}--${BOUNDARY}--\r\n`;
}
