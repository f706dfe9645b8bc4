/** Numbers, origins and secrets shared by the servers and load generators of the benchmarks. */

export const ORIGIN = 'https://shop.example.com';
export const WIDGET_ID = 'bench';
/** A widget whose per-widget limit (one call in 31 days) is used up by its first call: every later create is `rate_limited`. */
export const LIMITED_WIDGET_ID = 'bench-limited';
/** An origin no widget allows. */
export const OTHER_ORIGIN = 'https://elsewhere.example.net';

/**
 * The refusals of the refusal flood, in turn: each request is one of them, and the
 * status it must be answered with.
 */
export const REFUSALS = [
  { code: 'origin_not_allowed', status: 403 },
  { code: 'invalid_phone', status: 422 },
  { code: 'rate_limited', status: 429 },
  { code: 'invalid_body', status: 400 },
] as const;
/** The agent (`From`): the simulator's default fate. */
export const AGENT = '+919000000000';
export const EXOPHONE = '08047112400';
export const SECRET = 'bench-secret-0123456789-abcdefghijklmnop';
export const SIM_CREDENTIALS = {
  accountSid: 'ringbacksim',
  apiKey: 'sim-api-key',
  apiToken: 'sim-api-token',
} as const;

/**
 * The `n`th of a million distinct, valid Indian mobile numbers (+91 9812 000000 …
 * +91 9812 999999, all MOBILE in libphonenumber's full metadata; none is one of the
 * simulator's magic numbers), so no per-number limit or cache helps a run.
 */
export function indianMobile(n: number): string {
  return `+91${9_812_000_000 + (n % 1_000_000)}`;
}

/** The same 202 body shape the proxy answers, for the floor server. */
export const CREATED_BODY = JSON.stringify({
  id: 'call_8Jq1b0Vx3mQe9cTzL2sYw4Rk',
  widgetId: WIDGET_ID,
  state: 'dialing-agent',
  final: false,
  createdAt: '2026-11-27T13:42:04.000Z',
  updatedAt: '2026-11-27T13:42:04.512Z',
  conversationSeconds: null,
  links: {
    self: 'http://127.0.0.1/v1/calls/call_8Jq1b0Vx3mQe9cTzL2sYw4Rk',
    events: 'http://127.0.0.1/v1/calls/call_8Jq1b0Vx3mQe9cTzL2sYw4Rk/events',
  },
});

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
