import createClient from 'openapi-fetch';
import { ExotelError } from './ExotelError.js';
import { encodeConnectCallForm, toConnectCallRequest } from './encodeConnectCall.js';
import { errorFromResponse } from './errorFromResponse.js';
import { UTC_OFFSET } from './exotelDateTime.js';
import type { paths } from './generated/exotel.js';
import { toExotelCall } from './toExotelCall.js';
import { transportError } from './transportError.js';
import type { ConnectCallParams, ExotelCall, ExotelCallWire, ExotelRegion } from './types.js';

/** API hosts of Exotel's clusters. */
export const EXOTEL_BASE_URLS: Record<ExotelRegion, string> = {
  singapore: 'https://api.exotel.com',
  mumbai: 'https://api.in.exotel.com',
};

export interface ExotelClientOptions {
  accountSid: string;
  /** API key: the Basic auth user name. */
  apiKey: string;
  /** API token: the Basic auth password. */
  apiToken: string;
  /** The account's cluster. @default 'singapore' */
  region?: ExotelRegion;
  /** Overrides `region`, e.g. a local simulator: `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The class each request is built with before it is handed to `fetch` (openapi-fetch's
   * `Request` option). Give one only together with a `fetch` that takes it: a lighter
   * request than the platform's saves building a web stream for every call.
   * @default globalThis.Request
   */
  Request?: typeof Request;
  /** Per request. @default 10000 */
  timeoutMs?: number;
  /** The account's UTC offset, applied to Exotel's zone-less dates. @default '+05:30' */
  utcOffset?: string;
}

export interface GetCallRetry {
  /** Attempts in all, including the first. */
  attempts: number;
  /** Delay before the second attempt; doubles each time, with jitter. @default 250 */
  baseDelayMs?: number;
}

export interface GetCallOptions {
  /** Include `details` (per-leg statuses and durations). */
  details?: boolean;
  /** Minutes the `preSignedRecordingUrl` stays valid (5–60). */
  recordingUrlValidity?: number;
  /**
   * Retry network errors, timeouts, 429 and 5xx with exponential backoff. Off unless
   * given: reading a call is safe to repeat, but the caller decides.
   */
  retry?: GetCallRetry;
  signal?: AbortSignal;
}

export interface ExotelClient {
  /**
   * Asks Exotel to ring `from`, then bridge to `to`. Never retried here: a repeat can
   * place a second real call. On `ExotelError` with `mayHaveReachedExotel: false` it
   * is safe to send again.
   */
  connectCall(params: ConnectCallParams, options?: { signal?: AbortSignal }): Promise<ExotelCall>;
  /** Reads a call through Call Details; `details: true` adds per-leg statuses. */
  getCall(callSid: string, options?: GetCallOptions): Promise<ExotelCall>;
}

/** Creates a typed client for Exotel's connect and Call Details APIs. */
export function createExotelClient(options: ExotelClientOptions): ExotelClient {
  const { accountSid, apiKey, apiToken } = options;
  for (const [name, value] of Object.entries({ accountSid, apiKey, apiToken })) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${name} is required`);
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const utcOffset = options.utcOffset ?? '+05:30';
  if (!UTC_OFFSET.test(utcOffset))
    throw new TypeError(`utcOffset must look like +05:30, got ${utcOffset}`);
  const baseUrl = (options.baseUrl ?? EXOTEL_BASE_URLS[options.region ?? 'singapore']).replace(
    /\/+$/,
    '',
  );
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  // Credentials live only in this closure and the Authorization header, never on an
  // object that could be logged or serialized.
  const authorization = `Basic ${btoa(`${apiKey}:${apiToken}`)}`;
  // openapi-fetch consumes error bodies; keep an unread copy to build the ExotelError from.
  const errorBodies = new WeakMap<Response, Response>();
  const api = createClient<paths>({
    baseUrl,
    ...(options.Request ? { Request: options.Request } : {}),
    fetch: async (request: Request) => {
      const response = await fetchImpl(request);
      if (!response.ok) errorBodies.set(response, response.clone());
      return response;
    },
    headers: { Authorization: authorization, Accept: 'application/json' },
  });

  async function send(
    run: (signal: AbortSignal) => Promise<{ data?: unknown; response: Response }>,
    signal?: AbortSignal,
  ): Promise<ExotelCall> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let result: { data?: unknown; response: Response };
    try {
      result = await run(combined);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw transportError(error, timeoutMs);
    }
    const { response } = result;
    if (!response.ok) throw await errorFromResponse(errorBodies.get(response) ?? response);
    const wire = readCall(typeof result.data === 'string' ? result.data : '', response);
    return toExotelCall(wire, utcOffset);
  }

  return {
    async connectCall(params, callOptions) {
      const body = toConnectCallRequest(params);
      return send(
        (signal) =>
          api.POST('/v1/Accounts/{AccountSid}/Calls/connect.json', {
            params: { path: { AccountSid: accountSid } },
            body,
            bodySerializer: encodeConnectCallForm,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            parseAs: 'text',
            signal,
          }),
        callOptions?.signal,
      );
    },

    async getCall(callSid, getOptions = {}) {
      if (typeof callSid !== 'string' || callSid === '') throw new TypeError('callSid is required');
      const query = {
        ...(getOptions.details !== undefined ? { details: getOptions.details } : {}),
        ...(getOptions.recordingUrlValidity !== undefined
          ? { RecordingUrlValidity: getOptions.recordingUrlValidity }
          : {}),
      };
      const once = () =>
        send(
          (signal) =>
            api.GET('/v1/Accounts/{AccountSid}/Calls/{CallSid}.json', {
              params: { path: { AccountSid: accountSid, CallSid: callSid }, query },
              parseAs: 'text',
              signal,
            }),
          getOptions.signal,
        );
      return withRetry(once, getOptions.retry, getOptions.signal);
    },
  };
}

/** Parses a 2xx body read as text, so an HTML or XML answer becomes a clear error, not a SyntaxError. */
function readCall(text: string, response: Response): ExotelCallWire {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ExotelError({
      kind: 'server',
      status: response.status,
      message: `Exotel answered ${response.status} with a body that is not JSON (${
        response.headers.get('content-type') ?? 'no content type'
      })`,
      mayHaveReachedExotel: true,
      cause,
    });
  }
  const call = (parsed as { Call?: unknown } | null)?.Call;
  if (!call || typeof call !== 'object' || typeof (call as { Sid?: unknown }).Sid !== 'string') {
    throw new ExotelError({
      kind: 'server',
      status: response.status,
      message: `Exotel answered ${response.status} without a Call record`,
      mayHaveReachedExotel: true,
    });
  }
  return call as ExotelCallWire;
}

const RETRYABLE = new Set(['network', 'timeout', 'rate_limited', 'server']);

async function withRetry<T>(
  run: () => Promise<T>,
  retry: GetCallRetry | undefined,
  signal?: AbortSignal,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(retry?.attempts ?? 1));
  const baseDelayMs = retry?.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !(error instanceof ExotelError) || !RETRYABLE.has(error.kind))
        throw error;
      const backoff = baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await sleep(Math.max(backoff, error.retryAfterMs ?? 0), signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
