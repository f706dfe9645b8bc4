import { describe, expect, it } from 'vitest';
import { CALL_ID, newCallId } from '../domain/callId.js';
import { createCallbackTokens } from './callbackToken.js';

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
});
