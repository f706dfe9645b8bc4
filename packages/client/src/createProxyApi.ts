import type { operations } from '@ringback/protocol';
import type { CallSessionError } from './CallSessionError.js';
import { errorFromResponse } from './errorFromResponse.js';

type Json<
  Op extends keyof operations,
  Status extends keyof operations[Op]['responses'],
> = operations[Op]['responses'][Status] extends { content: { 'application/json': infer T } }
  ? T
  : never;

/** What a proxy call returns: the typed body, or the problem as a `CallSessionError`. */
export type ProxyResult<T> = { data: T; error?: never } | { data?: never; error: CallSessionError };

/**
 * The five operations a widget uses, typed from spec/ringback.yaml. Hand-rolled over
 * `fetch` instead of openapi-fetch (also shipped, as `@ringback/client/api`) because
 * it costs a tenth of the bytes, and the widget's budget is 6 kB in all.
 * A request that gets no answer rejects with the fetch error.
 */
export interface ProxyApi {
  getWidget(widgetId: string, signal?: AbortSignal): Promise<ProxyResult<Json<'getWidget', 200>>>;
  /** The free callback slots, for `days` days from today (the widget's `daysAhead` without). */
  listSlots(
    widgetId: string,
    days?: number,
    signal?: AbortSignal,
  ): Promise<ProxyResult<Json<'listSlots', 200>>>;
  createCall(
    body: operations['createCall']['requestBody']['content']['application/json'],
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<ProxyResult<Json<'createCall', 202>>>;
  getCall(callId: string, signal?: AbortSignal): Promise<ProxyResult<Json<'getCall', 200>>>;
  /** The undo: cancels a call held before dialling (or a booked callback, or a retry), with the `cancelToken` of its 202. */
  cancelCall(
    callId: string,
    cancelToken: string,
    signal?: AbortSignal,
  ): Promise<ProxyResult<Json<'cancelCall', 200>>>;
}

export function createProxyApi(
  endpoint: string,
  fetchImpl: (input: Request) => Promise<Response> = (input) => globalThis.fetch(input),
): ProxyApi {
  const send = async <T>(path: string, init: RequestInit): Promise<ProxyResult<T>> => {
    // Cookies never go to the proxy: the call id is the visitor's only credential.
    const response = await fetchImpl(
      new Request(endpoint + path, { credentials: 'omit', ...init }),
    );
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // Not JSON (a gateway's error page): errorFromResponse says so.
    }
    return response.ok && body ? { data: body as T } : { error: errorFromResponse(response, body) };
  };
  const id = encodeURIComponent;
  return {
    getWidget: (widgetId, signal) => send(`/v1/widgets/${id(widgetId)}`, { signal }),
    listSlots: (widgetId, days, signal) =>
      send(`/v1/widgets/${id(widgetId)}/slots${days ? `?days=${days}` : ''}`, { signal }),
    createCall: (body, idempotencyKey, signal) =>
      send('/v1/calls', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify(body),
        signal,
      }),
    getCall: (callId, signal) => send(`/v1/calls/${id(callId)}`, { signal }),
    cancelCall: (callId, cancelToken, signal) =>
      send(`/v1/calls/${id(callId)}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${cancelToken}` },
        signal,
      }),
  };
}
