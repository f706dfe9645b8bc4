// `#exotel-transport` on Node.js: the proxy's requests to Exotel over node:http(s) with
// kept-alive connections, rather than the global fetch. On Node 20 fetch costs about five
// times the CPU of a plain http.request per call (a web Request, a web stream for the
// body, another for the answer), and a create spends most of its time on that one call.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';

/** How long an idle connection is kept for the next call (servers' hints lower it). */
const IDLE_MS = 4_000;
/** Exotel's answers are a few kB; anything near this is not an answer to read. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface ExotelTransport {
  /** Takes only requests built with `Request` below. */
  fetch: typeof fetch;
  /** The request class openapi-fetch builds with: the fields a send needs, no web stream. */
  Request: typeof Request;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** A request as openapi-fetch builds it, holding a string body as it is. */
export class OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(input: string | URL, init: RequestInit = {}) {
    if (init.body != null && typeof init.body !== 'string')
      throw new TypeError('the Exotel transport sends string bodies only');
    this.url = String(input);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = new Headers(init.headers);
    this.body = init.body ?? undefined;
    this.signal = init.signal ?? undefined;
  }
}

class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The proxy's connection to Exotel: one per server, closed with it. */
export function exotelTransport(): ExotelTransport | undefined {
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }),
  };

  function send(request: OutgoingRequest): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const { signal } = request;
      if (signal?.aborted) return reject(signal.reason);
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return reject(new TransportError('ERR_INVALID_URL', `Invalid URL: ${request.url}`));
      }
      const secure = url.protocol === 'https:';
      if (!secure && url.protocol !== 'http:')
        return reject(new TransportError('ERR_INVALID_URL', `${url.protocol} is not http(s)`));
      const headers: Record<string, string> = Object.fromEntries(request.headers);
      if (request.body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(request.body));

      let settled = false;
      const settle = (error: unknown, response?: Response) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(signal?.aborted ? signal.reason : error);
      };
      const onAbort = () => outgoing.destroy(signal!.reason as Error);
      const outgoing = (secure ? httpsRequest : httpRequest)(
        url,
        { method: request.method, headers, agent: secure ? agents.https : agents.http },
        (incoming) => read(incoming, settle),
      );
      outgoing.on('error', (error) => settle(error));
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.end(request.body);
    });
  }

  return {
    fetch: ((request: OutgoingRequest) => send(request)) as unknown as typeof fetch,
    Request: OutgoingRequest as unknown as typeof Request,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** Reads the whole answer, then settles with it as a Response. */
function read(
  incoming: IncomingMessage,
  settle: (error: unknown, response?: Response) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  incoming.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      const error = new TransportError(
        'ERR_RINGBACK_RESPONSE_TOO_LARGE',
        `Exotel's answer is over ${MAX_RESPONSE_BYTES} bytes`,
      );
      settle(error);
      incoming.destroy(error);
      return;
    }
    chunks.push(chunk);
  });
  incoming.on('error', (error) => settle(error));
  incoming.on('close', () => {
    if (!incoming.complete)
      settle(
        new TransportError('ECONNRESET', "the connection closed before Exotel's answer ended"),
      );
  });
  incoming.on('end', () => {
    try {
      const headers = new Headers();
      const raw = incoming.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      const body = Buffer.concat(chunks, size).toString('utf8');
      settle(
        undefined,
        new BufferedResponse(body, {
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          headers,
        }),
      );
    } catch (error) {
      settle(error);
    }
  });
}
