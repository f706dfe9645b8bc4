// Operators' passwords: scrypt hashes in the configuration (`ringback-server hash-password`
// writes them), checked on the threadpool and compared in constant time.
import { scrypt } from '#admin-platform';
import { base64url, base64urlDecode } from '../domain/callId.js';
import { parseScryptHash, SCRYPT_DEFAULTS } from '../domain/consoleSchema.js';
import { equalBytes } from '../domain/equalBytes.js';

const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** The same password typed on different keyboards (composed or not) is one password. */
const normalize = (password: string) => password.normalize('NFC');

/** `scrypt$32768$8$1$<salt>$<key>`: a fresh 16-byte salt, a 32-byte key, base64url. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_DEFAULTS;
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const key = await scrypt(normalize(password), salt, { N, r, p, keyLength: KEY_BYTES });
  return `scrypt$${N}$${r}$${p}$${base64url(salt)}$${base64url(key)}`;
}

/** Whether `password` is the one `hash` was made from; `false` for anything that is not a hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const parsed = parseScryptHash(hash);
  const salt = parsed && base64urlDecode(parsed.salt);
  const expected = parsed && base64urlDecode(parsed.key);
  if (!parsed || !salt || !expected) return false;
  const { N, r, p } = parsed;
  const actual = await scrypt(normalize(password), salt, { N, r, p, keyLength: expected.length });
  return equalBytes(actual, expected);
}

/**
 * A hash no password matches (its key is random), with `like`'s cost: an unknown email is
 * checked against it, so the answer takes as long as for a known one.
 */
export function decoyHash(like: string | undefined): string {
  const { N, r, p } = parseScryptHash(like ?? '') ?? SCRYPT_DEFAULTS;
  const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));
  return `scrypt$${N}$${r}$${p}$${random(SALT_BYTES)}$${random(KEY_BYTES)}`;
}
