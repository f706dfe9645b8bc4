// `#admin-platform` in browser builds: no scrypt and no files, so the operator API can
// authenticate no one and serves no console there (the widget's API works as ever).
import type * as NodePlatform from './platform.js';

export type ScryptParams = NodePlatform.ScryptParams;

export async function scrypt(): Promise<Uint8Array> {
  throw new Error('Operator log-in needs Node.js (scrypt); it is not available in a browser.');
}

export async function installedConsoleDir(): Promise<string | undefined> {
  return undefined;
}

export async function readAsset(): Promise<Uint8Array | undefined> {
  return undefined;
}
