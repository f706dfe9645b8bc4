import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFields } from '../config/configFields.js';
import { validateConfig } from '../config/validateConfig.js';
import { RingbackConfigError } from '../domain/RingbackConfigError.js';
import { type BinOptions, loadBinConfig, USAGE } from './loadBinConfig.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringback-cfg-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadBinConfig', () => {
  it('layers the environment over the file and defaults to SQLite', async () => {
    await writeFile(
      join(dir, 'ringback.json'),
      JSON.stringify({
        exotel: { accountSid: 'file', region: 'mumbai' },
        secret: 'from-file',
        widgets: [],
      }),
    );
    const options = loadBinConfig(
      ['--config', 'ringback.json', '--port=9000'],
      {
        EXOTEL_ACCOUNT_SID: 'env-sid',
        EXOTEL_API_KEY: 'k',
        EXOTEL_API_TOKEN: 't',
        RINGBACK_SECRET: 'from-env',
        RINGBACK_PUBLIC_URL: 'https://shop.example.com/ringback',
        RINGBACK_TRUST_PROXY: 'x-forwarded-for',
      },
      dir,
    );
    expect(options).toEqual({
      port: 9000,
      host: '0.0.0.0',
      maxConnections: 2048,
      config: {
        exotel: { accountSid: 'env-sid', region: 'mumbai', apiKey: 'k', apiToken: 't' },
        secret: 'from-env',
        publicBaseUrl: 'https://shop.example.com/ringback',
        trustProxy: { header: 'x-forwarded-for' },
        widgets: [],
        store: { type: 'sqlite', path: join(dir, 'ringback.db') },
      },
    });
  });

  it('honours RINGBACK_STORE=memory, RINGBACK_DATABASE and a store in the file', async () => {
    const memory = loadBinConfig([], { RINGBACK_STORE: 'memory' }, dir) as {
      config: { store: unknown };
    };
    expect(memory.config.store).toEqual({ type: 'memory' });
    const database = loadBinConfig([], { RINGBACK_DATABASE: 'data/calls.db' }, dir) as {
      config: { store: unknown };
    };
    expect(database.config.store).toEqual({ type: 'sqlite', path: join(dir, 'data/calls.db') });
    await writeFile(
      join(dir, 'c.json'),
      JSON.stringify({ store: { type: 'sqlite', path: 'x.db' } }),
    );
    const file = loadBinConfig(['--config', 'c.json'], {}, dir) as { config: { store: unknown } };
    expect(file.config.store).toEqual({ type: 'sqlite', path: join(dir, 'x.db') });
  });

  it('takes --store or RINGBACK_STORE: a redis:// URL, memory or sqlite', async () => {
    const store = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
      (loadBinConfig(argv, env, dir) as { config: { store: unknown } }).config.store;
    expect(store(['--store', 'redis://:pw@10.0.0.5:6379/1'])).toEqual({
      type: 'redis',
      url: 'redis://:pw@10.0.0.5:6379/1',
    });
    expect(store([], { RINGBACK_STORE: 'rediss://cache.example.com:6380' })).toEqual({
      type: 'redis',
      url: 'rediss://cache.example.com:6380',
    });
    // The command line wins over the environment.
    expect(store(['--store=memory'], { RINGBACK_STORE: 'redis://x' })).toEqual({ type: 'memory' });
    expect(store(['--store', 'sqlite'])).toEqual({
      type: 'sqlite',
      path: join(dir, 'ringback.db'),
    });
    await writeFile(
      join(dir, 'r.json'),
      JSON.stringify({ store: { type: 'redis', url: 'redis://old:6379', prefix: 'shop' } }),
    );
    expect(store(['--config', 'r.json', '--store', 'redis://new:6379'])).toEqual({
      type: 'redis',
      url: 'redis://new:6379',
      prefix: 'shop',
    });
    expect(store(['--config', 'r.json'])).toEqual({
      type: 'redis',
      url: 'redis://old:6379',
      prefix: 'shop',
    });
    expect(() => store(['--store', 'postgres://db'])).toThrow(
      /--store: must be sqlite, memory or a redis:\/\/ \(rediss:\/\/\) URL/,
    );
  });

  it('reads each field the schema marks with an environment variable', () => {
    expect(
      configFields()
        .filter((f) => f.env)
        .map((f) => `${f.env} → ${f.path}`),
    ).toEqual([
      'EXOTEL_ACCOUNT_SID → exotel.accountSid',
      'EXOTEL_API_KEY → exotel.apiKey',
      'EXOTEL_API_TOKEN → exotel.apiToken',
      'EXOTEL_REGION → exotel.region',
      'EXOTEL_BASE_URL → exotel.baseUrl',
      'RINGBACK_SECRET → secret',
      'RINGBACK_PUBLIC_URL → publicBaseUrl',
      'RINGBACK_TRUST_PROXY → trustProxy.header',
      'RINGBACK_TRUST_PROXY_FROM → trustProxy.from',
      'RINGBACK_LOG_REQUESTS → logRequests',
    ]);
    for (const field of configFields()) if (field.env) expect(USAGE).toContain(field.env);
  });

  it('reads booleans from the environment and names a variable it cannot read', () => {
    const config = (env: NodeJS.ProcessEnv) =>
      (loadBinConfig([], env, dir) as { config: Record<string, unknown> }).config;
    expect(config({ RINGBACK_LOG_REQUESTS: 'false' }).logRequests).toBe(false);
    expect(config({ RINGBACK_LOG_REQUESTS: 'true' }).logRequests).toBe(true);
    expect(() => config({ RINGBACK_LOG_REQUESTS: 'sometimes' })).toThrow(
      /RINGBACK_LOG_REQUESTS: must be true or false/,
    );
  });

  it('keeps what the file sets beside a field from the environment', async () => {
    await writeFile(
      join(dir, 'p.json'),
      JSON.stringify({ trustProxy: { header: 'x-real-ip', hops: 2 } }),
    );
    const options = loadBinConfig(
      ['--config', 'p.json'],
      { RINGBACK_TRUST_PROXY: 'x-forwarded-for' },
      dir,
    ) as { config: Record<string, unknown> };
    expect(options.config.trustProxy).toEqual({ header: 'x-forwarded-for', hops: 2 });
  });

  it('answers --help and --version', () => {
    expect(loadBinConfig(['--help'], {}, dir)).toEqual({ help: true });
    expect(loadBinConfig(['--version'], {}, dir)).toEqual({ version: true });
  });

  it('names bad arguments and unreadable files', () => {
    expect(() => loadBinConfig(['--colour', 'red'], {}, dir)).toThrow(RingbackConfigError);
    expect(() => loadBinConfig(['--config'], {}, dir)).toThrow(/--config: needs a value/);
    expect(() => loadBinConfig(['--config', 'missing.json'], {}, dir)).toThrow(
      /cannot read missing.json/,
    );
    expect(() => loadBinConfig(['--port', 'eighty'], {}, dir)).toThrow(
      /--port: must be a port number/,
    );
  });

  it('reads the README’s ringback.dev.json into a configuration the server accepts', () => {
    const examples = join(import.meta.dirname, '../../examples');
    const options = loadBinConfig(
      ['--config', 'ringback.dev.json'],
      { RINGBACK_SECRET: 'Zr8Kq2Lm5Xv9Tw3Ny7Pb4Hd6Jf1Gc0Sa' },
      examples,
    ) as BinOptions;
    expect(options.config.store).toEqual({ type: 'memory' });
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const shown = JSON.parse(
      /\[`examples\/ringback\.dev\.json`\][^`]*```json\n([\s\S]*?)```/.exec(readme)![1]!,
    );
    expect(shown).toEqual(JSON.parse(readFileSync(join(examples, 'ringback.dev.json'), 'utf8')));
    expect(() => validateConfig({ ...options.config, logger: false })).not.toThrow();
  });
});
