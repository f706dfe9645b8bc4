import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type NodeBodyResult, readNodeBody } from './bodyProtocol.js';
import { createFetchListener, type NodeFetchHandler } from './serveFetch.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

async function serve(handler: NodeFetchHandler): Promise<string> {
  server = createServer(createFetchListener(handler, { lightweight: true }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the request the bridge hands a handler', () => {
  it('is a Request: url, method, headers and every other member answer as a real one', async () => {
    const seen: unknown[] = [];
    const url = await serve(async (request) => {
      seen.push(
        request instanceof Request,
        Object.prototype.toString.call(request),
        request.method,
        request.url,
        request.headers.get('x-agent'),
        request.bodyUsed,
        request.cache,
        request.signal.aborted,
      );
      const copy = request.clone();
      seen.push(await copy.text(), await request.json(), request.bodyUsed);
      return new Response('ok');
    });
    await fetch(`${url}/v1/calls?x=1`, {
      method: 'POST',
      headers: { 'x-agent': 'test' },
      body: '{"a":1}',
    });
    expect(seen).toEqual([
      true,
      '[object Request]',
      'POST',
      `${url}/v1/calls?x=1`,
      'test',
      false,
      'default',
      false,
      '{"a":1}',
      { a: 1 },
      true,
    ]);
  });

  it('reads a whole body straight from the socket (READ_NODE_BODY), once', async () => {
    const seen: unknown[] = [];
    const url = await serve(async (request) => {
      const result = (await readNodeBody(request, 1024)) as NodeBodyResult & { bytes: Uint8Array };
      seen.push(
        new TextDecoder().decode(result.bytes),
        request.bodyUsed,
        readNodeBody(request, 1024),
      );
      await expect(request.text()).resolves.toBe('');
      return new Response('ok');
    });
    await fetch(url, { method: 'POST', body: 'hello' });
    // Chunked, in several writes.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('hel'));
        controller.enqueue(new TextEncoder().encode('lo'));
        controller.close();
      },
    });
    await fetch(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(seen).toEqual(['hello', true, undefined, 'hello', true, undefined]);
  });

  it('refuses a body over the cap, declared or sent, and closes the connection after the answer', async () => {
    const results: unknown[] = [];
    const url = await serve(async (request) => {
      results.push(await readNodeBody(request, 8));
      return new Response('refused', { status: 413 });
    });
    const declared = await fetch(url, { method: 'POST', body: 'x'.repeat(100) });
    const chunked = await fetch(url, {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(1024));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect([declared.status, chunked.status]).toEqual([413, 413]);
    expect(chunked.headers.get('connection')).toBe('close');
    expect(results).toEqual([
      { ok: false, reason: 'too_large' },
      { ok: false, reason: 'too_large' },
    ]);
  });

  it('tells a body cut short by the client apart, and aborts the signal', async () => {
    const seen = vi.fn();
    const url = new URL(
      await serve(async (request) => {
        const result = await readNodeBody(request, 1024);
        seen(result, request.signal.aborted);
        return new Response(null, { status: 400 });
      }),
    );
    const socket = connect(Number(url.port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write('POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 500\r\n\r\n{"half":', () =>
      socket.destroy(),
    );
    await vi.waitFor(() =>
      expect(seen).toHaveBeenCalledWith({ ok: false, reason: 'incomplete' }, true),
    );
  });

  it('answers url and headers again after the answer, having let go of its copies', async () => {
    let kept: Request | undefined;
    const url = await serve(async (request) => {
      kept = request;
      return new Response(`${request.url} ${request.headers.get('x-agent')}`);
    });
    const answer = await (await fetch(`${url}/a?b=1`, { headers: { 'x-agent': 'test' } })).text();
    expect(answer).toBe(`${url}/a?b=1 test`);
    expect(`${kept!.url} ${kept!.headers.get('x-agent')}`).toBe(answer);
  });

  it('defers to the stream when a body parser mounted earlier has read the body', async () => {
    const seen: unknown[] = [];
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => {
        (req as { body?: unknown }).body = JSON.parse(text);
        createFetchListener(
          async (request) => {
            seen.push(readNodeBody(request, 1024), await request.json());
            return new Response('ok');
          },
          { lightweight: true },
        )(req, res);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"parsed":true}' });
    expect(seen).toEqual([undefined, { parsed: true }]);
  });
});
