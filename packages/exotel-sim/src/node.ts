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
import { createFetchListener } from './generated/nodeBridge/serveFetch.js';

/** Anything with a fetch handler: the simulator, or a wrapper around it. */
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

/**
 * A `node:http` request listener serving `handler`. A `Response.error()` answer
 * (the `reset` fault) destroys the socket, as a dropped connection would.
 */
export function createNodeListener(
  handler: FetchHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return createFetchListener((request) => handler.fetch(request));
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
