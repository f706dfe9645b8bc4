import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding, serveStatic } from './serveStatic.js';

const SCRIPT = `export const widget = ${JSON.stringify('ringback '.repeat(4000))};\n`;
let server: Server;
let origin: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'ringback-static-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'ringback.js'), SCRIPT);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>tiny</title>');
  server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url!, 'http://x');
    if (!(await serveStatic(root, pathname, req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

/** A raw GET or HEAD (fetch would decompress the body and hide what came on the wire). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (done, fail) => {
      request(`${origin}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on('error', fail)
        .end();
    },
  );
}

describe('serveStatic: compression', () => {
  it('sends brotli when accepted, with its length and Vary', async () => {
    const res = await get('/assets/ringback.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client without brotli, and the file as it is to one without either', async () => {
    const gzipped = await get('/assets/ringback.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);

    const plain = await get('/assets/ringback.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(Number(plain.headers['content-length'])).toBe(SCRIPT.length);
  });

  it('leaves small files alone', async () => {
    const res = await get('/', { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toContain('<title>tiny</title>');
  });

  it('answers HEAD with the compressed length and no body', async () => {
    const head = await get('/assets/ringback.js', { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get('/assets/ringback.js', { 'accept-encoding': 'br' });
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
  });
});

describe('serveStatic: validators and caching', () => {
  it('tags each encoding apart and answers a matching If-None-Match with 304', async () => {
    const br = await get('/assets/ringback.js', { 'accept-encoding': 'br' });
    const gz = await get('/assets/ringback.js', { 'accept-encoding': 'gzip' });
    expect(br.headers.etag).toMatch(/^".+-br"$/);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['last-modified']).toBeTruthy();

    const again = await get('/assets/ringback.js', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // A tag of another encoding is another representation: the full answer.
    const other = await get('/assets/ringback.js', {
      'accept-encoding': 'br',
      'if-none-match': String(gz.headers.etag),
    });
    expect(other.status).toBe(200);
  });

  it('revalidates pages by date too', async () => {
    const page = await get('/');
    expect(page.headers['cache-control']).toBe('no-cache');
    const again = await get('/', { 'if-modified-since': String(page.headers['last-modified']) });
    expect(again.status).toBe(304);
  });
});

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', undefined],
    ['identity', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(pickEncoding(header)).toBe(expected);
  });
});
