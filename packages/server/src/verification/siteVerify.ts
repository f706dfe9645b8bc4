import type { VerificationContext, VerificationResult } from '../domain/Verifier.js';

/** What Turnstile, hCaptcha and reCAPTCHA's siteverify endpoints have in common. */
export interface SiteVerifyResponse {
  success?: boolean;
  'error-codes'?: string[];
  hostname?: string;
  action?: string;
  score?: number;
}

export interface SiteVerifyOptions {
  /** The provider's secret key. */
  secretKey: string;
  /** Override the provider's siteverify URL (tests, egress proxies). */
  endpoint?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 5000 */
  timeoutMs?: number;
  /** Refuse tokens solved on another hostname than the request's `Origin`. @default true */
  checkHostname?: boolean;
}

// Provider codes that mean "our request or their service failed", not "bad token":
// the visitor should retry rather than solve the challenge again.
const UNAVAILABLE_CODES = new Set([
  'internal-error',
  'missing-input-secret',
  'invalid-input-secret',
  'sitekey-secret-mismatch',
  'invalid-or-already-seen-response-secret',
]);

/**
 * POSTs a token to a siteverify endpoint (all three providers take the same form
 * fields) and turns the answer into a result. Never throws; never logs the secret.
 */
export async function siteVerify(
  endpoint: string,
  options: SiteVerifyOptions,
  token: string,
  context: VerificationContext,
  extraFields: Record<string, string> = {},
): Promise<{ result: VerificationResult; data?: SiteVerifyResponse }> {
  const form = new URLSearchParams({ secret: options.secretKey, response: token, ...extraFields });
  if (context.remoteIp) form.set('remoteip', context.remoteIp);
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  let data: SiteVerifyResponse;
  try {
    const response = await fetchImpl(
      new Request(endpoint, {
        method: 'POST',
        body: form,
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      }),
    );
    if (!response.ok) {
      await response.body?.cancel();
      return {
        result: { ok: false, reason: 'unavailable', errorCodes: [`http-${response.status}`] },
      };
    }
    data = (await response.json()) as SiteVerifyResponse;
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      result: {
        ok: false,
        reason: 'unavailable',
        errorCodes: [timedOut ? 'timeout' : 'network-error'],
      },
    };
  }
  if (!data || typeof data !== 'object') {
    return { result: { ok: false, reason: 'unavailable', errorCodes: ['malformed-response'] } };
  }
  const errorCodes = Array.isArray(data['error-codes']) ? data['error-codes'].map(String) : [];
  if (data.success !== true) {
    const unavailable = errorCodes.some((code) => UNAVAILABLE_CODES.has(code));
    return {
      result: {
        ok: false,
        reason: unavailable ? 'unavailable' : 'rejected',
        errorCodes: errorCodes.length ? errorCodes : ['not-successful'],
      },
      data,
    };
  }
  if (
    options.checkHostname !== false &&
    context.hostname &&
    typeof data.hostname === 'string' &&
    data.hostname.toLowerCase() !== context.hostname.toLowerCase()
  ) {
    return { result: { ok: false, reason: 'rejected', errorCodes: ['hostname-mismatch'] }, data };
  }
  return { result: { ok: true }, data };
}
