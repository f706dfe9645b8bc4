import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendWebResponse } from './sendWebResponse.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

/** Serves `respond` once per request; returns the origin. */
async function serve(respond: (res: ServerResponse, req: IncomingMessage) => unknown) {
  server = createServer((req, res) => {
    void respond(res, req);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** One raw GET; resolves with what arrived in each `data` event. */
function rawGet(port: number, until: (text: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: string[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk.toString());
      if (until(chunks.join(''))) {
        socket.destroy();
        resolve(chunks);
      }
    });
    socket.once('error', reject);
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
  });
}

describe('sendWebResponse', () => {
  it('sends a JSON body in one write, headers included, with its Content-Length', async () => {
    const body = JSON.stringify({ id: 'call_x', pad: 'x'.repeat(500) });
    let spies: { write: unknown; flush: unknown } | undefined;
    const port = await serve(async (res) => {
      const write = vi.spyOn(res, 'write');
      const flush = vi.spyOn(res, 'flushHeaders');
      spies = { write, flush };
      await sendWebResponse(
        new Response(body, {
          status: 202,
          headers: { 'content-type': 'application/json', location: '/v1/calls/call_x' },
        }),
        res,
      );
    });
    const chunks = await rawGet(port, (text) => text.endsWith(body));
    const text = chunks.join('');
    expect(text).toMatch(/^HTTP\/1\.1 202 /);
    expect(text.toLowerCase()).toContain(`content-length: ${Buffer.byteLength(body)}\r\n`);
    expect(text.toLowerCase()).not.toContain('transfer-encoding');
    expect(text.toLowerCase()).toContain('location: /v1/calls/call_x');
    expect(spies!.write).not.toHaveBeenCalled();
    expect(spies!.flush).not.toHaveBeenCalled();
    // One write on the socket arrives as one segment on loopback.
    expect(chunks).toHaveLength(1);
  });

  it('keeps Set-Cookie headers apart and sends an empty body with no length trouble', async () => {
    const port = await serve((res) => {
      const headers = new Headers();
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return sendWebResponse(new Response(null, { status: 204, headers }), res);
    });
    const text = (await rawGet(port, (t) => t.includes('\r\n\r\n'))).join('');
    expect(text).toMatch(/^HTTP\/1\.1 204 /);
    expect(text).toContain('set-cookie: a=1\r\nset-cookie: b=2\r\n');
  });

  it('streams an event stream: headers at once, each event as it comes', async () => {
    let push: ((text: string) => void) | undefined;
    let cancelled = false;
    const port = await serve((res) =>
      sendWebResponse(
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              push = (text) => controller.enqueue(new TextEncoder().encode(text));
            },
            cancel() {
              cancelled = true;
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
        res,
      ),
    );
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const arrived = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (received.includes(text)) {
            socket.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: Buffer) => {
          received += chunk.toString();
          check();
        };
        socket.on('data', onData);
        check();
      });
    socket.write('GET / HTTP/1.1\r\nHost: test\r\n\r\n');
    // Headers before any event exists.
    await arrived('\r\n\r\n');
    expect(received.toLowerCase()).toContain('content-type: text/event-stream');
    expect(received.toLowerCase()).not.toContain('content-length');
    push!('data: one\n\n');
    await arrived('data: one');
    push!('data: two\n\n');
    await arrived('data: two');
    socket.destroy();
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });

  it('streams a body too large to hold, intact', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const port = await serve((res) =>
      sendWebResponse(
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              for (let sent = 0; sent < size; sent += 64 * 1024)
                controller.enqueue(new Uint8Array(Math.min(64 * 1024, size - sent)).fill(7));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'application/octet-stream' } },
        ),
        res,
      ),
    );
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.byteLength).toBe(size);
    expect(bytes.every((b) => b === 7)).toBe(true);
  });

  it('sends string chunks of a hand-made stream, and ends a body that fails', async () => {
    let pulls = 0;
    const port = await serve((res, req) =>
      sendWebResponse(
        new Response(
          new ReadableStream<string>({
            pull(controller) {
              pulls++;
              if (pulls === 1) controller.enqueue('hello ');
              else if (req.url === '/fail') controller.error(new Error('broken'));
              else if (pulls === 2) controller.enqueue('world');
              else controller.close();
            },
          }) as unknown as ReadableStream<Uint8Array>,
        ),
        res,
      ),
    );
    const ok = await fetch(`http://127.0.0.1:${port}/`);
    expect(ok.headers.get('content-length')).toBe('11');
    expect(await ok.text()).toBe('hello world');
    pulls = 0;
    const failed = await fetch(`http://127.0.0.1:${port}/fail`);
    expect(failed.status).toBe(200);
    expect(await failed.text()).toBe('hello ');
  });
});
