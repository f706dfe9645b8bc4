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

/**
 * Addresses a webhook must not reach unless its endpoint allows private networks: what
 * is not on the public internet, and cloud metadata services. Checked in order.
 */
const NON_PUBLIC: readonly [cidr: string, reason: string][] = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['100.64.0.0/10', 'shared (CGNAT)'],
  ['169.254.169.254/32', 'cloud metadata'],
  ['169.254.0.0/16', 'link-local'],
  ['192.0.0.0/24', 'IETF protocol'],
  ['198.18.0.0/15', 'benchmarking'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible'],
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['fc00::/7', 'unique-local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local'],
  ['ff00::/8', 'multicast'],
  ['64:ff9b:1::/48', 'local NAT64'],
];
const NON_PUBLIC_CIDRS = NON_PUBLIC.map(([cidr, reason]) => ({ cidr: parseCidr(cidr)!, reason }));
const NAT64 = parseCidr('64:ff9b::/96')!;
const SIX_TO_FOUR = parseCidr('2002::/16')!;

/**
 * Why `ip` is not a public address (`'loopback'`, `'private'`, `'cloud metadata'`, …), or
 * `undefined` when it is. IPv4-mapped IPv6 is read as its IPv4 (`parseIpAddress`), and the
 * IPv4 inside NAT64 and 6to4 addresses is checked too.
 */
export function nonPublicAddressReason(ip: IpAddress): string | undefined {
  const found = NON_PUBLIC_CIDRS.find(({ cidr }) => inCidr(ip, cidr));
  if (found) return found.reason;
  const embedded = inCidr(ip, NAT64)
    ? ip.bytes.slice(12)
    : inCidr(ip, SIX_TO_FOUR)
      ? ip.bytes.slice(2, 6)
      : undefined;
  if (!embedded) return undefined;
  const inner = nonPublicAddressReason({ bytes: embedded, text: embedded.join('.') });
  return inner && `${inner} (embedded IPv4)`;
}
