import { describe, expect, it } from 'vitest';
import { inCidr, parseCidr, parseIpAddress } from './ipAddress.js';

const text = (value: string) => parseIpAddress(value)?.text;

describe('parseIpAddress', () => {
  it('reads addresses with and without ports, brackets and quotes', () => {
    expect(text('203.0.113.7')).toBe('203.0.113.7');
    expect(text('203.0.113.7:40017')).toBe('203.0.113.7');
    expect(text(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(text('2001:db8::1')).toBe('2001:db8::1');
    expect(text('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(text('[2001:db8::1]')).toBe('2001:db8::1');
    expect(text('[2001:db8::1]:4711')).toBe('2001:db8::1');
    expect(text('"[2001:db8:cafe::17]:4711"')).toBe('2001:db8:cafe::17');
    expect(text('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(text('::1')).toBe('::1');
  });

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      'unknown',
      '_hidden',
      '203.0.113',
      '256.1.1.1',
      '203.0.113.07',
      '203:40017',
      'gggg::1',
      '1:2:3:4:5:6:7:8:9',
      '[203.0.113.7]',
      'example.com',
      '203.0.113.7:99999999',
    ])
      expect(parseIpAddress(bad), bad).toBeUndefined();
  });
});

describe('CIDRs', () => {
  const inside = (ip: string, cidr: string) => inCidr(parseIpAddress(ip)!, parseCidr(cidr)!);
  it('matches addresses by prefix, IPv4 and IPv6 apart', () => {
    expect(inside('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inside('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(inside('172.31.255.1', '172.16.0.0/12')).toBe(true);
    expect(inside('172.32.0.1', '172.16.0.0/12')).toBe(false);
    expect(inside('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(inside('203.0.113.8', '203.0.113.7')).toBe(false);
    expect(inside('fd12::1', 'fc00::/7')).toBe(true);
    expect(inside('2001:db8::1', 'fc00::/7')).toBe(false);
    expect(inside('::ffff:10.0.0.1', '10.0.0.0/8')).toBe(true);
    expect(inside('10.0.0.1', '::/0')).toBe(false);
    expect(inside('8.8.8.8', '0.0.0.0/0')).toBe(true);
  });

  it('refuses malformed CIDRs', () => {
    for (const bad of [
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      'nope/8',
      '::/129',
      '10.0.0.0/x',
    ])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
});
