// `GET /v1/admin/events`: every change to any call, live, as the operators' view of it.
import type { ServerContext } from '../calls/ServerContext.js';
import { Problem } from '../domain/problem.js';
import type { Store } from '../domain/Store.js';
import { toAdminCall } from './toAdminCall.js';

/** Operator streams one instance holds open at once: the console is for a team, not the public. */
export const MAX_ADMIN_STREAMS = 100;
/** Chunks waiting for a client that does not read: past them, it is dropped (it reloads the list). */
const MAX_QUEUED = 512;

const encoder = new TextEncoder();

export interface AdminStreams {
  open: number;
}

/**
 * The stream: for each stored change, the call as it is then (read back, so a burst of
 * changes to one call becomes one message with its latest state), in order per call;
 * a heartbeat comment while quiet, which also checks that the session is still valid.
 */
export function streamAdminEvents(
  ctx: ServerContext,
  store: Store,
  request: Request,
  headers: Headers,
  streams: AdminStreams,
  /** Whether the operator may still read (their session lives, they are still configured). */
  stillAllowed: () => Promise<boolean>,
): Response {
  if (streams.open >= MAX_ADMIN_STREAMS)
    throw new Problem(
      'rate_limited',
      'Too many operator event streams are open on this server; close one and try again.',
      { limit: 'streams', retryAfterSeconds: 5 },
    );
  streams.open += 1;
  let close = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const send = (text: string) => {
          if (closed) return;
          if ((controller.desiredSize ?? 1) <= 0) return close();
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            close();
          }
        };
        // Calls with a change not yet sent: one read each, however many changes came.
        const pending = new Set<string>();
        let chain = Promise.resolve();
        let unsubscribe = () => {};
        let heartbeat: ReturnType<typeof setInterval> | undefined;
        close = () => {
          if (closed) return;
          closed = true;
          streams.open -= 1;
          clearInterval(heartbeat);
          unsubscribe();
          request.signal.removeEventListener('abort', close);
          ctx.streams.delete(close);
          try {
            controller.close();
          } catch {}
        };
        ctx.streams.add(close);
        if (request.signal.aborted) return close();
        request.signal.addEventListener('abort', close);
        try {
          unsubscribe = subscribe();
        } catch (error) {
          ctx.logger.error({ msg: 'operator event stream failed', error });
          return close();
        }
        heartbeat = setInterval(() => {
          send(': keep-alive\n\n');
          stillAllowed().then(
            (allowed) => allowed || close(),
            () => close(),
          );
        }, ctx.config.heartbeatMs);
        send('retry: 2000\n\n');

        function subscribe() {
          return store.subscribeAll((event) => {
            if (closed || pending.has(event.callId)) return;
            pending.add(event.callId);
            chain = chain
              .then(async () => {
                pending.delete(event.callId);
                if (closed) return;
                const call = await store.getCall(event.callId);
                if (call) send(`event: call\ndata: ${JSON.stringify(toAdminCall(call))}\n\n`);
              })
              .catch((error: unknown) => {
                ctx.logger.error({ msg: 'operator event stream failed', error });
                close();
              });
          });
        }
      },
      cancel() {
        close();
      },
    },
    new CountQueuingStrategy({ highWaterMark: MAX_QUEUED }),
  );
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-store, no-transform');
  headers.set('x-accel-buffering', 'no');
  return new Response(body, { status: 200, headers });
}
