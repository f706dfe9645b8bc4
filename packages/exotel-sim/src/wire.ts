/**
 * Exotel's wire format: form bodies in, JSON (`.json` paths) or the `TwilioResponse`
 * XML envelope out, errors as `RestException`.
 */

export type WireFormat = 'json' | 'xml';

/** A value in an Exotel response: rendered as JSON as-is, as XML text or nested elements. */
export type WireValue = string | number | boolean | null | WireObject | WireValue[];
export interface WireObject {
  [key: string]: WireValue;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';

/** The format a path asks for: `.json` answers JSON, anything else Exotel's XML. */
export function formatOf(path: string): WireFormat {
  return path.endsWith('.json') ? 'json' : 'xml';
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function renderElement(name: string, value: WireValue, depth: number, out: string[]): void {
  const pad = ' '.repeat(depth);
  if (value === null || value === '') {
    // Exotel writes empty fields as self-closing elements: <EndTime/>.
    out.push(`${pad}<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    // Arrays of single-key objects (Details.Legs = [{Leg: …}]) become repeated children.
    out.push(`${pad}<${name}>`);
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        for (const [key, child] of Object.entries(item)) renderElement(key, child, depth + 1, out);
      } else {
        renderElement('Item', item, depth + 1, out);
      }
    }
    out.push(`${pad}</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`${pad}<${name}>`);
    for (const [key, child] of Object.entries(value)) renderElement(key, child, depth + 1, out);
    out.push(`${pad}</${name}>`);
    return;
  }
  out.push(`${pad}<${name}>${escapeXml(String(value))}</${name}>`);
}

/** Renders `{ Call: {…} }` as `<TwilioResponse><Call>…</Call></TwilioResponse>`. */
export function renderXml(body: WireObject): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<TwilioResponse>'];
  for (const [key, value] of Object.entries(body)) renderElement(key, value, 1, out);
  out.push('</TwilioResponse>');
  return `${out.join('\n')}\n`;
}

export function wireResponse(
  format: WireFormat,
  status: number,
  body: WireObject,
  headers: Record<string, string> = {},
): Response {
  const text = format === 'json' ? JSON.stringify(body) : renderXml(body);
  return new Response(text, {
    status,
    headers: { 'content-type': format === 'json' ? JSON_TYPE : XML_TYPE, ...headers },
  });
}

/** An Exotel error: `{"RestException": {"Status", "Message", "Code"?}}` or its XML form. */
export function restException(
  format: WireFormat,
  status: number,
  message: string,
  code?: number,
  headers?: Record<string, string>,
): Response {
  const inner: WireObject = { Status: status, Message: message };
  if (code !== undefined) inner.Code = code;
  return wireResponse(format, status, { RestException: inner }, headers);
}

export const MESSAGES = {
  unauthorized: 'Authentication is required to view this page.',
  notFound: 'The requested resource was not found.',
  tooManyRequests: 'Too many requests.',
  /** Exotel's wording, "can not" included; `number` in 0-prefixed national form. */
  ndnc: (number: string) => `Call to ${number} can not be made because of TRAI NDNC regulations`,
  kyc: 'Your account is not yet KYC compliant. Please complete your KYC to make calls.',
} as const;

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

/**
 * `YYYY-MM-DD HH:mm:ss` in the account's local time (IST, UTC+05:30, for Indian
 * accounts), without a zone, as Exotel writes dates.
 */
export function formatExotelDate(epochMs: number, utcOffsetMinutes = 330): string {
  const local = new Date(epochMs + utcOffsetMinutes * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

export type BodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; status: 413; message: string };

/**
 * Reads a request body, giving up as soon as it passes `maxBytes` so a huge upload
 * cannot exhaust memory.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const tooLarge = {
    ok: false,
    status: 413,
    message: `Request body too large: the limit is ${maxBytes} bytes.`,
  } as const;
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return tooLarge;
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** Form fields in the order sent; a key may repeat (`StatusCallbackEvents[]`). */
export type FormFields = [name: string, value: string][];

export type FormResult = { ok: true; fields: FormFields } | { ok: false; message: string };

/** Parses an urlencoded or multipart body into its text fields. */
export async function parseForm(
  contentType: string | null,
  bytes: Uint8Array,
): Promise<FormResult> {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === '' || mediaType === 'application/x-www-form-urlencoded') {
    // Missing content type: curl and most clients mean urlencoded; Exotel reads it so.
    const text = new TextDecoder().decode(bytes);
    return { ok: true, fields: [...new URLSearchParams(text)] };
  }
  if (mediaType === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(bytes as BodyInit, {
        headers: { 'content-type': contentType! },
      }).formData();
    } catch {
      return { ok: false, message: 'Malformed multipart/form-data body.' };
    }
    const fields: FormFields = [];
    for (const [name, value] of form) {
      if (typeof value !== 'string') {
        return { ok: false, message: `Parameter '${name}' must be a text field, not a file.` };
      }
      fields.push([name, value]);
    }
    return { ok: true, fields };
  }
  if (mediaType === 'application/json') {
    return {
      ok: false,
      message:
        'JSON request bodies are not accepted: send application/x-www-form-urlencoded or multipart/form-data.',
    };
  }
  return {
    ok: false,
    message: `Unsupported Content-Type '${mediaType}': send application/x-www-form-urlencoded or multipart/form-data.`,
  };
}
