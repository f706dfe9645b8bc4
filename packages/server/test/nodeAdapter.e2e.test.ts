// What the proxy needs from the Node bridge (@ringback/server/node), over real sockets:
// the peer address, event streams that end when the client goes away, a refusal for a
// body cut off mid-upload, and a JSON 500 when the handler fails.
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestInfo } from '../src/calls/ServerContext.js';
import type { Store } from '../src/domain/Store.js';
import { createNodeListener } from '../src/node/index.js';
import { createRedisStore } from '../src/redis.js';
import { type Harness, listenOn, ORIGIN, startHarness } from './harness.js';
import { startRedisServer } from './redisServer.js';

let h: Harness | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const close of closers.splice(0)) await close();
});

/** Writes raw bytes to the proxy, then drops the connection (after `waitMs` for an answer). */
function sendAndHangUp(url: string, text: string, waitMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.once('close', () => resolve(answer));
    socket.once('error', () => {});
    socket.write(text, () =>
      waitMs ? setTimeout(() => socket.destroy(), waitMs) : socket.destroy(),
    );
  });
}

/**
 * POSTs `body` over `agent`, sending it only once the answer has come (as a refusal
 * answered from the head alone does); resolves the answer, its text and whether the
 * request went out on a connection the agent had kept.
 */
function postAfterAnswer(
  url: string,
  agent: Agent,
  headers: Record<string, string>,
  body: string,
): Promise<{ response: IncomingMessage; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    req.once('error', reject);
    req.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      response.once('end', () => resolve({ response, text, reused: req.reusedSocket }));
      req.end(body);
    });
    req.flushHeaders();
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

  it('answers forged StatusCallbacks and unknown paths from their head alone, keeping the connection', async () => {
    h = await startHarness();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    closers.push(async () => agent.destroy());
    const multipart = 'multipart/form-data; boundary=b';
    const body = `--b\r\nContent-Disposition: form-data; name="Status"\r\n\r\ncompleted\r\n--b--\r\n`;
    const forged = `${h.url}/v1/exotel/status-callback?call=call_AAAAAAAAAAAAAAAAAAAAAAAA&token=forged`;
    const answers = [];
    for (const url of [forged, forged, `${h.url}/v1/nowhere`])
      answers.push(await postAfterAnswer(url, agent, { 'content-type': multipart }, body));
    expect(answers.map((a) => [a.response.statusCode, JSON.parse(a.text).code])).toEqual([
      [403, 'callback_forbidden'],
      [403, 'callback_forbidden'],
      [404, 'not_found'],
    ]);
    // Each body arrived after its answer, was drained, and the one connection served all three.
    expect(answers.map((a) => a.response.headers.connection)).toEqual(Array(3).fill('keep-alive'));
    expect(answers.map((a) => a.reused)).toEqual([false, true, true]);
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

  it('charges a create reset right after sending to its sender, never to a shared bucket', async () => {
    h = await startHarness();
    const direct = await listenOn(createNodeListener(h.server));
    closers.push(() => direct.close());
    // One client cycles numbers, resetting each connection as soon as the request is out.
    for (let i = 0; i < 12; i++) {
      const body = JSON.stringify({ widgetId: 'support', phone: `+9198123450${10 + i}` });
      await new Promise<void>((resolve) => {
        const socket = connect(direct.port, '127.0.0.1', () => {
          socket.write(
            `POST /v1/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\n` +
              `Content-Type: application/json\r\nIdempotency-Key: reset-after-send-${i}\r\n` +
              `Content-Length: ${body.length}\r\n\r\n${body}`,
            () => {
              socket.resetAndDestroy();
              resolve();
            },
          );
        });
        socket.once('error', () => {});
      });
    }
    await vi.waitFor(() =>
      expect(
        h!.logs.filter((l) => l.msg === 'request' || l.msg === 'call state').length,
      ).toBeGreaterThan(0),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Every request handled was charged to 127.0.0.1: 3 distinct numbers, then refusals.
    const requests = h.logs.filter((l) => l.msg === 'request' && l.path === '/v1/calls');
    for (const line of requests) expect(line.ip).toBe('127.0.0.1');
    expect((await h.simStats()).connectRequests).toBeLessThanOrEqual(3);
  });

  it.each(['memory', 'redis'])(
    'releases the stream slot of a client that closes right after asking (%s store)',
    async (kind) => {
      // With Redis the call is read over the network first: the client is gone before the
      // stream exists. Every slot must still be released.
      let store: Store | undefined;
      if (kind === 'redis') {
        const redis = await startRedisServer();
        closers.push(() => redis.stop());
        store = await createRedisStore({ url: redis.url, prefix: 'stream-slots' });
        const opened = store;
        closers.push(() => opened.close());
      }
      h = await startHarness({ config: { maxStreamsPerIp: 2, ...(store ? { store } : {}) } });
      const created = (await (
        await h.createCall({ widgetId: 'support', phone: '+919812345678' })
      ).json()) as { links: { events: string } };
      const direct = await listenOn(createNodeListener(h.server));
      closers.push(() => direct.close());
      const path = new URL(created.links.events).pathname;
      const url = `http://127.0.0.1:${direct.port}`;
      for (let i = 0; i < 30; i++)
        await sendAndHangUp(
          url,
          `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${ORIGIN}\r\n\r\n`,
        );
      // An honest visitor behind the same address still gets a stream.
      await vi.waitFor(async () => {
        const stream = await fetch(`${url}${path}`, { headers: { origin: ORIGIN } });
        expect(stream.status).toBe(200);
        await stream.body!.cancel();
      });
    },
  );

  it('answers what the fetch API cannot carry with a problem and a log line, not a 500', async () => {
    h = await startHarness();
    const direct = await listenOn(createNodeListener(h.server));
    closers.push(() => direct.close());
    const url = `http://127.0.0.1:${direct.port}`;
    const cases = [
      ['TRACE /v1/calls HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 405, 'method_not_allowed'],
      ['GET /v1/widgets/support HTTP/1.1\r\nHost: a b\r\n\r\n', 400, 'invalid_request'],
      ['GET /v1/widgets/support HTTP/1.1\r\nHost: [\r\n\r\n', 400, 'invalid_request'],
      ['GET /v1/widgets/support HTTP/1.1\r\nHost: x:99999\r\n\r\n', 400, 'invalid_request'],
    ] as const;
    for (const [raw, status, code] of cases) {
      const answer = await sendAndHangUp(url, raw, 300);
      expect(answer.split('\r\n')[0], raw).toBe(
        `HTTP/1.1 ${status} ${status === 405 ? 'Method Not Allowed' : 'Bad Request'}`,
      );
      expect(answer).toMatch(/x-content-type-options: nosniff/i);
      expect(JSON.parse(answer.slice(answer.indexOf('{')))).toMatchObject({ code });
    }
    const logged = h.logs.filter(
      (l) => l.msg === 'request' && (l.status === 405 || l.status === 400),
    );
    expect(logged.map((l) => l.method)).toEqual(['TRACE', 'GET', 'GET', 'GET']);
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
