import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferedResponse } from './BufferedResponse.js';
import { createFetchListener } from './serveFetch.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('BufferedResponse', () => {
  it('is a Response with the status, headers and body it was given', async () => {
    const response = BufferedResponse.json({ received: 'ñ' }, { status: 202 });
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.headers.get('content-type')]).toEqual([
      202,
      true,
      'application/json',
    ]);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ received: 'ñ' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(new BufferedResponse('x').headers.get('content-type')).toBe('text/plain;charset=UTF-8');
  });

  it('reads as a stream, as bytes, and clones like a Response', async () => {
    const streamed = new BufferedResponse('héllo');
    const copy = streamed.clone();
    expect(await new Response(streamed.body).text()).toBe('héllo');
    expect(streamed.bodyUsed).toBe(true);
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('héllo');
    const split = new BufferedResponse('abc');
    void split.body;
    const other = split.clone();
    expect([await split.text(), await other.text()]).toEqual(['abc', 'abc']);
    expect(await new BufferedResponse('a=1').formData().catch(() => 'refused')).toBe('refused');
  });

  it('is written by the bridge in one go, with its length', async () => {
    server = createServer(
      createFetchListener(async () =>
        BufferedResponse.json({ ok: 'ñ' }, { headers: { 'x-one': '1' } }),
      ),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"ok":"ñ"}')));
    expect(response.headers.get('x-one')).toBe('1');
    expect(await response.json()).toEqual({ ok: 'ñ' });
  });

  it('writes the Headers it was given without copying them, and copies them when they are read', async () => {
    const given = new Headers({ 'x-one': '1' });
    given.append('set-cookie', 'a=1');
    given.append('set-cookie', 'b=2');
    const response = new BufferedResponse('{}', { status: 201, headers: given });
    // Not copied: the bridge writes these, additions included.
    given.set('x-two', '2');
    expect(given.get('content-type')).toBe('text/plain;charset=UTF-8');
    const read = new BufferedResponse('x', { headers: new Headers({ 'x-three': '3' }) });
    expect(read.headers.get('x-three')).toBe('3');
    expect([...read.headers].length).toBe(2);

    server = createServer(createFetchListener(async () => response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(answer.status).toBe(201);
    expect([answer.headers.get('x-one'), answer.headers.get('x-two')]).toEqual(['1', '2']);
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(answer.headers.get('content-length')).toBe('2');
    expect(await answer.text()).toBe('{}');
  });

  it('has its given headers once they are read, and keeps them through clone()', async () => {
    const response = BufferedResponse.json({ a: 1 }, { headers: new Headers({ 'x-one': '1' }) });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-one')).toBe('1');
    response.headers.set('x-two', '2');
    const copy = response.clone();
    expect([copy.headers.get('x-one'), copy.headers.get('x-two')]).toEqual(['1', '2']);
    expect(await copy.json()).toEqual({ a: 1 });
  });
});
