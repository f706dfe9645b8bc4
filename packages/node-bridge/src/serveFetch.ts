import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyLeftToNode, createNodeRequest, releaseNodeRequest, signalOf } from './nodeRequest.js';
import { sendWebResponse } from './sendWebResponse.js';
import { toWebRequest } from './toWebRequest.js';

/** A fetch handler, given the Node request too (for what a `Request` cannot carry: the peer address). */
export type NodeFetchHandler = (request: Request, req: IncomingMessage) => Promise<Response>;

export interface ServeFetchOptions {
  /** The answer when the handler throws. @default a plain-text 500 */
  onError?: (error: unknown) => Response;
  /**
   * Hand the handler a lightweight `Request` (see createNodeRequest) instead of a fully
   * built one: cheaper, but `new Request(request)` does not accept it.
   * @default false
   */
  lightweight?: boolean;
}

/**
 * The most of a body the handler left unread that is drained after the answer to keep
 * the connection. Reading a few kilobytes costs less than the client's next connection
 * (and its TLS handshake); a refusal answered without reading the body (a 404, a forged
 * callback) would otherwise cost a connection each. Node parses a body only after the
 * microtasks of its request event, so even one that came with the head is still unread
 * when such an answer goes out.
 */
export const DRAIN_MAX_BYTES = 64 * 1024;

/**
 * Whether what is left of `req`'s body can be drained: nothing but Node reads it (a web
 * stream made for it would stop reading once full), and its length is declared and at
 * most DRAIN_MAX_BYTES.
 */
function drainable(req: IncomingMessage, request: Request): boolean {
  if (!bodyLeftToNode(request) || req.headers['transfer-encoding'] !== undefined) return false;
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) <= DRAIN_MAX_BYTES;
}

/**
 * Serves one Node request with a fetch handler. The request's signal aborts when the
 * client goes away before the answer is out, so a handler holding something for it (an
 * event stream's slot) lets go at once, even if the client left while it was awaiting. A `Response.error()` answer destroys
 * the socket, as a dropped connection would. When the handler answered before the end of
 * the body (too large, refused), the rest is drained and the connection kept if it is
 * small (DRAIN_MAX_BYTES); a larger or unknown rest closes the connection after the
 * answer rather than drain an upload nobody wants.
 */
export async function serveFetch(
  handler: NodeFetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeFetchOptions = {},
): Promise<void> {
  let response: Response;
  // Lightweight: the URL, headers, signal and a web stream for the body are made only
  // if the handler uses them (see createNodeRequest).
  const request = options.lightweight
    ? createNodeRequest(req, res)
    : toWebRequest(req, { signal: signalOf(req, res) });
  try {
    response = await handler(request, req);
  } catch (error) {
    response = options.onError?.(error) ?? new Response('Internal Server Error', { status: 500 });
  }
  if (options.lightweight) releaseNodeRequest(request);
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }
  // A small rest is left to Node, which reads and drops it after the answer and keeps
  // the connection (IncomingMessage's dump).
  if (!req.complete && !drainable(req, request)) res.setHeader('connection', 'close');
  await sendWebResponse(response, res);
}

/**
 * A `node:http` request listener serving `handler`. A failure past the handler (the
 * response could not be written) drops the connection; it never becomes an unhandled
 * rejection.
 */
export function createFetchListener(
  handler: NodeFetchHandler,
  options: ServeFetchOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serveFetch(handler, req, res, options).catch(() => req.socket.destroy());
  };
}
