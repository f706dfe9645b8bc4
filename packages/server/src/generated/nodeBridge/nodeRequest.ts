// Copied from packages/node-bridge/src/nodeRequest.ts by scripts/copy-node-bridge.mjs. Do not edit.
// Regenerate with `pnpm generate`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type NodeBodyResult, READ_NODE_BODY } from './bodyProtocol.js';
import { bodyOf, headersOf, urlOf } from './toWebRequest.js';

const kReq = Symbol('node request');
const kRes = Symbol('node response');
const kWeb = Symbol('web request');
const kUrl = Symbol('url');
const kHeaders = Symbol('headers');
const kSignal = Symbol('signal');
const kBodyRead = Symbol('body read directly');

interface NodeRequestFields {
  [kReq]: IncomingMessage & { body?: unknown };
  [kRes]: ServerResponse | undefined;
  [kWeb]?: Request;
  [kUrl]?: string;
  [kHeaders]?: Headers;
  [kSignal]?: AbortSignal;
  [kBodyRead]?: boolean;
}
type Lazy = Request & NodeRequestFields;

/**
 * Aborts when the client goes away before the answer is out, so a handler holding
 * something for it (an event stream's slot) lets go at once.
 */
export function signalOf(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
  const abort = new AbortController();
  // Already gone by the time the handler asks: abort at once.
  if (req.socket.destroyed || (res?.destroyed && !res.writableFinished)) abort.abort();
  else
    res?.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
  return abort.signal;
}

/**
 * The whole body, read from the Node stream without a web stream in between. Stops at
 * `maxBytes` (a declared Content-Length over it is refused before reading anything) and
 * discards the rest, as a cancelled web stream does.
 */
function readWhole(req: IncomingMessage, maxBytes: number): Promise<NodeBodyResult> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  if (req.readableEnded) return Promise.resolve({ ok: true, bytes: new Uint8Array() });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: NodeBodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        finish({ ok: false, reason: 'too_large' });
        // Discard the rest, as a cancelled stream does; the bridge closes the connection.
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      finish({
        ok: true,
        bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
      });
    };
    const onGone = () => finish({ ok: false, reason: 'incomplete' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onGone);
    req.once('close', onGone);
  });
}

/** The fetch `Request`, built on first use of anything the lightweight object does not answer itself. */
function webRequest(self: Lazy): Request {
  let web = self[kWeb];
  if (!web) {
    const req = self[kReq];
    const signal = self.signal;
    // After the direct path has read the body, what is left is a request without one.
    const body = self[kBodyRead] ? undefined : bodyOf(req);
    web = new Request(self.url, {
      method: self.method,
      headers: self.headers,
      signal,
      // `duplex` lets Node's fetch take a streamed body.
      ...(body !== undefined ? { body, duplex: 'half' } : {}),
    } as RequestInit);
    self[kWeb] = web;
  }
  return web;
}

class NodeRequest {
  declare [kReq]: IncomingMessage & { body?: unknown };
  declare [kRes]: ServerResponse | undefined;

  get method(): string {
    return this[kReq].method ?? 'GET';
  }

  get url(): string {
    const self = this as unknown as Lazy;
    self[kUrl] ??= urlOf(self[kReq]).href;
    return self[kUrl];
  }

  get headers(): Headers {
    const self = this as unknown as Lazy;
    self[kHeaders] ??= headersOf(self[kReq]);
    return self[kHeaders];
  }

  get signal(): AbortSignal {
    const self = this as unknown as Lazy;
    self[kSignal] ??= signalOf(self[kReq], self[kRes]);
    return self[kSignal];
  }

  get bodyUsed(): boolean {
    const self = this as unknown as Lazy;
    if (self[kBodyRead]) return true;
    return self[kWeb]?.bodyUsed ?? false;
  }

  [READ_NODE_BODY](maxBytes: number): Promise<NodeBodyResult> | undefined {
    const self = this as unknown as Lazy;
    const req = self[kReq];
    // Already handed out as a stream, or drained by a body parser mounted earlier.
    if (self[kWeb] || self[kBodyRead] || req.body !== undefined) return undefined;
    self[kBodyRead] = true;
    const method = self.method;
    if (method === 'GET' || method === 'HEAD')
      return Promise.resolve({ ok: true, bytes: new Uint8Array() });
    return readWhole(req, maxBytes);
  }
}

// Everything else a `Request` has (body, clone(), text(), formData(), …) comes from the
// real one, built on first use; `instanceof Request` holds.
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(NodeRequest.prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name)!;
  if (descriptor.get) {
    Object.defineProperty(NodeRequest.prototype, name, {
      configurable: true,
      enumerable: descriptor.enumerable ?? false,
      get(this: Lazy) {
        return (webRequest(this) as unknown as Record<string, unknown>)[name];
      },
    });
  } else if (typeof descriptor.value === 'function') {
    Object.defineProperty(NodeRequest.prototype, name, {
      configurable: true,
      writable: true,
      value(this: Lazy, ...args: unknown[]) {
        const web = webRequest(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
        return web[name]!(...args);
      },
    });
  }
}
Object.setPrototypeOf(NodeRequest.prototype, Request.prototype);
Object.defineProperty(NodeRequest.prototype, Symbol.toStringTag, { value: 'Request' });

/**
 * Whether `request`, made by createNodeRequest, left its body to the Node stream: no web
 * stream was made for it (it was read directly, or not at all). Then nothing but Node
 * reads what is left of it, and the bridge may drain it after the answer.
 */
export function bodyLeftToNode(request: Request): boolean {
  const self = request as Lazy;
  return kReq in self && (self[kWeb] === undefined || self[kBodyRead] === true);
}

/**
 * Drops what the request keeps only to answer faster (its URL and headers, rebuilt if
 * asked for again): a handler that holds on to the request for a long answer (an event
 * stream) then holds no more than it needs.
 */
export function releaseNodeRequest(request: Request): void {
  const self = request as Lazy;
  if (!(kReq in self)) return;
  self[kUrl] = undefined;
  self[kHeaders] = undefined;
}

/**
 * A fetch `Request` for a Node request that builds nothing until asked: the URL, the
 * headers and the abort signal on first use; the real `Request` (and a web stream for
 * its body) only when something other than those is used. A handler that reads the body
 * through `READ_NODE_BODY` never makes a stream. `res` is the answer's response, whose
 * early close aborts the signal.
 *
 * Unlike a real `Request`, it cannot be passed to `new Request(request)`: use
 * `request.clone()` to get a standalone copy.
 */
export function createNodeRequest(req: IncomingMessage, res?: ServerResponse): Request {
  const request = Object.create(NodeRequest.prototype) as Lazy;
  request[kReq] = req;
  request[kRes] = res;
  return request;
}
