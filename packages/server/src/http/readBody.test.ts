import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from './readBody.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseJsonBytes', () => {
  it('reads UTF-8 JSON, null and falsy values included', () => {
    expect(parseJsonBytes(bytes('{"phone":"+91 98123 45678","name":"अनु"}'))).toEqual({
      value: { phone: '+91 98123 45678', name: 'अनु' },
    });
    expect(parseJsonBytes(bytes('null'))).toEqual({ value: null });
    expect(parseJsonBytes(bytes('0'))).toEqual({ value: 0 });
  });

  it('is undefined for anything else, and leaves the stack trace limit as it was', () => {
    const before = Error.stackTraceLimit;
    expect(parseJsonBytes(bytes('{"phone":'))).toBeUndefined();
    expect(parseJsonBytes(bytes(''))).toBeUndefined();
    expect(parseJsonBytes(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeUndefined();
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('x').stack).toContain('readBody.test.ts');
  });
});
