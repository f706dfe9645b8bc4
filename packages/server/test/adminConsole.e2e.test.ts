// The console's files at `/console/`: a build in a temporary directory stands in for
// `@ringback/console`'s (`console.assetsDir`), served over real HTTP, under the mount path.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../src/admin/consoleAssets.js';
import { consoleConfig } from './adminHarness.js';
import { type Harness, startHarness } from './harness.js';

const INDEX =
  '<!doctype html><title>Ringback console</title><script type="module" src="./assets/index-B3xK9_aQ.js"></script>';
const SCRIPT = 'console.log("console");';

let dir: string;
let outside: string;
let h: Harness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-console-'));
  outside = await mkdtemp(join(tmpdir(), 'ringback-secret-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'assets', 'index-B3xK9_aQ.js'), SCRIPT);
  await writeFile(join(dir, 'assets', 'index-C9aa81Zt.css'), 'body{margin:0}');
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir, '.env'), 'SECRET=1');
  await writeFile(join(outside, 'secret.txt'), 'do not serve');
  await symlink(join(outside, 'secret.txt'), join(dir, 'assets', 'link.txt'));
  h = await startHarness({ config: { console: await consoleConfig({ assetsDir: dir }) } });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** A request line sent as is (fetch would normalise `..` and `%2e%2e` away). */
function raw(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.once('close', () => resolve(answer));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe('the console', () => {
  it('serves index.html at /console/ under a strict CSP, not cached, and redirects /console there', async () => {
    const page = await fetch(`${h.url}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    expect(Object.fromEntries(page.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    expect(CONSOLE_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const bare = await fetch(`${h.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('serves hashed assets for good with their types, HEAD included, and only GET and HEAD', async () => {
    const script = await fetch(`${h.url}/console/assets/index-B3xK9_aQ.js`);
    expect(await script.text()).toBe(SCRIPT);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const style = await fetch(`${h.url}/console/assets/index-C9aa81Zt.css`, { method: 'HEAD' });
    expect(style.status).toBe(200);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(style.headers.get('content-length')).toBe('14');
    expect(await style.text()).toBe('');
    const icon = await fetch(`${h.url}/console/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    const post = await fetch(`${h.url}/console/index.html`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('refuses traversal, encoded separators, NUL, hidden files and links out of the build', async () => {
    for (const path of [
      '/console/assets/link.txt',
      '/console/.env',
      '/console/assets/',
      '/console/assets',
      '/console/nope.js',
      '/console/assets%2Findex-B3xK9_aQ.js',
      '/console/assets%5Cindex-B3xK9_aQ.js',
      '/console/index.html%00.js',
      '/console//index.html',
      '/console/%ZZ',
    ]) {
      const response = await fetch(`${h.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { code: string }).code).toBe('not_found');
    }
    for (const path of [
      '/console/../../../../etc/passwd',
      '/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/console/..%2f..%2f..%2fetc/passwd',
      '/console/assets/..%5c..%5c.env',
    ]) {
      const answer = await raw(path);
      expect(answer.slice(9, 12), path).toBe('404');
      expect(answer).not.toContain('root:');
      expect(answer).not.toContain('SECRET');
    }
  });

  it('answers 404 when no console build is installed or configured', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ringback-empty-'));
    const bare = await startHarness({
      config: { console: await consoleConfig({ assetsDir: empty }) },
    });
    try {
      expect((await fetch(`${bare.url}/console/`)).status).toBe(404);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
