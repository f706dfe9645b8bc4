import { ExotelError, type ExotelErrorKind, type ExotelForbiddenReason } from './ExotelError.js';

interface RestExceptionFields {
  message?: string;
  code?: number;
}

/** Reads `RestException` from Exotel's JSON or XML envelope; undefined for anything else. */
export function readRestException(body: string): RestExceptionFields | undefined {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as {
        RestException?: { Message?: unknown; Code?: unknown };
      };
      const rest = parsed.RestException;
      if (!rest || typeof rest !== 'object') return undefined;
      return {
        ...(typeof rest.Message === 'string' ? { message: rest.Message } : {}),
        ...(toInteger(rest.Code) !== undefined ? { code: toInteger(rest.Code)! } : {}),
      };
    } catch {
      return undefined;
    }
  }
  if (trimmed.startsWith('<') && trimmed.includes('<RestException>')) {
    const message = /<Message>([^<]*)<\/Message>/.exec(trimmed)?.[1];
    const code = toInteger(/<Code>([^<]*)<\/Code>/.exec(trimmed)?.[1]);
    return {
      ...(message !== undefined ? { message: decodeXmlEntities(message) } : {}),
      ...(code !== undefined ? { code } : {}),
    };
  }
  return undefined;
}

/** Turns a non-2xx answer from Exotel into an ExotelError with a kind a caller can act on. */
export async function errorFromResponse(response: Response): Promise<ExotelError> {
  const status = response.status;
  const body = await response.text().catch(() => '');
  const rest = readRestException(body);
  const kind = kindForStatus(status);
  const reason = kind === 'forbidden' ? forbiddenReason(rest?.message ?? '') : undefined;
  const retryAfterMs =
    status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  const detail =
    rest?.message ??
    `Exotel answered ${status}${response.statusText ? ` ${response.statusText}` : ''} without a RestException (${
      response.headers.get('content-type') ?? 'no content type'
    })`;
  return new ExotelError({
    kind,
    status,
    message: rest?.message ? `Exotel ${status}: ${rest.message}` : detail,
    mayHaveReachedExotel: true,
    ...(rest?.code !== undefined ? { code: rest.code } : {}),
    ...(reason ? { reason } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function kindForStatus(status: number): ExotelErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'payment';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

function forbiddenReason(message: string): ExotelForbiddenReason | undefined {
  if (/\bN?DNC\b|\bDND\b|do[\s-]?not[\s-]?(call|disturb)/i.test(message)) return 'ndnc';
  if (/\bKYC\b/i.test(message)) return 'kyc';
  return undefined;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
