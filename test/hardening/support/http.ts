// Plain node:http requests, for what fetch cannot do: choose the local address (a second
// visitor on 127.0.0.2) and hold many event streams open on their own sockets.
import { type IncomingMessage, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  response: IncomingMessage;
  /** Reads the rest of the body. */
  text(): Promise<string>;
  /** Drops the connection (ends an event stream from the client's side). */
  close(): void;
}

export function httpRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** The client's address, e.g. 127.0.0.2 for a second visitor. @default 127.0.0.1 */
    localAddress?: string;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        localAddress: options.localAddress ?? '127.0.0.1',
        agent: false,
      },
      (response) => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          response,
          text: () =>
            new Promise((done, fail) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                text += chunk;
              });
              response.once('end', () => done(text));
              response.once('error', fail);
            }),
          close: () => {
            response.destroy();
            req.destroy();
          },
        });
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}
