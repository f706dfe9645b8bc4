/** 18 random bytes = 144 bits: unguessable, and exactly 24 base64url characters. */
const ID_BYTES = 18;
export const CALL_ID = /^call_[A-Za-z0-9_-]{24}$/;

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** A new opaque call id, unrelated to anything Exotel knows. */
export function newCallId(): string {
  return `call_${base64url(crypto.getRandomValues(new Uint8Array(ID_BYTES)))}`;
}
