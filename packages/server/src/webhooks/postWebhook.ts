// `#webhook-transport` on Node.js: one POST to a business's endpoint, refusing targets
// that are not on the public internet. The check runs on the addresses DNS gave, inside
// the connection's own `lookup`, so the address checked is the address connected to: a
// name that resolves differently a moment later (DNS rebinding) cannot slip through.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { nonPublicAddressReason, parseIpAddress } from '../domain/ipAddress.js';
import type { WebhookErrorCode } from '../domain/webhooks.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Lifts the address check (and the target may be plain http). */
  allowPrivateNetwork: boolean;
  /** The whole exchange, connection to the end of the (capped) response. */
  timeoutMs: number;
  /** Bytes of the response read, then the rest is dropped. */
  maxResponseBytes: number;
}

export interface WebhookResponse {
  /** The status answered, `null` when none was. */
  status: number | null;
  /** `null` for a 2xx. */
  error: WebhookErrorCode | null;
  /** A human explanation of the error (no secrets, no response body). */
  detail?: string;
}

const NOT_ALLOWED = 'ERR_RINGBACK_TARGET_NOT_ALLOWED';
const TIMED_OUT = 'ERR_RINGBACK_TIMEOUT';

class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why `host` (an address) may not be reached, or `undefined` if it may. */
function refusal(address: string): string | undefined {
  const ip = parseIpAddress(address);
  if (!ip) return 'not an address';
  const reason = nonPublicAddressReason(ip);
  return reason && `${address} is a ${reason} address`;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** `dns.lookup`, keeping only public addresses; none left is an error. */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const allowed = addresses.filter((a) => !refusal(a.address));
    if (allowed.length === 0) {
      const why = addresses.map((a) => refusal(a.address)).join('; ');
      return callback(new TransportError(NOT_ALLOWED, `${hostname} resolves to: ${why}`), []);
    }
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}

function classify(error: unknown): WebhookResponse {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === NOT_ALLOWED) return { status: null, error: 'target_not_allowed', detail: message };
  if (code === TIMED_OUT) return { status: null, error: 'timeout', detail: message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return { status: null, error: 'dns_failed', detail: message };
  return { status: null, error: 'connection_failed', detail: code ?? message };
}

function outcome(status: number): WebhookResponse {
  if (status >= 200 && status < 300) return { status, error: null };
  if (status >= 300 && status < 400)
    return { status, error: 'redirect_not_followed', detail: 'redirects are not followed' };
  return { status, error: 'http_error' };
}

/** POSTs one delivery. Never throws: every failure is a `WebhookResponse` with its code. */
export function postWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return Promise.resolve({ status: null, error: 'connection_failed', detail: 'invalid URL' });
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An address in the URL is connected to without a lookup: check it here.
  if (!req.allowPrivateNetwork && isIP(host)) {
    const why = refusal(host);
    if (why) return Promise.resolve({ status: null, error: 'target_not_allowed', detail: why });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && req.allowPrivateNetwork))
    return Promise.resolve({
      status: null,
      error: 'target_not_allowed',
      detail: `${url.protocol} is not allowed`,
    });

  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    let request: ClientRequest | undefined;
    let response: IncomingMessage | undefined;
    const finish = (result: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      response?.destroy();
      request?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => {
      finish(classify(new TransportError(TIMED_OUT, `no answer within ${req.timeoutMs} ms`)));
    }, req.timeoutMs);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      request = send(url, {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        // A fresh connection each time, so every delivery goes through the checked lookup.
        agent: false,
        ...(req.allowPrivateNetwork ? {} : { lookup: publicLookup as never }),
      });
    } catch (error) {
      finish(classify(error));
      return;
    }
    request.on('error', (error) => finish(classify(error)));
    request.on('response', (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        // Enough to know the endpoint answered; the body itself is never used.
        if (read >= req.maxResponseBytes) finish(outcome(status));
      });
      res.on('end', () => finish(outcome(status)));
      res.on('error', () => finish(outcome(status)));
      res.on('close', () => finish(outcome(status)));
    });
    request.end(req.body);
  });
}
