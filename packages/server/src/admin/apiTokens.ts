// API tokens for scripts: `rbk_` and 32 random bytes; only their SHA-256 is configured.
import { sha256Base64url } from '#crypto';
import { base64url, base64urlDecode } from '../domain/callId.js';
import { equalBytes } from '../domain/equalBytes.js';
import type { ResolvedConsole } from '../domain/ResolvedConfig.js';

const API_TOKEN = /^rbk_[A-Za-z0-9_-]{43}$/;

async function sha256(text: string): Promise<Uint8Array> {
  return base64urlDecode(await sha256Base64url(text))!;
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** A fresh token and the `tokenHash` to configure for it. */
export async function newApiToken(): Promise<{ token: string; tokenHash: string }> {
  const token = `rbk_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { token, tokenHash: `sha256:${hex(await sha256(token))}` };
}

/**
 * The configured token `presented` is, if any. Its hash is compared with every configured
 * one in constant time, all of them each time, so timing tells nothing about which is close.
 */
export async function findApiToken(
  tokens: ResolvedConsole['apiTokens'],
  presented: string,
): Promise<ResolvedConsole['apiTokens'][number] | undefined> {
  if (!API_TOKEN.test(presented)) return undefined;
  const hash = await sha256(presented);
  let found: ResolvedConsole['apiTokens'][number] | undefined;
  for (const token of tokens) if (equalBytes(hash, token.hash) && !found) found = token;
  return found;
}
