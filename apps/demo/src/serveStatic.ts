import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Text formats; PNG and WOFF2 are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;
/** Below this, the headers outweigh what compression saves. */
const MIN_COMPRESS_BYTES = 1024;

type Encoding = 'br' | 'gzip';
const ENCODERS: Record<Encoding, (data: Buffer) => Promise<Buffer>> = {
  // Quality 11 is slow, but each file is compressed once and then served from memory.
  br: (data) =>
    promisify(brotliCompress)(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (data) => promisify(gzip)(data, { level: 9 }),
};

/** Compressed copies, by file; a copy is good while the file's size and mtime hold. */
const compressed = new Map<string, { version: string; bodies: Map<Encoding, Promise<Buffer>> }>();

function compressedCopy(file: string, version: string, encoding: Encoding): Promise<Buffer> {
  let entry = compressed.get(file);
  if (entry?.version !== version) {
    entry = { version, bodies: new Map() };
    compressed.set(file, entry);
  }
  let body = entry.bodies.get(encoding);
  if (!body) {
    body = readFile(file).then(ENCODERS[encoding]);
    // A failure (the file vanished) is not cached.
    body.catch(() => entry.bodies.delete(encoding));
    entry.bodies.set(encoding, body);
  }
  return body;
}

/**
 * The encoding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3): brotli,
 * then gzip, skipping any the client refuses with `q=0`; `undefined` for identity.
 */
export function pickEncoding(header: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const quality = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  return (['br', 'gzip'] as const).find((name) => quality(name) > 0);
}

/** Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2). */
const matches = (header: string | undefined, etag: string) =>
  !!header &&
  (header.trim() === '*' ||
    header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag.replace(/^W\//, '')));

/**
 * Serves files below `root` for GET and HEAD: `/` is `index.html`, `/phones` is
 * `phones.html`. Paths that would leave `root` are 404s. Text is sent brotli- or
 * gzip-compressed as the client accepts (compressed once, then from memory), with an
 * `ETag` and `Last-Modified` for revalidation. Resolves `false` when no file matched,
 * so the caller can answer.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (decoded.includes('\0')) return false;
  const base = resolve(root);
  const wanted = normalize(join(base, decoded));
  if (wanted !== base && !wanted.startsWith(base + sep)) return false;
  const candidates = decoded.endsWith('/')
    ? [join(wanted, 'index.html')]
    : [wanted, `${wanted}.html`, join(wanted, 'index.html')];
  for (const file of candidates) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const version = `${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}`;
    const encoding =
      COMPRESSIBLE.test(type) && info.size >= MIN_COMPRESS_BYTES
        ? pickEncoding(req.headers['accept-encoding'])
        : undefined;
    // Each encoding is its own representation, so it gets its own tag.
    const etag = `"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string | number> = {
      'content-type': type,
      // Vite fingerprints everything under assets/; pages must always be revalidated.
      'cache-control': decoded.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      etag,
      'last-modified': info.mtime.toUTCString(),
      'x-content-type-options': 'nosniff',
    };
    if (COMPRESSIBLE.test(type)) headers.vary = 'Accept-Encoding';
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = Date.parse(req.headers['if-modified-since'] ?? '');
    if (
      ifNoneMatch
        ? matches(ifNoneMatch, etag)
        : ifModifiedSince >= Math.trunc(info.mtimeMs / 1000) * 1000
    ) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    let body: Buffer | undefined;
    if (encoding) {
      body = await compressedCopy(file, version, encoding);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = body?.length ?? info.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else if (body) res.end(body);
    else createReadStream(file).pipe(res);
    return true;
  }
  return false;
}
