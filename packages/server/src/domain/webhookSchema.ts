// The `webhooks` part of the configuration: where call events are POSTed, signed per
// Standard Webhooks (https://www.standardwebhooks.com).
import * as v from 'valibot';
import { flag, list, oneOf, strict, text } from './configRules.js';
import { WEBHOOK_EVENT_TYPES } from './webhooks.js';

/** Standard Webhooks' secret prefix. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const MIN_SECRET_BYTES = 24;
const SECRET_HINT = 'generate one with: echo "whsec_$(openssl rand -base64 32)"';

/** The secret's key bytes: the base64 after `whsec_`, or `undefined` when it is not one. */
export function webhookSecretKey(secret: string): Uint8Array | undefined {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return undefined;
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

// Never quotes the value: it is a secret.
function secretProblem(secret: string): string | undefined {
  const key = webhookSecretKey(secret);
  if (!key)
    return `must be a Standard Webhooks secret: "${WEBHOOK_SECRET_PREFIX}" followed by base64; ${SECRET_HINT}`;
  if (key.length < MIN_SECRET_BYTES)
    return `must decode to at least ${MIN_SECRET_BYTES} random bytes (this one has ${key.length}); ${SECRET_HINT}`;
  return undefined;
}

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'must be an https URL (http too with allowPrivateNetwork)';
  if (url.username || url.password)
    return 'must not contain credentials (sign with secret instead)';
  return undefined;
}

export const webhookEndpointSchema = strict(
  {
    /**
     * Where each event is POSTed as JSON. https; plain http only with `allowPrivateNetwork`.
     * Example: `'https://crm.example.com/hooks/ringback'`.
     */
    url: text(urlProblem),
    /**
     * The Standard Webhooks signing secret, `whsec_` and the base64 of at least 24 random
     * bytes (`echo "whsec_$(openssl rand -base64 32)"`); never logged.
     */
    secret: text(secretProblem),
    /** The event types sent to this endpoint. @default every type */
    events: v.optional(
      list(
        oneOf(WEBHOOK_EVENT_TYPES),
        `must be a non-empty list of event types (${WEBHOOK_EVENT_TYPES.join(', ')})`,
      ),
    ),
    /**
     * Deliver to loopback, private, link-local and other non-public addresses (refused
     * otherwise, after DNS resolution, on every delivery), and over plain http. For an
     * endpoint on your own network. @default false
     */
    allowPrivateNetwork: v.optional(flag(), false),
  },
  (endpoint) =>
    typeof endpoint.url === 'string' &&
    endpoint.url.startsWith('http:') &&
    endpoint.allowPrivateNetwork !== true
      ? [
          {
            path: ['url'],
            message:
              'must be an https URL; plain http only with allowPrivateNetwork: true (an endpoint on your own network)',
          },
        ]
      : [],
);
