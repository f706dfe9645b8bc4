import { describe, expect, it } from 'vitest';
import { type Cidr, PRIVATE_NETWORKS, parseCidr } from '../domain/ipAddress.js';
import { clientIp } from './clientIp.js';

const request = (headers: Record<string, string> = {}) => new Request('http://x/', { headers });
const cidrs = (...list: string[]): Cidr[] => list.map((c) => parseCidr(c)!);
const trust = (header: string, hops = 1, from = cidrs(...PRIVATE_NETWORKS)) => ({
  trustProxy: { header, hops, from },
});

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
    expect(clientIp(req, '10.0.0.3', trust('x-forwarded-for', 1))).toBe('10.0.0.2');
    expect(clientIp(req, '10.0.0.3', trust('x-forwarded-for', 2))).toBe('203.0.113.7');
    expect(clientIp(req, '10.0.0.3', trust('x-forwarded-for', 9))).toBe('198.51.100.1');
    expect(
      clientIp(
        request({ 'cf-connecting-ip': '2001:db8::1' }),
        '127.0.0.1',
        trust('cf-connecting-ip'),
      ),
    ).toBe('2001:db8::1');
  });

  it('ignores the header from a peer that is not a trusted proxy', () => {
    const spoofed = request({ 'x-forwarded-for': '198.51.100.1' });
    // The bin reached directly from the internet: whatever the header says.
    expect(clientIp(spoofed, '203.0.113.5', trust('x-forwarded-for'))).toBe('203.0.113.5');
    const only = trust('x-forwarded-for', 1, cidrs('192.0.2.10'));
    expect(clientIp(spoofed, '192.0.2.10', only)).toBe('198.51.100.1');
    expect(clientIp(spoofed, '192.0.2.11', only)).toBe('192.0.2.11');
    expect(clientIp(spoofed, undefined, only)).toBeUndefined();
  });

  it('reads ip:port, bracketed IPv6 and RFC 7239 Forwarded', () => {
    const xff = (value: string) =>
      clientIp(request({ 'x-forwarded-for': value }), '10.0.0.3', trust('x-forwarded-for'));
    expect(xff('203.0.113.7:40017')).toBe('203.0.113.7');
    expect(xff('[2001:db8::17]:4711')).toBe('2001:db8::17');
    const forwarded = (value: string) =>
      clientIp(request({ forwarded: value }), '10.0.0.3', trust('forwarded'));
    expect(forwarded('for=192.0.2.60;proto=http;by=203.0.113.43')).toBe('192.0.2.60');
    expect(forwarded('for=198.51.100.1, for="[2001:db8:cafe::17]:4711"')).toBe('2001:db8:cafe::17');
    expect(forwarded('For="203.0.113.9:80"')).toBe('203.0.113.9');
  });

  it('counts what is not an address as the proxy itself', () => {
    for (const junk of ['unknown', '_hidden', 'garbage', '203:40017', ''])
      expect(
        clientIp(request({ 'x-forwarded-for': junk }), '10.0.0.3', trust('x-forwarded-for')),
        junk,
      ).toBe('10.0.0.3');
    expect(clientIp(request({ forwarded: 'for=unknown' }), '10.0.0.3', trust('forwarded'))).toBe(
      '10.0.0.3',
    );
  });

  it('falls back to the socket when the trusted header is missing', () => {
    expect(clientIp(request(), '10.0.0.5', trust('x-real-ip'))).toBe('10.0.0.5');
  });
});
