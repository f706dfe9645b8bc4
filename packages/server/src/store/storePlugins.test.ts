import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import type { Store } from '../domain/Store.js';
import { storeOpener as browserStoreOpener } from './storePlugins.browser.js';
import { storeOpener } from './storePlugins.js';

const context = { logger: silentLogger };
const opened: Store[] = [];
let dir: string | undefined;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('store plug-ins', () => {
  it('opens a named store only when the opener runs, a new one each time', async () => {
    const open = storeOpener({ type: 'memory' });
    const [a, b] = await Promise.all([open(context), open(context)]);
    opened.push(a, b);
    expect(a).not.toBe(b);
    await expect(a.ping()).resolves.toBeUndefined();
  });

  it('opens SQLite from its path', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ringback-plugins-'));
    const store = await storeOpener({ type: 'sqlite', path: join(dir, 'calls.db') })(context);
    opened.push(store);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('refuses SQLite and Redis in a browser build, and opens memory there', async () => {
    await expect(browserStoreOpener({ type: 'sqlite', path: 'x.db' })(context)).rejects.toThrow(
      /sqlite store needs Node\.js/,
    );
    await expect(
      browserStoreOpener({ type: 'redis', url: 'redis://127.0.0.1:6379' })(context),
    ).rejects.toThrow(/redis store needs Node\.js/);
    const store = await browserStoreOpener({ type: 'memory' })(context);
    opened.push(store);
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
