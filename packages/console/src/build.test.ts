// @vitest-environment node
// The built console, as a server will serve it: its index.html loads only same-origin
// hashed files (no inline script or style, nothing from another host), and the app
// runs in Chromium under `consoleContentSecurityPolicy` without a single violation.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../test/support/chromium.js';
import { consoleContentSecurityPolicy } from './contentSecurityPolicy.js';
import { consoleAssetsDir } from './index.js';
import { EMAIL, FakeAdminServer, PASSWORD } from './test/FakeAdminServer.js';
import { makeMissed } from './test/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let html: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ringback-console-'));
  await build({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  html = await readFile(join(outDir, 'index.html'), 'utf8');
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the built index.html', () => {
  it('has no inline script, no style element and no style attribute', () => {
    for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('references only relative, hashed files that exist, so it works under any mount path', () => {
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      if (url === 'data:,') continue; // the empty favicon: no request at all
      expect(url).toMatch(/^\.\/assets\/[\w-]+-[\w-]{8}\.(js|css)$/);
      expect(existsSync(join(outDir, url))).toBe(true);
    }
    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9]/i);
  });

  it('has stylesheets that load nothing from elsewhere', async () => {
    const assets = await readdir(join(outDir, 'assets'));
    for (const file of assets.filter((name) => name.endsWith('.css'))) {
      const css = await readFile(join(outDir, 'assets', file), 'utf8');
      expect(css).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
    }
  });
});

describe('consoleAssetsDir', () => {
  it('is the package’s dist/app/ directory', () => {
    expect(consoleAssetsDir).toBe(join(root, 'dist/app/'));
  });
});

describe('under the Content-Security-Policy, in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;
  const api = new FakeAdminServer({
    signedIn: false,
    calls: [makeMissed({ phone: '+919800000031', fields: { name: 'Priya' } })],
  });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/ringback/console/')) {
        const file = url.pathname.slice('/ringback/console/'.length) || 'index.html';
        const path = join(outDir, file);
        if (file.includes('..') || !existsSync(path)) return res.writeHead(404).end();
        res.writeHead(200, {
          'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
          'Content-Security-Policy': consoleContentSecurityPolicy,
        });
        return res.end(await readFile(path));
      }
      if (url.pathname === '/ringback/v1/admin/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        return res.write(': connected\n\n');
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const answer = await api.fetch(
        new Request(new URL(req.url ?? '/', origin), {
          method: req.method,
          headers: FORWARDED.flatMap((name) => {
            const value = req.headers[name];
            return typeof value === 'string' ? [[name, value] as [string, string]] : [];
          }),
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        }),
      );
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // The fake's mount is where this server puts the API.
    Object.assign(api, { mount: `${origin}/ringback/` });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('logs in and shows every page without a violation', { timeout: 15_000 }, async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    // Chromium reports each blocked load or inline code on the console; a 401 before
    // logging in is expected and reported there too.
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to/i.test(text)) problems.push(text);
      else if (message.type() === 'error' && !/status of 401/.test(text)) problems.push(text);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${origin}/ringback/console/`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Live requests' }).waitFor();
    await page.getByRole('link', { name: 'Missed leads' }).click();
    await page.getByText('Priya').waitFor();
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('switch', { name: 'Asha available' }).click();
    await page.getByRole('link', { name: 'Stats' }).click();
    await page.getByRole('img', { name: 'Connect rate per day' }).waitFor();
    // The stylesheet applied: a chart's data table is hidden until asked for.
    const table = page.getByRole('table', { name: 'Connect rate per day' });
    expect(await table.evaluate((el) => el.parentElement!.getBoundingClientRect().width)).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});

/** The request headers the fake API reads. */
const FORWARDED = ['content-type', 'x-csrf-token', 'idempotency-key'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
