/**
 * Whether two byte strings are equal, in time that depends on their length only (never on
 * where they first differ). Lengths here are public: hashes and tokens of fixed size.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
