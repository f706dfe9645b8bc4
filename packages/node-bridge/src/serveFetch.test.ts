import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFetchListener,
  type NodeFetchHandler,
  type ServeFetchOptions,
} from './serveFetch.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

/** Listens on loopback with `handler` behind the bridge; returns the port. */
async function serve(handler: NodeFetchHandler, options?: ServeFetchOptions): Promise<number> {
  server = createServer(createFetchListener(handler, options));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Writes raw bytes; resolves with everything the server sent before the connection closed. */
function raw(
  port: number,
  text: string,
  then: 'end' | 'destroy' | 'wait' = 'wait',
): Promise<{ answer: string; socket: ReturnType<typeof connect> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.once('close', () => resolve({ answer, socket }));
    socket.once('error', () => {});
    socket.write(text, () => {
      if (then === 'end') socket.end();
      if (then === 'destroy') socket.destroy();
    });
  });
}

describe('createFetchListener', () => {
  it('gives the handler the request, its body, and the Node request it came from', async () => {
    const port = await serve(async (request, req: IncomingMessage) =>
      Response.json({
        url: request.url,
        method: request.method,
        agent: request.headers.get('x-agent'),
        body: await request.text(),
        peer: req.socket.remoteAddress,
      }),
    );
    const response = await fetch(`http://127.0.0.1:${port}/v1/calls?x=1`, {
      method: 'POST',
      headers: { 'x-agent': 'test' },
      body: 'hello',
    });
    expect(await response.json()).toEqual({
      url: `http://127.0.0.1:${port}/v1/calls?x=1`,
      method: 'POST',
      agent: 'test',
      body: 'hello',
      peer: '127.0.0.1',
    });
  });

  it('uses the address the client connected to when there is no Host header', async () => {
    const port = await serve(async (request) => new Response(request.url));
    const { answer } = await raw(port, 'GET /path HTTP/1.0\r\n\r\n');
    expect(answer).toContain(`http://127.0.0.1:${port}/path`);
  });

  it('destroys the socket for Response.error(), and keeps serving', async () => {
    let reset = true;
    const port = await serve(async () => (reset ? Response.error() : new Response('ok')));
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(TypeError);
    reset = false;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
  });

  it('answers a handler that throws with onError, or a plain 500', async () => {
    const failing = async () => {
      throw new Error('boom');
    };
    let port = await serve(failing, {
      onError: () => Response.json({ code: 'internal_error' }, { status: 500 }),
    });
    const custom = await fetch(`http://127.0.0.1:${port}/`);
    expect([custom.status, await custom.json()]).toEqual([500, { code: 'internal_error' }]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    port = await serve(failing);
    const plain = await fetch(`http://127.0.0.1:${port}/`);
    expect([plain.status, await plain.text()]).toEqual([500, 'Internal Server Error']);
  });

  it('fails the body of a client that hangs up mid-upload, so the handler can refuse it', async () => {
    const outcome = vi.fn();
    const port = await serve(async (request) => {
      await request.text().then(
        () => outcome('read'),
        () => outcome('failed'),
      );
      return new Response(null, { status: 400 });
    });
    const head = 'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 500\r\n\r\n';
    await raw(port, `${head}{"half":`, 'destroy');
    await vi.waitFor(() => expect(outcome).toHaveBeenCalledWith('failed'));
  });

  it('stops reading a body the handler cancels, answers, and closes the connection', async () => {
    const port = await serve(async (request) => {
      const reader = request.body!.getReader();
      await reader.read();
      await reader.cancel();
      return new Response('too large', { status: 413 });
    });
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    // The cancelled stream left nothing behind: the listener still answers.
    const head = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' });
    expect(head.status).toBe(413);
  });
});
