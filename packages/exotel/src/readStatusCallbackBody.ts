import { readFormFast } from './readFormFast.js';
import { StatusCallbackError } from './StatusCallbackError.js';

/** Callbacks are a few hundred bytes; anything much larger is not from Exotel. */
export const STATUS_CALLBACK_MAX_BYTES = 64 * 1024;

// One decoder for every body: decoding whole buffers keeps no state between calls.
const utf8 = new TextDecoder('utf-8', { fatal: true });

const LEG_KEY = /^Legs\[(\d{1,2})\]\[([A-Za-z]+)\]$/;
/** A call has two legs; a few spare slots tolerate surprises without unbounded arrays. */
export const MAX_LEGS = 8;

export function tooLarge(maxBytes: number): StatusCallbackError {
  return new StatusCallbackError('body_too_large', `The body is larger than ${maxBytes} bytes`);
}

/**
 * The fields of a callback body, whatever its encoding: JSON as sent, forms with
 * their bracketed `Legs[n][Field]` keys folded into a `Legs` array like JSON's.
 */
export async function readStatusCallbackFields(
  contentType: string,
  bytes: Uint8Array,
): Promise<Record<string, unknown>> {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8.decode(bytes));
    } catch (cause) {
      throw new StatusCallbackError('malformed_body', 'The body is not valid JSON', { cause });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new StatusCallbackError('malformed_body', 'The JSON body must be an object');
    }
    return parsed as Record<string, unknown>;
  }
  if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
    const plain = readFormFast(mediaType, contentType, bytes);
    if (plain) return flatFormToFields(plain);
    let form: FormData;
    try {
      form = await new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': contentType },
      }).formData();
    } catch (cause) {
      throw new StatusCallbackError('malformed_body', `The ${mediaType} body cannot be parsed`, {
        cause,
      });
    }
    return flatFormToFields(form);
  }
  throw new StatusCallbackError(
    'unsupported_media_type',
    `Content-Type must be multipart/form-data, application/x-www-form-urlencoded or application/json, got ${
      mediaType || 'none'
    }`,
  );
}

function flatFormToFields(form: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const legs: Record<string, unknown>[] = [];
  for (const [key, value] of form) {
    if (typeof value !== 'string') {
      throw new StatusCallbackError(
        'invalid_field',
        `${key} is a file; StatusCallbacks carry text only`,
        { field: key },
      );
    }
    const leg = LEG_KEY.exec(key);
    if (leg) {
      const index = Number(leg[1]);
      if (index >= MAX_LEGS)
        throw new StatusCallbackError('invalid_field', `${key}: too many legs`, { field: key });
      legs[index] ??= {};
      legs[index]![leg[2]!] = value;
    } else if (!(key in fields)) {
      fields[key] = value;
    }
  }
  if (legs.length > 0) fields.Legs = Array.from(legs, (leg) => leg ?? {});
  return fields;
}

/** Reads at most `maxBytes` of the body, stopping early instead of buffering an attacker's stream. */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const direct = readFromNode(request, maxBytes);
  if (direct) {
    const result = await direct;
    if (result.ok) return result.bytes;
    if (result.reason === 'too_large') throw tooLarge(maxBytes);
    throw new StatusCallbackError('malformed_body', 'The body could not be read', {
      cause: new Error('The client closed the connection before sending the whole body'),
    });
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof StatusCallbackError) throw error;
    throw new StatusCallbackError('malformed_body', 'The body could not be read', { cause: error });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The Node bridge of `@ringback/server` and `@ringback/exotel-sim` (packages/node-bridge,
 * bodyProtocol.ts) offers a request's whole body straight from the socket under this key,
 * without a web stream. Named with `Symbol.for` so that this package needs nothing of it.
 */
const READ_NODE_BODY = Symbol.for('@ringback/node-bridge.readBody');
type NodeBodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too_large' | 'incomplete' };

function readFromNode(request: Request, maxBytes: number): Promise<NodeBodyResult> | undefined {
  const read = (request as { [READ_NODE_BODY]?: (max: number) => Promise<NodeBodyResult> })[
    READ_NODE_BODY
  ];
  return typeof read === 'function' ? read.call(request, maxBytes) : undefined;
}
