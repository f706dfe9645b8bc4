export interface ClientIpOptions {
  /** Header set by a trusted proxy; without it, the socket address is used. */
  trustProxy: { header: string; hops: number } | undefined;
}

/**
 * The visitor's IP. Headers are trusted only when configured, since anyone can send
 * `X-Forwarded-For`; with it, the address `hops` entries from the right is the one the
 * nearest trusted proxy saw.
 */
export function clientIp(
  request: Request,
  socketAddress: string | undefined,
  options: ClientIpOptions,
): string | undefined {
  if (!options.trustProxy) return normalizeIp(socketAddress);
  const value = request.headers.get(options.trustProxy.header);
  if (!value) return normalizeIp(socketAddress);
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return normalizeIp(list[Math.max(0, list.length - options.trustProxy.hops)]);
}

function normalizeIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const trimmed = ip.replace(/^\[|\]$/g, '');
  // IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d.
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}
