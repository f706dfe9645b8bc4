import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExotelClient, ExotelError } from '@ringback/exotel';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExotelTransport, exotelTransport } from './exotelTransport.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const opened: { server: Server; transport: ExotelTransport }[] = [];

/** A real server on loopback, with the transport under test and every connection counted. */
async function upstream(handler: Handler) {
  const connections: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handler(req, body, res));
  });
  server.on('connection', (socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const transport = exotelTransport()!;
  opened.push({ server, transport });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = (path: string, init: RequestInit = {}) =>
    transport.fetch(new transport.Request(`${base}${path}`, init));
  return { base, transport, send, connections };
}

afterEach(async () => {
  for (const { server, transport } of opened.splice(0)) {
    transport.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const SID = { Call: { Sid: 'c0ffee', Status: 'in-progress' } };

describe('exotelTransport', () => {
  it('sends the method, headers and body, and answers with status, headers and text', async () => {
    const seen: {
      method?: string;
      url?: string;
      headers?: IncomingMessage['headers'];
      body?: string;
    } = {};
    const { send } = await upstream((req, body, res) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
      res.end(JSON.stringify(SID));
    });
    const response = await send('/v1/Calls/connect.json?x=1', {
      method: 'post',
      headers: {
        Authorization: 'Basic eHg6eXk=',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'From=%2B919812345678&To=%E0%A4%85',
    });
    expect(seen).toMatchObject({
      method: 'POST',
      url: '/v1/Calls/connect.json?x=1',
      body: 'From=%2B919812345678&To=%E0%A4%85',
    });
    expect(seen.headers).toMatchObject({
      authorization: 'Basic eHg6eXk=',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '33',
    });
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok]).toEqual([201, 'Made', true]);
    expect(response.headers.get('x-two')).toBe('a, b');
    expect(await response.json()).toEqual(SID);
  });

  it('keeps the connection for the next call', async () => {
    const { send, connections } = await upstream((_req, _body, res) => res.end('{}'));
    for (let i = 0; i < 5; i++) await (await send('/')).text();
    expect(connections).toHaveLength(1);
  });

  it('hands back an error answer whole, and it can be cloned', async () => {
    const { send } = await upstream((_req, _body, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"RestException":{"Message":"nope"}}');
    });
    const response = await send('/');
    expect(response.ok).toBe(false);
    expect(await response.clone().text()).toBe('{"RestException":{"Message":"nope"}}');
    expect(await response.text()).toBe('{"RestException":{"Message":"nope"}}');
  });

  it('decodes a UTF-8 character split across chunks', async () => {
    const { send } = await upstream((_req, _body, res) => {
      const bytes = Buffer.from('{"name":"अनु"}');
      res.write(bytes.subarray(0, 11));
      setTimeout(() => res.end(bytes.subarray(11)), 5);
    });
    expect(await (await send('/')).json()).toEqual({ name: 'अनु' });
  });

  it("rejects with the signal's reason when it aborts, and the server sees the request go", async () => {
    let gone!: () => void;
    const closed = new Promise<void>((resolve) => (gone = resolve));
    const { send } = await upstream((_req, _body, res) => res.on('close', gone));
    const error = await send('/', { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    await closed;
  });

  it('rejects at once for a signal already aborted, sending nothing', async () => {
    let requests = 0;
    const { send } = await upstream((_req, _body, res) => {
      requests++;
      res.end();
    });
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(send('/', { signal: controller.signal })).rejects.toThrow('gone');
    expect(requests).toBe(0);
  });

  it('rejects when the connection drops in the middle of the answer', async () => {
    const { send } = await upstream((_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"Call":');
      setTimeout(() => res.destroy(), 5);
    });
    await expect(send('/')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('refuses an answer over 1 MiB rather than holding it', async () => {
    const { send } = await upstream((_req, _body, res) => res.end('x'.repeat(1024 * 1024 + 1)));
    await expect(send('/')).rejects.toMatchObject({ code: 'ERR_RINGBACK_RESPONSE_TOO_LARGE' });
  });

  it('refuses a body that is not a string, and a URL that is not http(s)', async () => {
    const { transport } = await upstream((_req, _body, res) => res.end());
    expect(
      () => new transport.Request('http://x/', { method: 'POST', body: new Blob(['a']) }),
    ).toThrow('string bodies only');
    await expect(transport.fetch(new transport.Request('ftp://x/'))).rejects.toMatchObject({
      code: 'ERR_INVALID_URL',
    });
  });
});

describe('the Exotel client on this transport', () => {
  const client = (base: string, transport: ExotelTransport, timeoutMs = 10_000) =>
    createExotelClient({
      accountSid: 'acme',
      apiKey: 'key',
      apiToken: 'token',
      baseUrl: base,
      timeoutMs,
      fetch: transport.fetch,
      Request: transport.Request,
    });

  it('places a call: the form body, Basic auth, and the Call read back', async () => {
    let form = '';
    let auth = '';
    const { base, transport } = await upstream((req, body, res) => {
      form = body;
      auth = req.headers.authorization ?? '';
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          Call: {
            Sid: 'c0ffee',
            Status: 'in-progress',
            From: '09812345678',
            To: '09812345679',
            PhoneNumberSid: '08012345678',
            DateCreated: '2026-12-01 10:00:00',
            DateUpdated: '2026-12-01 10:00:00',
          },
        }),
      );
    });
    const call = await client(base, transport).connectCall({
      from: '+919812345678',
      to: '+919812345679',
      callerId: '08012345678',
    });
    expect(call.sid).toBe('c0ffee');
    expect(new URLSearchParams(form).get('From')).toBe('+919812345678');
    expect(auth).toBe(`Basic ${btoa('key:token')}`);
  });

  it('turns an Exotel refusal into an ExotelError with its message', async () => {
    const { base, transport } = await upstream((_req, _body, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"RestException":{"Status":401,"Message":"Authentication is required"}}');
    });
    const error = await client(base, transport)
      .getCall('c0ffee')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExotelError);
    expect(error).toMatchObject({ status: 401, message: 'Exotel 401: Authentication is required' });
  });

  it('a timeout is kind timeout; a refused connection never reached Exotel', async () => {
    const { base, transport } = await upstream(() => {});
    await expect(client(base, transport, 50).getCall('c0ffee')).rejects.toMatchObject({
      kind: 'timeout',
      mayHaveReachedExotel: true,
    });
    const closed = await upstream(() => {});
    const port = new URL(closed.base).port;
    const server = opened.splice(-1)[0]!.server;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(
      client(`http://127.0.0.1:${port}`, closed.transport).getCall('c0ffee'),
    ).rejects.toMatchObject({ kind: 'network', mayHaveReachedExotel: false });
    closed.transport.close();
  });
});
