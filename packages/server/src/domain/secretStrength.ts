/** How to make a good secret, said with every refusal. */
export const SECRET_HINT =
  'generate one with `openssl rand -base64 32` or `node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"`';

/** Bits of entropy a secret must show, estimated from its characters (Shannon). */
const MIN_BITS = 96;

/** The shortest unit `s` is a repetition of (`s.length` when it repeats nothing). */
function period(s: string): number {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return n;
  }
  return s.length;
}

/** Estimated bits: length × the Shannon entropy of its character frequencies. */
export function estimatedBits(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / s.length) * Math.log2(n / s.length);
  return perChar * s.length;
}

/**
 * Why `secret` is too weak to sign callback tokens, or `undefined`. A secret must be
 * long, must not repeat a short unit (`passwordpassword…`) and must look random (a
 * 128-bit hex or base64 secret passes; `aaaa…` or a word does not).
 */
export function weakSecretProblem(secret: string, minLength = 32): string | undefined {
  if (secret.length < minLength) return `must be at least ${minLength} characters; ${SECRET_HINT}`;
  if (
    period(secret) < secret.length ||
    new Set(secret).size < 10 ||
    estimatedBits(secret) < MIN_BITS
  )
    return `looks guessable (too few different characters, or a repeated pattern); ${SECRET_HINT}`;
  return undefined;
}
