import { describe, expect, it } from 'vitest';
import { inCidr, nonPublicAddressReason, parseCidr, parseIpAddress } from './ipAddress.js';

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

describe('nonPublicAddressReason', () => {
  const reason = (value: string) => nonPublicAddressReason(parseIpAddress(value)!);

  it('names loopback, private, shared, link-local, metadata, multicast and unspecified addresses', () => {
    expect(reason('127.0.0.1')).toBe('loopback');
    expect(reason('127.255.0.9')).toBe('loopback');
    expect(reason('10.1.2.3')).toBe('private');
    expect(reason('172.16.0.1')).toBe('private');
    expect(reason('172.31.255.255')).toBe('private');
    expect(reason('192.168.1.1')).toBe('private');
    expect(reason('100.64.0.1')).toBe('shared (CGNAT)');
    expect(reason('100.127.255.254')).toBe('shared (CGNAT)');
    expect(reason('169.254.169.254')).toBe('cloud metadata');
    expect(reason('169.254.1.1')).toBe('link-local');
    expect(reason('0.0.0.0')).toBe('unspecified');
    expect(reason('224.0.0.1')).toBe('multicast');
    expect(reason('255.255.255.255')).toBe('reserved');
    expect(reason('::')).toBe('unspecified');
    expect(reason('::1')).toBe('loopback');
    expect(reason('fd00:ec2::254')).toBe('cloud metadata');
    expect(reason('fd12:3456::1')).toBe('unique-local (private)');
    expect(reason('fc00::1')).toBe('unique-local (private)');
    expect(reason('fe80::1')).toBe('link-local');
    expect(reason('ff02::1')).toBe('multicast');
  });

  it('reads IPv4 inside IPv6: mapped, NAT64 and 6to4', () => {
    expect(reason('::ffff:127.0.0.1')).toBe('loopback');
    expect(reason('::ffff:169.254.169.254')).toBe('cloud metadata');
    expect(reason('::ffff:a9fe:a9fe')).toBe('cloud metadata');
    expect(reason('64:ff9b::10.0.0.1')).toBe('private (embedded IPv4)');
    expect(reason('2002:7f00:1::')).toBe('loopback (embedded IPv4)');
    expect(reason('64:ff9b::8.8.8.8')).toBeUndefined();
  });

  it('lets public addresses through', () => {
    for (const ok of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '169.255.0.1',
      '2606:4700::1111',
      '2001:4860:4860::8888',
    ])
      expect(reason(ok)).toBeUndefined();
  });
});
