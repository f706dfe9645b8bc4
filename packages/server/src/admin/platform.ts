// `#admin-platform` on Node.js: what the operator API needs beyond Web APIs. Browser
// builds (the proxy in a page, as Storybook runs it) resolve to platform.browser.ts, where
// neither exists, so bundlers never see node:crypto's scrypt or the file system.
import { scrypt as nodeScrypt } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/** scrypt's cost parameters and key length. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** scrypt on the libuv threadpool (never blocking the event loop). */
export function scrypt(
  password: string,
  salt: Uint8Array,
  params: ScryptParams,
): Promise<Uint8Array> {
  const { N, r, p, keyLength } = params;
  return new Promise((done, fail) =>
    // 128·N·r bytes is what it takes; Node's 32 MiB default is just short of N=2^15, r=8.
    nodeScrypt(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? fail(error) : done(new Uint8Array(key.buffer, key.byteOffset, key.byteLength)),
    ),
  );
}

/** Where `@ringback/console` keeps its build, if it is installed. */
export async function installedConsoleDir(): Promise<string | undefined> {
  // A name TypeScript and bundlers do not follow: the console is optional at build time.
  const name = '@ringback/console';
  try {
    const module = (await import(name)) as { consoleAssetsDir?: unknown };
    return typeof module.consoleAssetsDir === 'string' ? module.consoleAssetsDir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A file under `dir` by a path already checked to hold no `..`, empty or encoded
 * segments; `undefined` when there is none. Symlinks leading out of `dir` are refused too.
 */
export async function readAsset(dir: string, path: string): Promise<Uint8Array | undefined> {
  try {
    const root = await realpath(dir);
    const file = await realpath(resolve(root, path));
    const inside = relative(root, file);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
    if (!(await stat(file)).isFile()) return undefined;
    return new Uint8Array(await readFile(file));
  } catch {
    return undefined;
  }
}
