// `GET /v1/admin/calls`, `/v1/admin/calls.csv` and `/v1/admin/calls/{id}`.
import { CALL_ID } from '../domain/callId.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedConfig } from '../domain/ResolvedConfig.js';
import type { CallRecord, Store } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { AdminQuery, encodeCursor } from './adminQuery.js';
import { FILTER_PARAMS, readCallFilters, readCallPosition } from './callFilters.js';
import { csvRow } from './csv.js';
import { toAdminCall, toAdminCallDetail } from './toAdminCall.js';

export function json(body: unknown, headers: Headers, status = 200): Response {
  headers.set('content-type', 'application/json');
  headers.set('cache-control', 'no-store');
  return new BufferedResponse(JSON.stringify(body), { status, headers });
}

/** One page of calls, newest (or oldest) first, with the cursor of the next. */
export async function listAdminCalls(
  store: Store,
  request: Request,
  headers: Headers,
): Promise<Response> {
  const query = new AdminQuery(request, [...FILTER_PARAMS, 'cursor', 'limit'], ['state']);
  const filters = readCallFilters(query);
  const after = query.cursor('cursor', readCallPosition);
  const limit = query.integer('limit', 1, 200) ?? 50;
  query.done();
  // One more than asked tells whether another page follows.
  const calls = await store.listCalls({
    ...filters,
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = calls.slice(0, limit);
  const last = page.at(-1);
  return json(
    {
      calls: page.map(toAdminCall),
      nextCursor:
        calls.length > limit && last
          ? encodeCursor({ createdAt: last.createdAt, id: last.id })
          : null,
    },
    headers,
  );
}

/** The call a `/v1/admin/calls/{id}…` path names, or `call_not_found`. */
export async function callOfPath(store: Store, rawId: string): Promise<CallRecord> {
  const id = decodePathSegment(rawId);
  const call = id && CALL_ID.test(id) ? await store.getCall(id) : undefined;
  if (!call) throw new Problem('call_not_found', 'There is no call with this id.');
  return call;
}

/** Every event, attempt and webhook delivery of a call. */
export async function getAdminCall(
  store: Store,
  rawId: string,
  headers: Headers,
): Promise<Response> {
  const call = await callOfPath(store, rawId);
  const [events, deliveries] = await Promise.all([
    store.listEvents(call.id, 0),
    store.listWebhookDeliveries({ callId: call.id, limit: 200 }),
  ]);
  return json(toAdminCallDetail(call, events, deliveries), headers);
}

export const MAX_CSV_ROWS = 100_000;
const CSV_PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'createdAt',
  'updatedAt',
  'widgetId',
  'state',
  'missedReason',
  'phone',
  'agentId',
  'agentName',
  'attempt',
  'maxAttempts',
  'conversationSeconds',
  'scheduledFor',
  'retryAt',
  'callbackOf',
  'exotelSid',
  'recordingUrl',
] as const;

/**
 * The calls the filters select, every page, as CSV: read a page at a time as the client
 * takes them (a slow reader holds one page, never the whole export).
 */
export function exportAdminCalls(
  store: Store,
  config: ResolvedConfig,
  request: Request,
  headers: Headers,
): Response {
  const query = new AdminQuery(request, FILTER_PARAMS, ['state']);
  const filters = readCallFilters(query);
  query.done();
  const fieldIds = [
    ...new Set([...config.widgets.values()].flatMap((w) => w.fields.map((f) => f.id))),
  ];
  const encoder = new TextEncoder();
  let after: { createdAt: number; id: string } | undefined;
  let written = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(csvRow([...CSV_COLUMNS, ...fieldIds.map((id) => `fields.${id}`)])),
        );
        return;
      }
      const limit = Math.min(CSV_PAGE, MAX_CSV_ROWS - written);
      const calls =
        limit > 0 ? await store.listCalls({ ...filters, ...(after ? { after } : {}), limit }) : [];
      if (calls.length === 0) return controller.close();
      let text = '';
      for (const record of calls) {
        const call = toAdminCall(record);
        text += csvRow([
          ...CSV_COLUMNS.map((column) => call[column]),
          ...fieldIds.map((id) => call.fields[id]),
        ]);
      }
      written += calls.length;
      const last = calls.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
      controller.enqueue(encoder.encode(text));
      if (calls.length < limit) controller.close();
    },
  });
  headers.set('content-type', 'text/csv; charset=utf-8; header=present');
  headers.set('content-disposition', 'attachment; filename="ringback-calls.csv"');
  headers.set('cache-control', 'no-store');
  return new Response(body, { status: 200, headers });
}
