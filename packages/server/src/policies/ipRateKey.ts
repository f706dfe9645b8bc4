import { parseIpAddress } from '../domain/ipAddress.js';

/**
 * The rate-limit identity of an IP. One IPv6 subscriber gets a whole /64, so limits
 * count the /64, or a visitor could pick a fresh address per request.
 */
export function ipRateKey(ip: string | undefined): string {
  const address = parseIpAddress(ip);
  if (!address) return 'unknown';
  if (address.bytes.length === 4) return address.text;
  const words = [0, 2, 4, 6].map((i) =>
    ((address.bytes[i]! << 8) | address.bytes[i + 1]!).toString(16),
  );
  return `${words.join(':')}::/64`;
}
