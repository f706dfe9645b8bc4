import {
  type CallbackStep,
  type CallTarget,
  MULTIPART_TYPE,
  statusCallbackBody,
} from './callbackBody.js';
import {
  AGENT,
  basicAuth,
  EXOPHONE,
  indianMobile,
  LIMITED_WIDGET_ID,
  ORIGIN,
  OTHER_ORIGIN,
  REFUSALS,
  SIM_CREDENTIALS,
  WIDGET_ID,
} from './fixtures.js';

/** What a load generator sends; it builds each request itself (functions do not cross processes). */
export type Scenario =
  /** `POST /v1/calls`: a distinct valid number and a fresh Idempotency-Key per request. */
  | { kind: 'create-call'; runId: string }
  /**
   * `POST /v1/calls` refused, the four refusals of `REFUSALS` in turn: a foreign Origin,
   * an invalid number, a widget whose limit is used up, a body that is not JSON.
   */
  | { kind: 'refused-create'; runId: string }
  /**
   * StatusCallbacks nobody signed: each names a well-formed call id with a well-formed
   * token, and carries Exotel's multipart body (what a prober of the callback URL sends).
   */
  | { kind: 'forged-callback' }
  /** Exotel's `Calls/connect`, straight to the simulator. */
  | { kind: 'connect'; statusCallback?: string }
  /** StatusCallbacks: every target gets each step, steps in order, targets interleaved. */
  | { kind: 'callbacks'; targets: CallTarget[]; steps: CallbackStep[] };

export interface BuiltRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A function giving the `i`th request of a scenario, and how many there are (if bounded). */
export function requestFactory(scenario: Scenario): {
  next(i: number): BuiltRequest;
  count?: number;
} {
  switch (scenario.kind) {
    case 'create-call':
      return {
        next: (i) => ({
          method: 'POST',
          path: '/v1/calls',
          headers: {
            'content-type': 'application/json',
            origin: ORIGIN,
            'idempotency-key': `bench-${scenario.runId}-${i}`,
          },
          body: JSON.stringify({ widgetId: WIDGET_ID, phone: indianMobile(i) }),
        }),
      };
    case 'refused-create':
      return {
        next: (i) => {
          const headers = {
            'content-type': 'application/json',
            origin: ORIGIN,
            'idempotency-key': `refused-${scenario.runId}-${i}`,
          };
          const body = (widgetId: string, phone: string) => JSON.stringify({ widgetId, phone });
          switch (REFUSALS[i % REFUSALS.length]!.code) {
            case 'origin_not_allowed':
              return {
                method: 'POST',
                path: '/v1/calls',
                headers: { ...headers, origin: OTHER_ORIGIN },
                body: body(WIDGET_ID, indianMobile(i)),
              };
            case 'invalid_phone':
              return { method: 'POST', path: '/v1/calls', headers, body: body(WIDGET_ID, '+9112') };
            case 'rate_limited':
              return {
                method: 'POST',
                path: '/v1/calls',
                headers,
                body: body(LIMITED_WIDGET_ID, indianMobile(i)),
              };
            case 'invalid_body':
              return { method: 'POST', path: '/v1/calls', headers, body: '{"widgetId": "bench",' };
          }
        },
      };
    case 'forged-callback': {
      // The shape of a real one: a call id of 24 base64url characters, a token of 43.
      const token = `${'forged'.padEnd(42, 'x')}A`;
      const body = statusCallbackBody(
        { callId: 'call_forged', sid: 'forged-sid', callbackPath: '', to: indianMobile(0) },
        'completed',
      );
      return {
        next: (i) => ({
          method: 'POST',
          path: `/v1/exotel/status-callback?call=call_${String(i).padStart(24, '0')}&attempt=1&token=${token}`,
          headers: { 'content-type': MULTIPART_TYPE },
          body,
        }),
      };
    }
    case 'connect': {
      const { accountSid, apiKey, apiToken } = SIM_CREDENTIALS;
      const authorization = basicAuth(apiKey, apiToken);
      return {
        next: (i) => {
          const form = new URLSearchParams({
            From: AGENT,
            To: indianMobile(i),
            CallerId: EXOPHONE,
          });
          if (scenario.statusCallback) {
            form.set('StatusCallback', scenario.statusCallback);
            form.set('StatusCallbackEvents[0]', 'answered');
            form.set('StatusCallbackEvents[1]', 'terminal');
          }
          return {
            method: 'POST',
            path: `/v1/Accounts/${accountSid}/Calls/connect.json`,
            headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
          };
        },
      };
    }
    case 'callbacks': {
      const { targets, steps } = scenario;
      // Built up front: the generator should spend its time sending, not formatting.
      const bodies = steps.map((step) => targets.map((t) => statusCallbackBody(t, step)));
      return {
        count: targets.length * steps.length,
        next: (i) => {
          const step = Math.floor(i / targets.length) % steps.length;
          const target = targets[i % targets.length]!;
          return {
            method: 'POST',
            path: target.callbackPath,
            headers: { 'content-type': MULTIPART_TYPE },
            body: bodies[step]![i % targets.length]!,
          };
        },
      };
    }
  }
}
