import { sha256Base64url } from '#crypto';
import type { CreateCallRequest } from '../policies/validateCreateCallBody.js';

/** What "the same request" means for a replay. The verification token is left out: a retry may carry a fresh one. */
export function fingerprint(input: CreateCallRequest): Promise<string> {
  const canonical = JSON.stringify([input.widgetId, input.phone, input.country ?? null]);
  // SHA-256, base64url: node:crypto on Node.js, Web Crypto in browsers.
  return sha256Base64url(canonical);
}
