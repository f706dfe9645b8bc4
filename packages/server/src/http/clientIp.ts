import { type Cidr, inCidr, parseIpAddress } from '../domain/ipAddress.js';

export interface ClientIpOptions {
  /**
   * Header set by trusted proxies; without it, the socket address is used. The header
   * counts only on requests whose peer is one of `from`.
   */
  trustProxy: { header: string; hops: number; from: readonly Cidr[] } | undefined;
}

/** The `for=` addresses of an RFC 7239 `Forwarded` header, nearest proxy last. */
function forwardedFor(value: string): string[] {
  return value.split(',').map((element) => {
    const pair = element
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.toLowerCase().startsWith('for='));
    return pair ? pair.slice(4) : '';
  });
}

/**
 * The visitor's IP. Anyone can send `X-Forwarded-For`, so the header is read only when
 * the socket peer is one of the trusted proxies (`trustProxy.from`); then the address
 * `hops` entries from the right is the one the nearest trusted proxy saw. An entry that
 * is not an address (`unknown`, garbage) does not count: the peer's own address does,
 * so such requests share the proxy's budget rather than getting fresh ones.
 */
export function clientIp(
  request: Request,
  socketAddress: string | undefined,
  options: ClientIpOptions,
): string | undefined {
  const peer = parseIpAddress(socketAddress);
  const trust = options.trustProxy;
  if (!trust || !peer || !trust.from.some((cidr) => inCidr(peer, cidr))) return peer?.text;
  const value = request.headers.get(trust.header);
  if (!value) return peer.text;
  const entries = trust.header === 'forwarded' ? forwardedFor(value) : value.split(',');
  return parseIpAddress(entries[Math.max(0, entries.length - trust.hops)])?.text ?? peer.text;
}
