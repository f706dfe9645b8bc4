import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toWebRequest } from './toWebRequest.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

/** Sends one request; resolves with what `toWebRequest` made of it, after `prepare`. */
async function convert(
  init: RequestInit & { path?: string },
  prepare: (req: IncomingMessage & Record<string, unknown>) => Promise<void> | void = () => {},
) {
  let seen: Promise<{ url: string; headers: [string, string][]; body: string }> | undefined;
  server = createServer(async (req, res) => {
    await prepare(req as IncomingMessage & Record<string, unknown>);
    const request = toWebRequest(req);
    seen = request
      .text()
      .then((body) => ({ url: request.url, headers: [...request.headers], body }));
    await seen;
    res.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}${init.path ?? '/'}`, init);
  return { port, ...(await seen!) };
}

describe('toWebRequest', () => {
  it('keeps the URL, every header in order and the streamed body', async () => {
    const { port, url, headers, body } = await convert({
      path: '/a/b?c=d',
      method: 'POST',
      headers: { 'x-one': '1', 'content-type': 'text/plain' },
      body: 'x'.repeat(100_000),
    });
    expect(url).toBe(`http://127.0.0.1:${port}/a/b?c=d`);
    expect(headers).toContainEqual(['x-one', '1']);
    expect(body).toHaveLength(100_000);
  });

  it('undoes Express mounting and rebuilds a body a parser already read', async () => {
    const { port, url, body } = await convert(
      {
        path: '/calls',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&b=2',
      },
      async (req) => {
        // What app.use('/ringback', …) after express.urlencoded() leaves behind.
        req.originalUrl = '/ringback/calls';
        req.resume();
        await new Promise((resolve) => req.once('end', resolve));
        req.body = { a: '1', b: '2' };
      },
    );
    expect(url).toBe(`http://127.0.0.1:${port}/ringback/calls`);
    expect(body).toBe('a=1&b=2');
  });
});
