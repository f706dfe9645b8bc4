import { describe, expect, it } from 'vitest';
import { ipRateKey } from './ipRateKey.js';

describe('ipRateKey', () => {
  it('keeps IPv4 and groups IPv6 by /64', () => {
    expect(ipRateKey('203.0.113.5')).toBe('203.0.113.5');
    expect(ipRateKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(ipRateKey('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(ipRateKey('2001:0db8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(ipRateKey('::1')).toBe('0:0:0:0::/64');
    expect(ipRateKey(undefined)).toBe('unknown');
  });
});
