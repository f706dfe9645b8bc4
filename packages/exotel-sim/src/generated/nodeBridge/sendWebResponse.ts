// Copied from packages/node-bridge/src/sendWebResponse.ts by scripts/copy-node-bridge.mjs. Do not edit.
// Regenerate with `pnpm generate`.

import type { ServerResponse } from 'node:http';
import { TAKE_BUFFERED_BODY, writtenHeaders } from './bodyProtocol.js';

/** Bodies up to this size are sent in one write, with their length; larger ones stream. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const EVENT_STREAM = /^\s*text\/event-stream/i;

function isEventStream(response: Response): boolean {
  return EVENT_STREAM.test(response.headers.get('content-type') ?? '');
}

function takeBufferedBody(response: Response): string | Uint8Array | undefined {
  const take = (response as { [TAKE_BUFFERED_BODY]?: () => string | Uint8Array | undefined })[
    TAKE_BUFFERED_BODY
  ];
  return typeof take === 'function' ? take.call(response) : undefined;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Writes a whole body with its status and headers in one `writeHead` (names and values
 * in one flat list, each Set-Cookie apart) and one write: nothing is copied on the way.
 */
function writeBuffered(response: Response, res: ServerResponse, body: string | Uint8Array): void {
  const flat: string[] = [];
  let length = res.hasHeader('content-length');
  writtenHeaders(response).forEach((value, name) => {
    if (name === 'content-length') length = true;
    flat.push(name, value);
  });
  if (!length)
    flat.push(
      'content-length',
      String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    );
  res.writeHead(response.status, flat);
  res.end(body);
}

/**
 * Writes a fetch `Response` to a Node response. A body that is not an event stream is
 * read whole (up to 1 MiB) and sent with its Content-Length in a single write, headers
 * included; event streams, and anything larger, stream with backpressure. When the
 * client goes away the body is cancelled, which ends event streams.
 */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  // A body held whole in memory (see TAKE_BUFFERED_BODY) is written as it is: no stream.
  const buffered = takeBufferedBody(response);
  if (buffered !== undefined) {
    writeBuffered(response, res, buffered);
    return;
  }
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    if (isEventStream(response)) {
      // Send the headers now: an event stream may not have a first chunk for a while.
      res.flushHeaders();
    } else {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          // The body failed before anything was sent: send what there is, as a stream would.
          for (const chunk of chunks) res.write(chunk);
          throw error;
        }
        if (next.done) {
          if (res.destroyed) return;
          const body = concat(chunks, size);
          if (!res.headersSent && !res.hasHeader('content-length'))
            res.setHeader('content-length', body.byteLength);
          res.end(body);
          return;
        }
        // Bytes from fetch bodies; a hand-made stream might yield strings.
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        chunks.push(chunk);
        size += chunk.byteLength;
        if (size > MAX_BUFFERED_BYTES) break;
      }
      // Too large to hold: stream it from here.
      for (const chunk of chunks) res.write(chunk);
    }
    for (;;) {
      if (res.destroyed) break;
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value))
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume);
            res.off('close', resume);
            resolve();
          };
          res.once('drain', resume);
          res.once('close', resume);
        });
    }
  } catch {
    // The body failed mid-stream; nothing more can be sent but the end.
  } finally {
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}
