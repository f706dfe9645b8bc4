import { Problem } from '../domain/problem.js';
import { readNodeBody } from '../generated/nodeBridge/bodyProtocol.js';

// One decoder for every body: decoding whole buffers keeps no state between calls.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON value of `bytes`, or `undefined` for anything that is not UTF-8 JSON. The
 * SyntaxError is made without a stack: it is only ever dropped, and a flood of garbage
 * bodies must not buy an attacker a stack trace each.
 */
export function parseJsonBytes(bytes: Uint8Array): { value: unknown } | undefined {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { value: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * Reads a request body, refusing it as soon as it passes `maxBytes`: a declared
 * Content-Length over the cap is refused before reading anything, and a chunked body
 * is cut off mid-stream rather than buffered whole.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new Problem('body_too_large', `The request body exceeds ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  // From the Node bridge: straight from the socket, without a web stream.
  const direct = readNodeBody(request, maxBytes);
  if (direct) {
    const result = await direct;
    if (result.ok) return result.bytes;
    if (result.reason === 'too_large') throw tooLarge();
    throw new Problem('invalid_body', 'The request body ended before it was complete.');
  }
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-upload: a refusal like any bad body, not a server error.
      throw new Problem('invalid_body', 'The request body ended before it was complete.');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Reads and parses a JSON body, with the media type, size and syntax each refused by its own code. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    await discardBody(request);
    throw new Problem(
      'unsupported_media_type',
      `Send the body as application/json${mediaType ? `, not ${mediaType}` : ''}.`,
    );
  }
  const parsed = parseJsonBytes(await readBody(request, maxBytes));
  if (!parsed)
    throw new Problem('invalid_body', 'The request body is not valid JSON.', {
      errors: [{ path: '', message: 'not valid JSON' }],
    });
  return parsed.value;
}

/**
 * Lets go of a body nobody will read, without making a web stream for it: through the
 * Node bridge, a small rest is drained after the answer and a large one closes the
 * connection.
 */
export async function discardBody(request: Request): Promise<void> {
  // Through the bridge's direct path nothing is read: a cap of 0 refuses at once.
  const direct = readNodeBody(request, 0);
  if (direct) {
    await direct;
    return;
  }
  await request.body?.cancel().catch(() => {});
}
