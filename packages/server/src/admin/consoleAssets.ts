// The console's files at `<mount>/console/`: `@ringback/console`'s build (or
// `console.assetsDir`), under a strict Content-Security-Policy, nothing outside it.
import { installedConsoleDir, readAsset } from '#admin-platform';
import { Problem } from '../domain/problem.js';
import type { ResolvedConfig } from '../domain/ResolvedConfig.js';
import { decodePathSegment } from '../http/decodePathSegment.js';

/** What the console is built for: its own scripts, styles and API; no inline code, no frames. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  woff: 'font/woff',
  txt: 'text/plain; charset=utf-8',
};

/** A file name a build writes: no dot first (no `..`, no hidden files), no separators or NUL. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Vite's content-hashed names (`index-B3xK9_aQ.js`): they never change, so they are cached for good. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const notFound = () => new Problem('not_found', 'There is no such file in the console.');

/**
 * The file a path after `/console/` names, as segments: each decoded and checked on its
 * own, so `..`, `%2e%2e`, an encoded `/` or `\`, NUL and empty segments never reach the file
 * system. `undefined` for anything else.
 */
export function assetPath(raw: string): string | undefined {
  if (raw === '') return 'index.html';
  const segments = raw.split('/').map(decodePathSegment);
  if (!segments.every((s): s is string => s !== undefined && SEGMENT.test(s))) return undefined;
  return segments.join('/');
}

export interface ConsoleFiles {
  /** The directory served, found once (`undefined`: no console is installed). */
  dir(): Promise<string | undefined>;
}

export function consoleFiles(configured: string | undefined): ConsoleFiles {
  let found: Promise<string | undefined> | undefined;
  return {
    dir: () => (found ??= configured ? Promise.resolve(configured) : installedConsoleDir()),
  };
}

/** `GET`/`HEAD <mount>/console/<path>`. */
export async function serveConsoleFile(
  files: ConsoleFiles,
  request: Request,
  raw: string,
  headers: Headers,
): Promise<Response> {
  const path = assetPath(raw);
  const dir = path && (await files.dir());
  const bytes = dir && path ? await readAsset(dir, path) : undefined;
  if (!bytes || !path) throw notFound();
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  headers.set('content-type', TYPES[extension] ?? 'application/octet-stream');
  headers.set('content-security-policy', CONSOLE_CSP);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'no-referrer');
  headers.set('x-frame-options', 'DENY');
  headers.set(
    'cache-control',
    path.startsWith('assets/') && HASHED.test(path)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  );
  headers.set('content-length', String(bytes.byteLength));
  return new Response(request.method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers,
  });
}

/** `<mount>/console` → `<mount>/console/`, where the console's relative URLs resolve. */
export function redirectToConsole(config: ResolvedConfig, headers: Headers): Response {
  headers.set('location', `${config.basePath}/console/`);
  headers.set('cache-control', 'no-store');
  return new Response(null, { status: 308, headers });
}
