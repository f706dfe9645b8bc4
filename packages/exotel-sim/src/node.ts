/**
 * The simulator on a real port: glue between node:http and the fetch handler. The
 * only part of the package that needs Node; also where a `reset` fault can really
 * drop the connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createExotelSimulator,
  type ExotelSimulator,
  type ExotelSimulatorOptions,
} from './createExotelSimulator.js';

/** Anything with a fetch handler: the simulator, or a wrapper around it. */
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

/**
 * The request body as a web stream. Not `Readable.toWeb()`: on Node 20, data that
 * arrives after the handler cancels the stream (an oversized body refused with 413)
 * makes it throw an uncaught "Controller is already closed".
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      req.on('error', (error) => {
        if (finished) return;
        finished = true;
        controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      // Discard the rest; the response closes the connection.
      finished = true;
      req.resume();
    },
  });
}

function toRequest(req: IncomingMessage, fallbackHost: string): Request {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? fallbackHost}`);
  } catch {
    url = new URL(req.url ?? '/', `http://${fallbackHost}`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch refuses (control characters): drop it rather than fail.
    }
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    body: hasBody ? bodyStream(req) : undefined,
    // Node's fetch needs this to stream a request body.
    duplex: 'half',
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

/**
 * A `node:http` request listener serving `handler`. A `Response.error()` answer
 * (the `reset` fault) destroys the socket, as a dropped connection would.
 */
export function createNodeListener(
  handler: FetchHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const fallbackHost = `${req.socket.localAddress ?? 'localhost'}:${req.socket.localPort ?? 80}`;
    void (async () => {
      let response: Response;
      try {
        response = await handler.fetch(toRequest(req, fallbackHost));
      } catch {
        response = new Response('Internal Server Error', { status: 500 });
      }
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      // The handler stopped reading an oversized body: close the connection rather
      // than drain megabytes the client should not have sent.
      if (!req.complete) res.setHeader('connection', 'close');
      await writeResponse(response, res);
    })().catch(() => req.socket.destroy());
  };
}

export interface ListenOptions {
  /** `0` picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

export interface RunningServer {
  /** `http://host:port`, the base URL to give an Exotel client. */
  url: string;
  port: number;
  host: string;
  server: Server;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Serves `handler` (e.g. a simulator) over HTTP until `close()`. */
export function listen(handler: FetchHandler, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createNodeListener(handler));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        host,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A simulator and the server it runs on. */
export interface ServedSimulator extends RunningServer {
  sim: ExotelSimulator;
}

/**
 * Creates a simulator and serves it over HTTP in one step; `close()` stops both.
 *
 * @example const { url, sim, close } = await serveExotelSimulator({ clock: 'manual' });
 */
export async function serveExotelSimulator(
  options: ExotelSimulatorOptions & ListenOptions = {},
): Promise<ServedSimulator> {
  const { port, host, ...simOptions } = options;
  const sim = createExotelSimulator(simOptions);
  const running = await listen(sim, { port, host });
  return {
    ...running,
    sim,
    async close() {
      await running.close();
      await sim.close();
    },
  };
}
