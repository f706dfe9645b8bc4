import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RingbackServer } from '../createRingbackServer.js';
import { type NodeFetchHandler, serveFetch } from '../generated/nodeBridge/serveFetch.js';

export { sendWebResponse } from '../generated/nodeBridge/sendWebResponse.js';
export { toWebRequest } from '../generated/nodeBridge/toWebRequest.js';

type Handler = Pick<RingbackServer, 'fetch'>;

/** The proxy's fetch with the peer address, which a `Request` cannot carry, as `info.clientIp`. */
const withClientIp =
  (server: Handler): NodeFetchHandler =>
  (request, req) =>
    server.fetch(request, { clientIp: req.socket.remoteAddress });

const internalError = () => Response.json({ code: 'internal_error' }, { status: 500 });

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
    serveFetch(handler, req, res, { onError: internalError }).catch(() => req.socket.destroy());
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
    serveFetch(handler, req, res, { onError: internalError }).catch(next);
  };
}
