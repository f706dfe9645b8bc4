import { isFinal } from '../domain/callState.js';
import { Problem } from '../domain/problem.js';
import { toPublicCall } from '../domain/publicCall.js';
import type { CallEvent, CallRecord } from '../domain/Store.js';
import { watchCall } from './livePolling.js';
import type { ServerContext } from './ServerContext.js';

const LAST_EVENT_ID = /^\d{1,10}$/;
const encoder = new TextEncoder();

function lastEventId(request: Request): number | undefined {
  const value =
    request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (value === null || value === '') return undefined;
  if (!LAST_EVENT_ID.test(value))
    throw new Problem(
      'invalid_last_event_id',
      'Last-Event-ID must be the sequence number of an event.',
    );
  return Number(value);
}

/**
 * `GET /v1/calls/{id}/events`: the current state first (or, on resume, every state
 * after `Last-Event-ID`), then each change as it is stored, heartbeats while quiet,
 * and the end of the stream after the final state.
 */
export async function streamCallEvents(
  ctx: ServerContext,
  request: Request,
  call: CallRecord,
  headers: Headers,
  /** The visitor's address as a rate-limit key (`ipRateKey`). */
  ipKey: string,
): Promise<Response> {
  const resumeAfter = lastEventId(request);
  const store = await ctx.store();
  const base = ctx.config.publicBaseUrl;
  // Each stream holds a subscription and a timer: one address may not hoard them.
  const open = ctx.streamsPerIp.get(ipKey) ?? 0;
  if (open >= ctx.config.maxStreamsPerIp) {
    throw new Problem(
      'rate_limited',
      'Too many open event streams from this address; close one, or poll the call instead.',
      { limit: 'streams', retryAfterSeconds: 5 },
    );
  }
  ctx.streamsPerIp.set(ipKey, open + 1);
  const watch = watchCall(ctx, call.id);
  let close = () => {};

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let lastSent = -1;
      let live = false;
      const buffered: CallEvent[] = [];
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const emit = (event: CallEvent) => {
        watch.seen(event);
        if (event.seq <= lastSent) return;
        lastSent = event.seq;
        send(
          `id: ${event.seq}\nevent: state\ndata: ${JSON.stringify(toPublicCall(call, base, event))}\n\n`,
        );
        if (isFinal(event.state)) close();
      };
      // Subscribe before reading, buffering until caught up, so no change can slip
      // between the read and the subscription.
      const unsubscribe = store.subscribe(call.id, (event) =>
        live ? emit(event) : buffered.push(event),
      );
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), ctx.config.heartbeatMs);
      close = () => {
        if (closed) return;
        closed = true;
        const left = (ctx.streamsPerIp.get(ipKey) ?? 1) - 1;
        if (left > 0) ctx.streamsPerIp.set(ipKey, left);
        else ctx.streamsPerIp.delete(ipKey);
        clearInterval(heartbeat);
        unsubscribe();
        watch.release();
        request.signal.removeEventListener('abort', close);
        ctx.streams.delete(close);
        try {
          controller.close();
        } catch {}
      };
      ctx.streams.add(close);
      // The visitor may be gone already (the connection dropped while the call was
      // being read): never hold a stream slot for nobody.
      if (request.signal.aborted) return close();
      request.signal.addEventListener('abort', close);
      send('retry: 2000\n\n');

      try {
        const current = (await store.getCall(call.id)) ?? call;
        if (resumeAfter === undefined || resumeAfter > current.version) {
          lastSent = current.version;
          send(
            `id: ${current.version}\nevent: state\ndata: ${JSON.stringify(toPublicCall(current, base))}\n\n`,
          );
        } else {
          lastSent = resumeAfter;
          for (const event of await store.listEvents(call.id, resumeAfter)) emit(event);
        }
        if (isFinal(current.state)) return close();
        live = true;
        for (const event of buffered.splice(0)) emit(event);
      } catch (error) {
        ctx.logger.error({ msg: 'event stream failed', callId: call.id, error });
        close();
      }
    },
    cancel() {
      close();
    },
  });

  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-store, no-transform');
  // Proxies such as nginx buffer responses unless told not to.
  headers.set('x-accel-buffering', 'no');
  return new Response(body, { status: 200, headers });
}
