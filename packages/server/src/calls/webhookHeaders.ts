import { hmacSha256Base64 } from '#crypto';

/**
 * The Standard Webhooks headers of one attempt: the signature is the base64 HMAC-SHA256,
 * keyed with the secret's bytes, of `id.timestamp.body`
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
 */
export async function webhookHeaders(
  key: Uint8Array,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  const signature = await hmacSha256Base64(key, `${id}.${timestampSeconds}.${body}`);
  return {
    'content-type': 'application/json',
    'user-agent': 'Ringback-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}
