/** How to make a good secret, said with every refusal. */
export const SECRET_HINT =
  'generate one with `openssl rand -base64 32` or `node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"`';

/**
 * Bits of entropy a secret must show, estimated from its characters (Shannon).
 *
 * The estimate runs low on short random strings: 32 hex characters from 16 random
 * bytes average about 117 bits, and fall under 96 once in 10,000 (the bar this had
 * before, which refused `openssl rand -hex 16` now and then). Under 72 they fall
 * about once in 2×10¹¹ (computed exactly over every letter count), while a secret
 * built from four or fewer different characters never reaches 72 at this length.
 */
const MIN_BITS = 72;

/**
 * Share of neighbouring characters that may repeat or step by one (`aaaabbbb…`,
 * `abcdefgh…`, `12345678…`) before a secret counts as a run. Random hex has three
 * quarters of its pairs like that about once in 2×10¹², base64 almost never.
 */
const MAX_STEP_SHARE = 3 / 4;

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

/** The share of neighbouring characters that are equal or one code point apart. */
export function stepShare(s: string): number {
  let pairs = 0;
  let steps = 0;
  let previous: number | undefined;
  for (const c of s) {
    const point = c.codePointAt(0) ?? 0;
    if (previous !== undefined) {
      pairs++;
      if (Math.abs(point - previous) <= 1) steps++;
    }
    previous = point;
  }
  return pairs === 0 ? 1 : steps / pairs;
}

/**
 * Why `secret` is too weak to sign callback tokens, or `undefined`. A secret must be
 * long, must not repeat a short unit (`passwordpassword…`), must not be a run
 * (`abcdefgh…`) and must look random: whatever `openssl rand` or `crypto.randomBytes`
 * makes passes (hex from 16 bytes up, base64 from 24), `aaaa…` or a word does not.
 */
export function weakSecretProblem(secret: string, minLength = 32): string | undefined {
  if (secret.length < minLength) return `must be at least ${minLength} characters; ${SECRET_HINT}`;
  if (
    period(secret) < secret.length ||
    stepShare(secret) >= MAX_STEP_SHARE ||
    estimatedBits(secret) < MIN_BITS
  )
    return `looks guessable (too few different characters, a repeated pattern or a run); ${SECRET_HINT}`;
  return undefined;
}
