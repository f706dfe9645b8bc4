import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RingbackServer } from '../createRingbackServer.js';
import { sendWebResponse } from './sendWebResponse.js';
import { toWebRequest } from './toWebRequest.js';

export { sendWebResponse } from './sendWebResponse.js';
export { toWebRequest } from './toWebRequest.js';

type Handler = Pick<RingbackServer, 'fetch'>;

async function serve(server: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await server.fetch(toWebRequest(req), { clientIp: req.socket.remoteAddress });
  } catch {
    response = Response.json({ code: 'internal_error' }, { status: 500 });
  }
  // The handler stopped reading a body (too large, refused): close the connection
  // rather than read the rest of an upload nobody wants.
  if (!req.complete) res.setHeader('connection', 'close');
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
  return (req, res) => {
    void serve(server, req, res);
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
  return (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!server.handles(path)) return next();
    serve(server, req, res).catch(next);
  };
}
