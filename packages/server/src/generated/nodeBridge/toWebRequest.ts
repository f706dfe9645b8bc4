// Copied from packages/node-bridge/src/toWebRequest.ts by scripts/copy-node-bridge.mjs. Do not edit.
// Regenerate with `pnpm generate`.

import type { IncomingMessage } from 'node:http';

/** A Node request as the body-parsing frameworks leave it. */
export type ParsedRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

export function bodyOf(req: ParsedRequest): BodyInit | undefined {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return undefined;
  // A body parser mounted earlier (express.json(), …) has already drained the stream:
  // rebuild the body from what it parsed. Mount the proxy before body parsers to avoid this.
  if (req.body !== undefined && (req.readableEnded || req.complete)) {
    const body = req.body;
    if (typeof body === 'string' || body instanceof Uint8Array) return body as BodyInit;
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('application/x-www-form-urlencoded') && body && typeof body === 'object') {
      return new URLSearchParams(body as Record<string, string>).toString();
    }
    return JSON.stringify(body);
  }
  return bodyStream(req);
}

/**
 * The request body as a web stream, with backpressure. Not `Readable.toWeb`: on Node 20
 * it throws an uncaught error ("Controller is already closed") when the stream is
 * cancelled while data is still arriving, which is exactly what a body size cap does.
 * Once cancelled, the rest is discarded. A client that hangs up before the end of its
 * body makes the stream fail, so the handler can refuse the body rather than wait.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (done) return;
        done = true;
        controller.close();
      });
      req.once('error', (error) => {
        if (done) return;
        done = true;
        controller.error(error);
      });
      req.once('close', () => {
        if (done) return;
        done = true;
        controller.error(
          new Error('The client closed the connection before sending the whole body'),
        );
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      done = true;
      req.resume();
    },
  });
}

/** The URL the client asked for, on the address it connected to when the Host header is missing or unusable. */
export function urlOf(req: IncomingMessage & { originalUrl?: string }): URL {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = encrypted ? 'https' : 'http';
  const path = req.originalUrl ?? req.url ?? '/';
  const local = req.socket.localAddress ?? '127.0.0.1';
  const localHost = `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort ?? (encrypted ? 443 : 80)}`;
  try {
    return new URL(path, `${scheme}://${req.headers.host ?? localHost}`);
  } catch {
    return new URL(path, `${scheme}://${localHost}`);
  }
}

/** The request's headers as fetch sees them (HTTP/2 pseudo-headers and values fetch refuses left out). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers of the request itself.
    if (name.charCodeAt(0) === 0x3a /* : */) continue;
    try {
      headers.append(name, raw[i + 1]!);
    } catch {
      // A value fetch refuses (control characters): drop it rather than fail the request.
    }
  }
  return headers;
}

/**
 * Converts a Node request into a fetch `Request`. Express-style mounting is undone
 * (`originalUrl`), so the handler sees the path the client asked for.
 */
export function toWebRequest(
  req: IncomingMessage,
  options: { signal?: AbortSignal } = {},
): Request {
  const parsed = req as ParsedRequest;
  const headers = headersOf(req);
  const body = bodyOf(parsed);
  return new Request(urlOf(parsed), {
    method: req.method ?? 'GET',
    headers,
    // `duplex` lets Node's fetch take a streamed body.
    ...(body !== undefined ? { body, duplex: 'half' } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  } as RequestInit);
}
