import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { CALL_ID, newCallId } from '../domain/callId.js';
import { createCallbackTokens, VERIFIED_TOKENS_KEPT } from './callbackToken.js';

// Counts the HMACs computed: a remembered token must not cost one.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, createHmac: vi.fn(actual.createHmac) };
});

const secret = 'a'.repeat(32);
const older = 'b'.repeat(32);

describe('call ids', () => {
  it('are opaque, well-formed and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newCallId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(CALL_ID);
  });
});

describe('callback tokens', () => {
  it('verify for their own call only', async () => {
    const tokens = createCallbackTokens([secret]);
    const token = await tokens.sign('call_one');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await tokens.verify('call_one', token)).toBe(true);
    expect(await tokens.verify('call_two', token)).toBe(false);
  });

  it('refuse tampered, truncated and malformed tokens', async () => {
    const tokens = createCallbackTokens([secret]);
    const token = await tokens.sign('call_one');
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [flipped, token.slice(0, 20), '', 'not a token!', `${token}AA`]) {
      expect(await tokens.verify('call_one', bad)).toBe(false);
    }
  });

  it('refuse tokens signed with another secret, but accept previous secrets during rotation', async () => {
    const old = createCallbackTokens([older]);
    const token = await old.sign('call_one');
    expect(await createCallbackTokens([secret]).verify('call_one', token)).toBe(false);
    const rotated = createCallbackTokens([secret, older]);
    expect(await rotated.verify('call_one', token)).toBe(true);
    expect(await rotated.verify('call_one', await rotated.sign('call_one'))).toBe(true);
    expect(await rotated.sign('call_one')).toBe(
      await createCallbackTokens([secret]).sign('call_one'),
    );
  });

  it('remember a verified token, so the next callbacks of its attempt skip the HMAC', async () => {
    const tokens = createCallbackTokens([secret]);
    const token = await tokens.sign('call_one');
    vi.mocked(createHmac).mockClear();
    expect(await tokens.verify('call_one', token)).toBe(true);
    expect(createHmac).toHaveBeenCalledTimes(1);
    expect(await tokens.verify('call_one', token)).toBe(true);
    expect(await tokens.verify('call_one', token)).toBe(true);
    expect(createHmac).toHaveBeenCalledTimes(1);
    // A wrong token for a remembered subject always meets the full check, and a
    // remembered token vouches for its own subject only.
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(await tokens.verify('call_one', flipped)).toBe(false);
    expect(createHmac).toHaveBeenCalledTimes(2);
    expect(await tokens.verify('call_two', token)).toBe(false);
    expect(createHmac).toHaveBeenCalledTimes(3);
    // Refused tokens are never remembered: each guess costs its HMAC.
    expect(await tokens.verify('call_one', flipped)).toBe(false);
    expect(createHmac).toHaveBeenCalledTimes(4);
  });

  it('still accept the previous secret for a subject remembered with the current one', async () => {
    const rotated = createCallbackTokens([secret, older]);
    const current = await rotated.sign('call_one');
    const previous = await createCallbackTokens([older]).sign('call_one');
    expect(await rotated.verify('call_one', current)).toBe(true);
    expect(await rotated.verify('call_one', previous)).toBe(true);
    expect(await rotated.verify('call_one', current)).toBe(true);
  });

  it(`remember at most ${VERIFIED_TOKENS_KEPT} tokens, forgetting the oldest first`, async () => {
    const tokens = createCallbackTokens([secret]);
    const subjects = Array.from({ length: VERIFIED_TOKENS_KEPT + 1 }, (_, i) => `call_${i}`);
    const signed = await Promise.all(subjects.map((s) => tokens.sign(s)));
    for (const [i, subject] of subjects.entries())
      expect(await tokens.verify(subject, signed[i]!)).toBe(true);
    vi.mocked(createHmac).mockClear();
    expect(await tokens.verify(subjects.at(-1)!, signed.at(-1)!)).toBe(true);
    expect(await tokens.verify(subjects[1]!, signed[1]!)).toBe(true);
    expect(createHmac).toHaveBeenCalledTimes(0);
    expect(await tokens.verify(subjects[0]!, signed[0]!)).toBe(true);
    expect(createHmac).toHaveBeenCalledTimes(1);
  });
});
