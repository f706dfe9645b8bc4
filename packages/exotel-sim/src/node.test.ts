import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCallback, checkResponse } from '../test/conformance.js';
import { basicAuth, START } from '../test/harness.js';
import { listen, type RunningServer, type ServedSimulator, serveExotelSimulator } from './node.js';

const creds = { accountSid: 'acme', apiKey: 'k', apiToken: 't' };
const auth = { authorization: basicAuth('k', 't') };
const form = { From: '+919876543210', To: '+919812345678', CallerId: '08047112400' };

const open: (RunningServer | ServedSimulator)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof serveExotelSimulator>[0] = {}) {
  const served = await serveExotelSimulator({
    ...creds,
    clock: 'manual',
    startTime: START,
    ...options,
  });
  open.push(served);
  return served;
}

async function post(url: string, body: BodyInit, headers: Record<string, string> = auth) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return checkResponse('POST', url, response);
}

describe('Node listener on loopback', () => {
  it('serves the Exotel API over real HTTP', async () => {
    const { url, sim, host, port } = await serve();
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(host).toBe('127.0.0.1');
    const res = await post(`${url}/v1/Accounts/acme/Calls/connect.json`, new URLSearchParams(form));
    expect(res.status).toBe(200);
    const sid = (res.body.Call as { Sid: string }).Sid;
    await sim.clock.advance(60_000);
    const read = await fetch(`${url}/v1/Accounts/acme/Calls/${sid}.json?details=true`, {
      headers: auth,
    });
    const checked = await checkResponse('GET', read.url, read);
    expect(checked.body.Call).toMatchObject({ Status: 'completed', RecordingUrl: '' });
  });

  it('puts the listener’s origin in RecordingUrl', async () => {
    const { url, sim } = await serve();
    const res = await post(
      `${url}/v1/Accounts/acme/Calls/connect.json`,
      new URLSearchParams({ ...form, Record: 'true' }),
    );
    await sim.clock.advance(60_000);
    const recordingUrl = sim.call((res.body.Call as { Sid: string }).Sid)!.recordingUrl!;
    expect(recordingUrl.startsWith(`${url}/recordings/acme/`)).toBe(true);
    // Recording links need the API credentials, as Exotel's do.
    const audio = await fetch(recordingUrl, { headers: auth });
    expect(audio.status).toBe(200);
    expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('destroys the socket on a reset fault, and keeps serving', async () => {
    const { url, sim } = await serve();
    sim.faults.next({ target: 'connect', fault: { type: 'reset' } });
    await expect(
      fetch(`${url}/v1/Accounts/acme/Calls/connect.json`, {
        method: 'POST',
        headers: auth,
        body: new URLSearchParams(form),
      }),
    ).rejects.toThrow(TypeError);
    const res = await post(`${url}/v1/Accounts/acme/Calls/connect.json`, new URLSearchParams(form));
    expect(res.status).toBe(200);
  });

  it('refuses oversized bodies with 413, declared or not, without crashing', async () => {
    const { url } = await serve({ maxBodyBytes: 2048 });
    const big = new URLSearchParams({ ...form, CustomField: 'x'.repeat(10_000) }).toString();
    const declared = await post(`${url}/v1/Accounts/acme/Calls/connect.json`, big, {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(declared.status).toBe(413);
    // Chunked: no Content-Length, so the limit trips while streaming.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/v1/Accounts/acme/Calls/connect.json`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(big.slice(0, 5000));
      req.end(big.slice(5000));
    });
    expect(status).toBe(413);
    const ok = await post(`${url}/v1/Accounts/acme/Calls/connect.json`, new URLSearchParams(form));
    expect(ok.status).toBe(200);
  });

  it('delivers StatusCallbacks over real HTTP with the default fetch', async () => {
    const received: Record<string, unknown>[] = [];
    const receiver = await listen({
      async fetch(request) {
        received.push(await checkCallback(request));
        return new Response('ok');
      },
    });
    open.push(receiver);
    const { url, sim } = await serve();
    await post(
      `${url}/v1/Accounts/acme/Calls/connect.json`,
      new URLSearchParams({
        ...form,
        StatusCallback: `${receiver.url}/cb?token=x`,
        'StatusCallbackEvents[0]': 'terminal',
        'StatusCallbackEvents[1]': 'answered',
      }),
    );
    await sim.clock.advance(60_000);
    expect(received.map((body) => body.EventType)).toEqual(['answered', 'answered', 'terminal']);
    expect(sim.deliveries().every((d) => d.state === 'delivered')).toBe(true);
  });

  it('answers 500 if a handler throws, and reports a taken port', async () => {
    const broken = await listen({
      fetch: () => Promise.reject(new Error('boom')),
    });
    open.push(broken);
    expect((await fetch(broken.url)).status).toBe(500);
    await expect(
      listen({ fetch: async () => new Response() }, { port: broken.port }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
