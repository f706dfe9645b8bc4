// What the proxy needs from the Node bridge (@ringback/server/node), over real sockets:
// the peer address, event streams that end when the client goes away, a refusal for a
// body cut off mid-upload, and a JSON 500 when the handler fails.
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestInfo } from '../src/calls/ServerContext.js';
import { createNodeListener } from '../src/node/index.js';
import { type Harness, listenOn, ORIGIN, startHarness } from './harness.js';

let h: Harness | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const close of closers.splice(0)) await close();
});

/** Writes raw bytes to the proxy, then drops the connection. */
function sendAndHangUp(url: string, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.once('close', () => resolve(answer));
    socket.once('error', () => {});
    socket.write(text, () => socket.destroy());
  });
}

describe('createNodeListener', () => {
  it('passes the peer address as info.clientIp, and answers a failing handler with a JSON 500', async () => {
    const seen: (RequestInfo | undefined)[] = [];
    const http = await listenOn(
      createNodeListener({
        async fetch(request, info) {
          seen.push(info);
          if (new URL(request.url).pathname === '/fail') throw new Error('boom');
          return new Response('ok');
        },
      }),
    );
    closers.push(() => http.close());
    expect(await (await fetch(`http://127.0.0.1:${http.port}/`)).text()).toBe('ok');
    expect(seen).toEqual([{ clientIp: '127.0.0.1' }]);
    const failed = await fetch(`http://127.0.0.1:${http.port}/fail`);
    expect([failed.status, await failed.json()]).toEqual([500, { code: 'internal_error' }]);
  });

  it('refuses a create whose body is cut off mid-upload with 400 invalid_body', async () => {
    h = await startHarness();
    const head =
      `POST /v1/calls HTTP/1.1\r\nHost: ringback.test\r\nContent-Type: application/json\r\n` +
      `Origin: ${ORIGIN}\r\nIdempotency-Key: cut-off-1\r\nContent-Length: 500\r\n\r\n`;
    await sendAndHangUp(h.url, `${head}{"widgetId":"support",`);
    // The answer cannot reach a closed socket; the harness records what the proxy sent.
    await vi.waitFor(() => expect(h!.responses).toHaveLength(1));
    expect(h.responses[0]!.status).toBe(400);
    expect(JSON.parse(await h.responses[0]!.body)).toMatchObject({ code: 'invalid_body' });
  });

  it('ends an event stream when its client goes away', async () => {
    // One stream per address: a second is accepted only once the first has ended.
    h = await startHarness({ config: { maxStreamsPerIp: 1 } });
    const created = (await (
      await h.createCall({ widgetId: 'support', phone: '+919812345678' })
    ).json()) as { links: { events: string } };
    // Served straight through the bridge (the harness's own listener keeps a copy of each body).
    const direct = await listenOn(createNodeListener(h.server));
    closers.push(() => direct.close());
    const events = `http://127.0.0.1:${direct.port}${new URL(created.links.events).pathname}`;
    const first = await fetch(events, { headers: { origin: ORIGIN } });
    expect(first.status).toBe(200);
    expect((await fetch(events, { headers: { origin: ORIGIN } })).status).toBe(429);
    // The call is still ringing and nothing moves the clock: only the client leaving ends it.
    await first.body!.cancel();
    await vi.waitFor(async () => {
      const second = await fetch(events, { headers: { origin: ORIGIN } });
      expect(second.status).toBe(200);
      await second.body!.cancel();
    });
  });
});
