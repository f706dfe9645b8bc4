import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readNodeBody } from './bodyProtocol.js';
import {
  createFetchListener,
  DRAIN_MAX_BYTES,
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

/**
 * A raw keep-alive connection: `send` writes bytes, `answer` waits for the next whole
 * response (its head, and a body of its Content-Length).
 */
function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let buffer = '';
  let closed = false;
  let wake: (() => void) | undefined;
  const woken = () => {
    wake?.();
    wake = undefined;
  };
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    woken();
  });
  socket.once('close', () => {
    closed = true;
    woken();
  });
  socket.once('error', () => {});
  return {
    send: (text: string) => socket.write(text),
    closed: () => closed,
    async answer(): Promise<{ head: string; body: string }> {
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (end >= 0 && buffer.length >= end + 4 + length) {
          const answer = {
            head: buffer.slice(0, end),
            body: buffer.slice(end + 4, end + 4 + length),
          };
          buffer = buffer.slice(end + 4 + length);
          return answer;
        }
        if (closed) throw new Error(`the connection closed; received: ${JSON.stringify(buffer)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}

describe('a body the handler answers before', () => {
  const head = (headers: string) => `POST /first HTTP/1.1\r\nHost: test\r\n${headers}\r\n`;
  const next = 'GET /next HTTP/1.1\r\nHost: test\r\n\r\n';

  /** Answers 404 at once (unless `use` reads the body first), noting each path. */
  async function refusing(options: ServeFetchOptions, use?: (request: Request) => Promise<void>) {
    const paths: string[] = [];
    const port = await serve(async (request) => {
      paths.push(new URL(request.url).pathname);
      await use?.(request);
      return new Response('no', { status: 404 });
    }, options);
    return { conn: connection(port), paths };
  }

  it('drains a small body left unread, come with the head or after the answer, and keeps the connection', async () => {
    const { conn, paths } = await refusing({ lightweight: true });
    // Sent whole: Node parses the body only after the answer was made.
    conn.send(`${head('Content-Length: 11\r\n')}hello world`);
    const whole = await conn.answer();
    expect(whole.head).toMatch(/^HTTP\/1\.1 404/);
    expect(whole.head).not.toMatch(/connection: close/i);
    // The head alone; its body, then the next request, once the answer is in.
    conn.send(head('Content-Length: 11\r\n'));
    expect((await conn.answer()).head).not.toMatch(/connection: close/i);
    conn.send(`hello world${next}`);
    expect((await conn.answer()).head).toMatch(/^HTTP\/1\.1 404/);
    expect(paths).toEqual(['/first', '/first', '/next']);
    expect(conn.closed()).toBe(false);
  });

  it('drains what is left after a direct read gave up on a body over its cap', async () => {
    const { conn, paths } = await refusing({ lightweight: true }, async (request) => {
      expect(await readNodeBody(request, 4)).toEqual({ ok: false, reason: 'too_large' });
    });
    conn.send(`${head('Content-Length: 11\r\n')}hello`);
    expect((await conn.answer()).head).not.toMatch(/connection: close/i);
    conn.send(` world${next}`);
    await conn.answer();
    expect(paths).toEqual(['/first', '/next']);
  });

  it.each([
    [
      'a rest over DRAIN_MAX_BYTES',
      { lightweight: true },
      `Content-Length: ${DRAIN_MAX_BYTES + 1}\r\n`,
    ],
    ['a rest of unknown length (chunked)', { lightweight: true }, 'Transfer-Encoding: chunked\r\n'],
    ['a body a web stream was made for', { lightweight: false }, 'Content-Length: 11\r\n'],
  ] as const)('closes the connection after the answer for %s', async (_, options, headers) => {
    const { conn } = await refusing(options);
    conn.send(head(headers));
    expect((await conn.answer()).head).toMatch(/connection: close/i);
    await vi.waitFor(() => expect(conn.closed()).toBe(true));
  });

  it('closes it when the handler made a web stream for the body and left it unread', async () => {
    const { conn } = await refusing({ lightweight: true }, async (request) => {
      expect(request.body).not.toBeNull();
    });
    conn.send(head('Content-Length: 11\r\n'));
    expect((await conn.answer()).head).toMatch(/connection: close/i);
  });
});
