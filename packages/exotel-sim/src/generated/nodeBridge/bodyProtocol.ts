// Copied from packages/node-bridge/src/bodyProtocol.ts by scripts/copy-node-bridge.mjs. Do not edit.
// Regenerate with `pnpm generate`.

// How a handler and the Node bridge skip web streams for a body that is read or written
// whole. Both sides name the keys with `Symbol.for`, so neither imports the other (the
// handler may run in a browser, where nothing here exists and the standard path is taken).

/**
 * On a request from the bridge: `(maxBytes) => Promise<NodeBodyResult> | undefined`.
 * Reads the whole body straight from the socket, without a `ReadableStream`; `undefined`
 * when the body cannot be read that way (already read, or rebuilt from a body parser's
 * result): read `request.body` then.
 */
export const READ_NODE_BODY = Symbol.for('@ringback/node-bridge.readBody');

export type NodeBodyResult =
  | { ok: true; bytes: Uint8Array }
  /** Larger than `maxBytes` (declared or sent): nothing more is read. */
  | { ok: false; reason: 'too_large' }
  /** The client went away before the end of its body. */
  | { ok: false; reason: 'incomplete' };

/**
 * On a response: `() => string | Uint8Array | undefined`. Hands over the body, once, when
 * it is held whole in memory and nothing has read it yet; `undefined` otherwise (read
 * `response.body` then). A bridge writing it sends it in one write with its length.
 */
export const TAKE_BUFFERED_BODY = Symbol.for('@ringback/buffered-body.take');

/**
 * On a response: `() => Headers`. The headers it is to be written with, which a
 * `BufferedResponse` holds as it was given them until someone reads `response.headers`
 * (then they are copied into the Response's own). A bridge or the handler's last step
 * reads and adds to them here, and nothing is copied.
 */
export const WRITTEN_HEADERS = Symbol.for('@ringback/buffered-body.headers');

/** The headers `response` will be written with (see WRITTEN_HEADERS); add to them here. */
export function writtenHeaders(response: Response): Headers {
  const own = (response as { [WRITTEN_HEADERS]?: () => Headers })[WRITTEN_HEADERS];
  return typeof own === 'function' ? own.call(response) : response.headers;
}

/** Reads `request`'s body through the bridge's direct path, if it offers one. */
export function readNodeBody(
  request: Request,
  maxBytes: number,
): Promise<NodeBodyResult> | undefined {
  const read = (request as { [READ_NODE_BODY]?: (max: number) => Promise<NodeBodyResult> })[
    READ_NODE_BODY
  ];
  return typeof read === 'function' ? read.call(request, maxBytes) : undefined;
}
