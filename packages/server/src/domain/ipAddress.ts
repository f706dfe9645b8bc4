/** An IP address, as bytes (4 for IPv4, 16 for IPv6) and its canonical text. */
export interface IpAddress {
  bytes: number[];
  text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): IpAddress | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  if (bytes.some((b, i) => b > 255 || (m[i + 1]!.length > 1 && m[i + 1]!.startsWith('0'))))
    return undefined;
  return { bytes, text: bytes.join('.') };
}

function parseIpv6(text: string): IpAddress | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  let host: string;
  try {
    // The URL parser validates and compresses IPv6 the same way in every runtime.
    host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const [head = '', tail = ''] = host.split('::');
  const groups = (part: string) =>
    part
      ? part.split(':').flatMap((g) => {
          // The URL parser writes an embedded IPv4 as two hex groups already; this is a guard.
          const v4 = parseIpv4(g);
          return v4
            ? [(v4.bytes[0]! << 8) | v4.bytes[1]!, (v4.bytes[2]! << 8) | v4.bytes[3]!]
            : [Number.parseInt(g, 16)];
        })
      : [];
  const left = groups(head);
  const right = groups(tail);
  const words = host.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill(0), ...right]
    : left;
  if (words.length !== 8 || words.some((w) => Number.isNaN(w))) return undefined;
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d: it is that IPv4.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return { bytes: bytes.slice(12), text: bytes.slice(12).join('.') };
  return { bytes, text: host };
}

/**
 * Reads an address as proxies and sockets write it: `203.0.113.7`, `203.0.113.7:40017`
 * (Azure and others add the port), `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:443`,
 * quoted (RFC 7239 `for="[…]"`) or as an IPv4-mapped IPv6. Anything else (`unknown`,
 * obfuscated `_hidden` names, garbage) is `undefined`.
 */
export function parseIpAddress(value: string | undefined | null): IpAddress | undefined {
  if (!value) return undefined;
  let text = value.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return parseIpv6(bracketed[1]!);
  const withPort = /^([\d.]+):\d{1,5}$/.exec(text);
  if (withPort) text = withPort[1]!;
  return parseIpv4(text) ?? parseIpv6(text);
}

export interface Cidr {
  bytes: number[];
  prefix: number;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or one address (a /32 or /128). `undefined` when malformed. */
export function parseCidr(value: string): Cidr | undefined {
  const [address, bits, ...rest] = value.trim().split('/');
  const ip = parseIpAddress(address);
  if (!ip || rest.length > 0) return undefined;
  const max = ip.bytes.length * 8;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { bytes: ip.bytes, prefix };
}

/** Whether `ip` lies in `cidr` (IPv4 and IPv6 never match each other). */
export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.bytes.length !== cidr.bytes.length) return false;
  for (let bit = 0; bit < cidr.prefix; bit += 8) {
    const take = Math.min(8, cidr.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((ip.bytes[bit / 8]! & mask) !== (cidr.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

/** Where reverse proxies usually are: loopback, private and unique-local networks. */
export const PRIVATE_NETWORKS = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::1/128',
  'fc00::/7',
] as const;
