import { describe, expect, it } from 'vitest';
import { clientIp } from './clientIp.js';

const request = (headers: Record<string, string> = {}) => new Request('http://x/', { headers });

describe('clientIp', () => {
  it('uses the socket address unless a proxy header is trusted', () => {
    const spoofed = request({ 'x-forwarded-for': '198.51.100.1' });
    expect(clientIp(spoofed, '203.0.113.5', { trustProxy: undefined })).toBe('203.0.113.5');
    expect(clientIp(request(), '::ffff:203.0.113.5', { trustProxy: undefined })).toBe(
      '203.0.113.5',
    );
  });

  it('takes the address the nearest trusted proxy saw', () => {
    const req = request({ 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 10.0.0.2' });
    expect(clientIp(req, '10.0.0.3', { trustProxy: { header: 'x-forwarded-for', hops: 1 } })).toBe(
      '10.0.0.2',
    );
    expect(clientIp(req, '10.0.0.3', { trustProxy: { header: 'x-forwarded-for', hops: 2 } })).toBe(
      '203.0.113.7',
    );
    expect(clientIp(req, '10.0.0.3', { trustProxy: { header: 'x-forwarded-for', hops: 9 } })).toBe(
      '198.51.100.1',
    );
    expect(
      clientIp(request({ 'cf-connecting-ip': '2001:db8::1' }), undefined, {
        trustProxy: { header: 'cf-connecting-ip', hops: 1 },
      }),
    ).toBe('2001:db8::1');
  });

  it('falls back to the socket when the trusted header is missing', () => {
    expect(
      clientIp(request(), '203.0.113.5', { trustProxy: { header: 'x-real-ip', hops: 1 } }),
    ).toBe('203.0.113.5');
  });
});
