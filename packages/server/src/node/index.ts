import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestInfo } from '../calls/ServerContext.js';
import type { RingbackServer } from '../createRingbackServer.js';
import { sendWebResponse } from '../generated/nodeBridge/sendWebResponse.js';
import { type NodeFetchHandler, serveFetch } from '../generated/nodeBridge/serveFetch.js';

export { sendWebResponse } from '../generated/nodeBridge/sendWebResponse.js';
export { toWebRequest } from '../generated/nodeBridge/toWebRequest.js';

type Handler = Pick<RingbackServer, 'fetch'>;

const watchedServers = new WeakSet<object>();

/**
 * Makes the server read each new connection's peer address as it opens. Node reads it
 * lazily, and a socket reset right after sending its request has forgotten it by the
 * time the request is handled: that visitor would share an `unknown` rate-limit bucket.
 */
function rememberPeers(req: IncomingMessage): void {
  const server = (req.socket as { server?: EventEmitter }).server;
  if (!server || watchedServers.has(server)) return;
  watchedServers.add(server);
  server.prependListener('connection', (socket: Socket) => void socket.remoteAddress);
}

/** The proxy's fetch with the peer address, which a `Request` cannot carry, as `info.clientIp`. */
const withClientIp =
  (server: Handler): NodeFetchHandler =>
  (request, req) => {
    rememberPeers(req);
    const clientIp = req.socket.remoteAddress;
    // A TCP socket (it has a local address; a Unix socket has neither) whose peer is gone:
    // reset before its request was handled. No one to answer and no address to charge, so
    // nothing is done, as if the connection had dropped a moment sooner.
    if (!clientIp && req.socket.localAddress) return Promise.resolve(Response.error());
    return server.fetch(request, { clientIp });
  };

const internalError = () => Response.json({ code: 'internal_error' }, { status: 500 });

/** Methods Node accepts but the fetch API cannot carry. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Why the request cannot become a `Request` as it is, if it cannot. */
function malformedRequest(req: IncomingMessage): RequestInfo['malformed'] {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return { reason: 'method', method };
  const host = req.headers.host;
  if (host !== undefined) {
    try {
      new URL(`http://${host}/`);
    } catch {
      return { reason: 'host', method };
    }
  }
  return undefined;
}

/**
 * A request the fetch API cannot carry (`TRACE`, a Host such as `a b`) is still the
 * server's to answer, with a problem and a log line: it gets a stand-in `GET` for its path.
 */
async function serveMalformed(
  server: Handler,
  req: IncomingMessage,
  res: ServerResponse,
  malformed: NonNullable<RequestInfo['malformed']>,
): Promise<void> {
  rememberPeers(req);
  const path = (req.url ?? '/').startsWith('/') ? req.url! : '/';
  let stand: Request;
  try {
    stand = new Request(new URL(path, 'http://localhost'));
  } catch {
    stand = new Request('http://localhost/');
  }
  const response = await server
    .fetch(stand, { clientIp: req.socket.remoteAddress, malformed })
    .catch(internalError);
  res.setHeader('connection', 'close');
  await sendWebResponse(response, res);
}

/**
 * A `node:http` request listener for the whole proxy.
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(createNodeListener(ringback)).listen(8080);
 */
export function createNodeListener(
  server: Handler,
): (req: IncomingMessage, res: ServerResponse) => void {
  const handler = withClientIp(server);
  return (req, res) => {
    const malformed = malformedRequest(req);
    const served = malformed
      ? serveMalformed(server, req, res, malformed)
      : serveFetch(handler, req, res, { onError: internalError, lightweight: true });
    served.catch(() => req.socket.destroy());
  };
}

/**
 * Express / Connect middleware: handles the proxy's paths and passes everything else on.
 * Mount it before body parsers, at the path of `publicBaseUrl`.
 *
 * @example
 * app.use('/ringback', createNodeMiddleware(ringback));
 */
export function createNodeMiddleware(
  server: Pick<RingbackServer, 'fetch' | 'handles'>,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const handler = withClientIp(server);
  return (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!server.handles(path)) return next();
    const malformed = malformedRequest(req);
    const served = malformed
      ? serveMalformed(server, req, res, malformed)
      : serveFetch(handler, req, res, { onError: internalError, lightweight: true });
    served.catch(next);
  };
}
