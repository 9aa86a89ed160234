/** Where the address of a request can come from. */
export interface AddressSources {
  /** The TCP peer's address, when the runtime exposes it (Node, Deno). */
  readonly connection: string | undefined;
  /** The `X-Forwarded-For` header, as received. */
  readonly forwardedFor: string | undefined;
  /** The `CF-Connecting-IP` header, which Cloudflare's edge sets (and overwrites). */
  readonly cfConnectingIp: string | undefined;
}

/** How far the deployment trusts what is in front of it. */
export interface AddressTrust {
  /**
   * How many proxies of ours append to `X-Forwarded-For`: the client is the N-th address
   * from the right. 0 (the default) ignores the header, which any client can write.
   */
  readonly trustProxyHops: number;
  /** Running on Cloudflare's edge, where `CF-Connecting-IP` is the platform's word. */
  readonly edge: boolean;
}

/**
 * The client's address: with `trustProxyHops` N > 0, the N-th address from the right of
 * `X-Forwarded-For` (the leftmost one when the header has fewer); at the edge,
 * `CF-Connecting-IP`; else the connection's address; `'unknown'` when none is known.
 *
 * @example
 * clientAddress({ connection: '127.0.0.1', forwardedFor: '192.0.2.1, 198.51.100.7', cfConnectingIp: undefined },
 *   { trustProxyHops: 1, edge: false }); // '198.51.100.7'
 */
export function clientAddress(sources: AddressSources, trust: AddressTrust): string {
  if (trust.trustProxyHops > 0 && sources.forwardedFor !== undefined) {
    const hops = sources.forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '');
    const address = hops[Math.max(0, hops.length - trust.trustProxyHops)];
    if (address !== undefined) return address;
  }
  if (trust.edge && sources.cfConnectingIp) return sources.cfConnectingIp.trim();
  return sources.connection ?? 'unknown';
}

const HEXTET = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * What abuse limits count an address as: an IPv6 address's /64, the network one subscriber
 * is given (a client there can take any of its 2^64 addresses, so counting per address
 * would let a script step around every limit); an IPv4-mapped IPv6 address as its IPv4
 * address; an IPv4 address, `'unknown'` or anything unparsable as it is.
 *
 * @example
 * addressBlock('2001:db8:1:2::1'); // '2001:db8:1:2::/64'
 * addressBlock('2001:db8:1:2:aaaa::9'); // '2001:db8:1:2::/64'
 * addressBlock('::ffff:192.0.2.1'); // '192.0.2.1'
 */
export function addressBlock(address: string): string {
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0] ?? address;
  const halves = bare.split('::');
  if (halves.length > 2) return address;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const last = halves.length === 2 ? tail : head;
  const ipv4 = last.at(-1)?.includes('.') ? last.pop() : undefined;
  if (ipv4 !== undefined && !IPV4.test(ipv4)) return address;
  const width = 8 - (ipv4 === undefined ? 0 : 2);
  const missing = width - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return address;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!groups.every((group) => HEXTET.test(group))) return address;
  const values = groups.map((group) => parseInt(group, 16));
  if (values.slice(0, 5).every((v) => v === 0) && values[5] === 0xffff) {
    // IPv4-mapped, dotted (`::ffff:192.0.2.1`) or in hex (`::ffff:c000:201`).
    const [high = 0, low = 0] = values.slice(6);
    return ipv4 ?? [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${values
    .slice(0, 4)
    .map((v) => v.toString(16))
    .join(':')}::/64`;
}
